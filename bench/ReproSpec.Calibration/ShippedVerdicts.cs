using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Execution;
using ReproSpec.Planning;
using ReproSpec.Reports;
using ReproSpec.Snapshots;
using ReproSpec.Store;

namespace ReproSpec.Calibration;

/// <summary>
/// Re-decides the shipped claims on the per-seed values their committed snapshots hold, through <see cref="ClaimDecider"/>
/// (the path a real claim takes), once per machine environment's accepted values: a change to a default that would flip a
/// shipped verdict shows here before it is committed.
/// </summary>
static class ShippedVerdicts
{
    /// <summary>Prints one line per claim and environment; returns 1 when any verdict differs from the recorded one.</summary>
    public static int Check(string claimsDll, string? snapshotRoot)
    {
        var discovery = ClaimDiscovery.Discover(ClaimsAssembly.Load(claimsDll));
        var root = snapshotRoot ?? Path.Combine(RepositoryRoot(), "claims", "ReproSpec.Claims");
        var differ = 0;
        foreach (var method in discovery.Claims.GroupBy(c => c.Test))
        {
            var parts = method.Key.Split('.');
            var file = Path.Combine(root, $"{parts[^2]}.{parts[^1]}{SnapshotFiles.VerifiedSuffix}");
            if (!File.Exists(file))
            {
                Console.WriteLine($"{method.Key}: no snapshot {file}");
                continue;
            }
            var claims = method.ToList();
            var recorded = PreRegistration.Match(ReportJson.ReadSnapshot(file), claims.Select(c => c.Declaration.Sentence).ToList());
            for (var i = 0; i < claims.Count; i++)
            {
                if (recorded[i] is not { } snapshot) continue;
                foreach (var (environment, values) in Environments(snapshot))
                {
                    string line;
                    try
                    {
                        var outcome = Decide(claims[i].Declaration, claims[i].Settings, values);
                        var same = outcome.Verdict == snapshot.Verdict;
                        if (!same) differ++;
                        line = $"{(same ? "same" : "DIFFERS")}: recorded {snapshot.Verdict}, now {outcome.Verdict} at {outcome.SeedsPerArm} seeds: {outcome.Reason}";
                    }
                    catch (Exception e) when (e is MissingSeedException or ClaimDeclarationException)
                    {
                        differ++;
                        line = $"DIFFERS: recorded {snapshot.Verdict}, now not decidable on the recorded seeds: {e.Message}";
                    }
                    Console.WriteLine($"{parts[^2]}.{parts[^1]} [{environment}] \"{snapshot.Sentence}\": {line}");
                }
            }
        }
        Console.WriteLine(differ == 0 ? "Every shipped verdict holds." : $"{differ} shipped verdict(s) would change.");
        return differ == 0 ? 0 : 1;
    }

    /// <summary>Each machine environment's per-seed values of every arm, by arm name.</summary>
    static IEnumerable<(string Environment, Dictionary<string, Dictionary<int, double>> Values)> Environments(ClaimSnapshot snapshot)
    {
        var ids = snapshot.Arms.SelectMany(a => a.Environments.Concat(a.AcceptedSets.SelectMany(s => s.Environments))).Distinct().Order().ToList();
        if (ids.Count == 0) ids.Add("");
        foreach (var id in ids)
        {
            var values = new Dictionary<string, Dictionary<int, double>>();
            foreach (var arm in snapshot.Arms)
            {
                var set = arm.AcceptedSets.FirstOrDefault(s => s.Environments.Contains(id));
                var (seeds, armValues) = set is null ? (arm.Seeds, arm.Values) : (set.Seeds, set.Values);
                values[arm.Name] = seeds.Zip(armValues).ToDictionary(p => p.First, p => p.Second);
            }
            yield return (id, values);
        }
    }

    static ClaimOutcome Decide(ClaimDeclaration claim, ClaimSettings settings, Dictionary<string, Dictionary<int, double>> values)
    {
        var metric = MetricOf(claim);
        var names = ArmNames(claim, settings);
        var decider = new ClaimDecider((requests, _) =>
        {
            var records = requests.Select(request =>
            {
                var name = names[(request.Experiment, string.Join(",", request.FixedSources))];
                if (!values.TryGetValue(name, out var bySeed) || !bySeed.TryGetValue(request.Seed, out var value))
                    throw new MissingSeedException($"{name}: seed {request.Seed} is not in the snapshot");
                return new RunRecord
                {
                    Key = $"{name}/{request.Seed}",
                    Experiment = name,
                    ExperimentType = request.Experiment.GetType().Name,
                    Parameters = "",
                    Seed = request.Seed,
                    FixedSources = request.FixedSources,
                    Status = double.IsFinite(value) ? RunStatus.Succeeded : RunStatus.Diverged,
                    Metrics = new Dictionary<string, double> { [metric] = value },
                };
            }).ToList();
            return Task.FromResult(new RunBatch(records, records.Count, 0, TimeSpan.Zero));
        });
        return decider.DecideAsync(claim, settings).GetAwaiter().GetResult();
    }

    /// <summary>The snapshot's arm name for each (experiment, fixed sources) a request can carry.</summary>
    static Dictionary<(Experiment, string), string> ArmNames(ClaimDeclaration claim, ClaimSettings settings)
    {
        var names = new Dictionary<(Experiment, string), string>();
        var fixedSources = string.Join(",", settings.FixedSources);
        switch (claim)
        {
            case HoldsAcrossClaim across:
                foreach (var (condition, inner) in across.Conditions)
                foreach (var arm in inner.Arms)
                    names[(arm.Experiment, fixedSources)] = $"{condition}: {arm.Name}";
                break;
            case VarianceBySourceClaim variance:
                foreach (var source in new[] { variance.Source, variance.Baseline })
                    names[(variance.Arm.Experiment, string.Join(",", variance.FixedWhileVarying(source, settings.FixedSources)))] = $"{variance.Arm.Name} ({source} varies)";
                break;
            default:
                foreach (var arm in claim.Arms)
                    names[(arm.Experiment, fixedSources)] = arm.Name;
                break;
        }
        return names;
    }

    static string MetricOf(ClaimDeclaration claim) => claim switch
    {
        HoldsAcrossClaim across => MetricOf(across.Conditions[0].Claim),
        BeatsClaim c => c.Metric.Name,
        NotWorseClaim c => c.Metric.Name,
        ThresholdClaim c => c.Metric.Name,
        EquivalenceClaim c => c.Metric.Name,
        ReproducesClaim c => c.Metric.Name,
        RanksClaim c => c.Metric.Name,
        StableClaim c => c.Metric.Name,
        VarianceBySourceClaim c => c.Metric.Name,
        _ => throw new InvalidOperationException($"no metric known for {claim.GetType().Name}"),
    };

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ReproSpec.sln")))
                return dir.FullName;
        throw new InvalidOperationException("ReproSpec.sln not found above the program; pass --snapshots.");
    }

    sealed class MissingSeedException(string message) : Exception(message);
}

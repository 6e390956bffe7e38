using System.Diagnostics;
using System.Globalization;
using ReproSpec.Claims;
using ReproSpec.Decisions.Rules;
using ReproSpec.Execution;
using ReproSpec.Planning;
using ReproSpec.Store;
using CombinationTest = ReproSpec.Statistics.CombinationTest;
using LookStatistic = ReproSpec.Statistics.LookStatistic;

namespace ReproSpec.Decisions;

/// <summary>
/// Decides a declared claim: asks for the runs of each look (MinSeeds, then a batch more, up to MaxSeeds),
/// weighs the evidence, and stops at the first look the sequential rule decides.
/// </summary>
public sealed class ClaimDecider
{
    readonly Func<IReadOnlyList<RunRequest>, CancellationToken, Task<RunBatch>> runs;

    public ClaimDecider(Func<IReadOnlyList<RunRequest>, CancellationToken, Task<RunBatch>> runs)
    {
        this.runs = runs;
    }

    public ClaimDecider(RunEngine engine, IProgress<RunProgress>? progress = null)
        : this((requests, cancellation) => engine.EnsureAsync(requests, progress, cancellation)) { }

    /// <summary>
    /// Whether an Inconclusive outcome plans its continuation (<see cref="ClaimOutcome.SeedsToDecide"/> and the advice
    /// in its reason). On by default; simulations that decide a claim thousands of times for its error rates turn it
    /// off, since a paired or one-sample t plan calibrates the candidate designs' levels.
    /// </summary>
    public bool PlansContinuations { get; init; } = true;

    /// <summary>Every problem with a claim and its settings, found before anything trains.</summary>
    public static IReadOnlyList<string> Problems(ClaimDeclaration claim, ClaimSettings settings)
    {
        var problems = settings.Problems().Concat(claim.Problems()).ToList();
        var rule = ClaimRules.For(claim);
        problems.AddRange(rule.SameNames(claim));
        problems.AddRange(rule.Problems(claim, settings));
        // Before any run key is computed: a parameter that cannot be written as JSON would throw there instead.
        problems.AddRange(claim.Arms.Select(a => a.Experiment).Distinct().SelectMany(ExperimentParameters.Problems));
        // The data fingerprint enters every key: a data file that is missing or altered is said here, before anything trains.
        problems.AddRange(claim.Arms.Select(a => a.Experiment).Distinct().SelectMany(DataProblems));
        if (settings.Continues is not null && !rule.Continues(claim))
            problems.Add($"Continues: a combined continuation is offered for Beats, NotWorse and mean threshold claims, whose Inconclusive message plans it; a {claim.GetType().Name} is continued as a new claim on fresh seeds.");
        if (problems.Count == 0) problems.AddRange(SeedPlanning.Unsupportable(claim, settings));
        return problems;
    }

    static IEnumerable<string> DataProblems(Experiment experiment)
    {
        try
        {
            _ = experiment.DataFingerprint;
            return [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            return [$"experiment {experiment.Name}: its data cannot be used: {e.Message}"];
        }
    }

    internal static IEnumerable<string> DuplicateNames(IReadOnlyList<Arm> arms) =>
        arms.Distinct().GroupBy(a => a.Name).Where(g => g.Count() > 1)
            .Select(g => $"two different arms are both named \"{g.Key}\": name each arm with .As(\"…\").");

    public async Task<ClaimOutcome> DecideAsync(ClaimDeclaration claim, ClaimSettings settings, CancellationToken cancellation = default)
    {
        var problems = Problems(claim, settings);
        if (problems.Count > 0)
            throw new ClaimDeclarationException(string.Join(" ", problems));

        var clock = Stopwatch.StartNew();
        var arms = claim.Arms.Distinct().ToList();
        var looks = settings.Looks();
        var rule = SequentialRule.For(settings, claim);
        var statistic = EvidenceRules.StatisticOf(claim, settings);
        var started = DateTimeOffset.UtcNow;
        for (var look = 0; ; look++)
        {
            var n = looks[look];
            Evidence evidence;
            IReadOnlyList<ArmResult> armResults;
            RunBatch batch;
            if (claim is VarianceBySourceClaim variance)
            {
                // Each source gets its own runs (the same experiment with different sources held fixed).
                var bySource = VarianceBySource.Requests(variance, settings, n);
                batch = await runs(bySource.Select(r => r.Request).ToList(), cancellation).ConfigureAwait(false);
                evidence = VarianceBySource.Assess(variance, settings, bySource, batch.Records, out armResults);
            }
            else
            {
                var requests = arms.SelectMany(arm => settings.SeedNumbers(n).Select(seed => new RunRequest(arm.Experiment, seed, settings.FixedSources))).ToList();
                batch = await runs(requests, cancellation).ConfigureAwait(false);
                var records = requests.Zip(batch.Records).GroupBy(p => p.First.Experiment)
                    .ToDictionary(g => g.Key, g => (IReadOnlyList<RunRecord>)g.Select(p => p.Second).ToList());
                evidence = ClaimRules.For(claim).AssessRecords(claim, settings, statistic, arms, records, rule.Level(n), out armResults);
                if (settings.Continues is { } earlier && evidence.Undecidable is null) evidence = Combined(evidence, earlier);
            }
            var isLast = look == looks.Count - 1;
            // Too few usable runs: an earlier look goes on to more seeds; the last look has no test to run.
            if (evidence.Undecidable is { } why && isLast) throw new ClaimDeclarationException(why);
            var decision = rule.Decide(n, evidence);
            if (decision.Verdict is null && !isLast) continue;

            var final = decision.Verdict ?? Verdict.Inconclusive;
            return new ClaimOutcome
            {
                Claim = claim,
                Settings = settings,
                Verdict = final,
                Reason = Reason(final, evidence, settings, statistic, decision, n, look, looks.Count, PlansContinuations) + (evidence.Note is { } note ? "; " + note : "")
                         + (Assumptions.Of(evidence) is { } assumption ? "; rests on: " + assumption : "")
                         + RunAccount(armResults, settings.Divergence),
                Arms = armResults,
                Test = evidence.Test,
                PSupport = evidence.PSupport,
                PRefute = evidence.PRefute,
                Threshold = decision.SupportLevel,
                Effects = evidence.Effects,
                SeedsPerArm = n,
                Looks = look + 1,
                SeedsToDecide = final == Verdict.Inconclusive && PlansContinuations ? evidence.SeedsToDecide : null,
                Parts = decision.Parts,
                Runs = batch.Records,
                // Each look asks again for the earlier looks' seeds: count distinct runs, and call a run trained
                // when it finished after this claim started (earlier ones came from the store or another claim).
                RunsTrained = batch.Records.DistinctBy(r => r.Key).Count(r => r.FinishedAt >= started),
                RunsCached = batch.Records.DistinctBy(r => r.Key).Count(r => r.FinishedAt < started),
                WallTime = clock.Elapsed,
            };
        }
    }

    /// <summary>
    /// A continuation's evidence: each direction's p-value combined with the earlier attempt's by the weighted inverse normal
    /// (weights fixed by the earlier design's planned sizes), so that the two attempts together keep each error ≤ α.
    /// </summary>
    static Evidence Combined(Evidence fresh, EarlierAttempt earlier)
    {
        var w = earlier.FirstWeight;
        var pSupport = CombinationTest.InverseNormal(earlier.PSupport, fresh.PSupport, w);
        var pRefute = CombinationTest.InverseNormal(earlier.PRefute, fresh.PRefute, w);
        var note = string.Create(CultureInfo.InvariantCulture,
            $"combined with the earlier attempt (p(for) = {earlier.PSupport:G3}, p(against) = {earlier.PRefute:G3} on {earlier.SeedsPerArm} seeds per arm) by the inverse normal with weights {w:G3} and {Math.Sqrt(1 - w * w):G3}; "
            + $"these fresh seeds alone: p(for) = {fresh.PSupport:G3}, p(against) = {fresh.PRefute:G3}; judged at the {earlier.Level:G3} the earlier attempt kept back, the two attempts together keep each error ≤ α");
        return fresh with { PSupport = pSupport, PRefute = pRefute, Note = fresh.Note is { } n ? n + "; " + note : note, SeedsPlan = new(() => null) };
    }

    internal static Dictionary<Arm, ArmResult> Values(ClaimDeclaration claim, ClaimSettings settings, IReadOnlyList<Arm> arms,
        IReadOnlyDictionary<Experiment, IReadOnlyList<RunRecord>> records)
    {
        var rule = ClaimRules.For(claim);
        var metric = rule.MetricOf(claim, records);
        var results = arms.Select(a => ArmValues.Extract(a, metric, records[a.Experiment], settings.Divergence)).ToList();
        if (settings.Divergence == DivergencePolicy.CountAsWorst) results = ArmValues.Worst(results, metric).ToList();
        // No finite value in any arm leaves nothing to compare: said here, once, for every path (dotnet test, plan, run),
        // rather than as a statistics function's ArgumentException about a non-finite sample.
        // (Under Exclude the diverged runs are dropped: an earlier look with too few usable runs decides nothing and the claim goes on.)
        if (!rule.ReadsRunStatus && settings.Divergence != DivergencePolicy.Exclude
            && results.Count > 0 && results.All(r => !r.Values.Any(double.IsFinite)) && results.Any(r => r.Diverged > 0))
            throw new ClaimDeclarationException(
                $"every run of {string.Join(" and ", arms.Select(a => a.Name))} diverged or failed ({metric.Name} NaN or infinite on every seed): there is nothing to compare. " +
                "Fix the training (learning rate, initialisation) and delete those runs from the store, or declare Claim.That(arm).DivergesAtMost(…) if divergence is the claim.");
        return arms.Zip(results).ToDictionary(p => p.First, p => p.Second);
    }

    static string Reason(Verdict verdict, Evidence evidence, ClaimSettings settings, LookStatistic statistic, LookDecision decision, int n, int look, int looks, bool plan)
    {
        string At(double level) => looks > 1
            ? $" at look {look + 1} of {looks} ({n} seeds per arm, {ClaimSettings.SpendingName(settings.SpendingUsed)} nominal level {level:G3})"
            : settings.Continues is not null ? $" ({n} fresh seeds per arm, combined with the earlier attempt at the level {level:G3} it kept back)"
            : settings.ContinuationShare > 0 ? $" ({n} seeds per arm, level {level:G3}: α = {settings.Alpha:G3} less {settings.Alpha - settings.DecisionAlpha:G3} kept back for a continuation)"
            : $" ({n} seeds per arm, α = {level:G3})";
        var family = evidence.Parts.Count > 0 ? " by a member (Holm over the family's designs)" : "";
        return verdict switch
        {
            Verdict.Supported => $"the runs reject \"the claim is false\": p = {evidence.PSupport:G3}{At(decision.SupportLevel)}",
            Verdict.Refuted => $"the runs reject \"the claim could be true\"{family}: p = {evidence.PRefute:G3}{At(decision.RefuteLevel)}",
            _ => $"neither direction is significant: p(for) = {evidence.PSupport:G3}, p(against) = {evidence.PRefute:G3}{At(decision.SupportLevel)}"
                 + (plan && evidence.SeedsToDecide is { } s ? "; " + SeedPlanning.Advice(settings, s, statistic, evidence) : ""),
        };
    }

    /// <summary>Every claim says what became of diverged and failed runs, so survivors are never compared silently.</summary>
    static string RunAccount(IReadOnlyList<ArmResult> arms, DivergencePolicy policy)
    {
        var troubled = arms.Where(a => a.Diverged > 0 || a.Failed > 0).ToList();
        if (troubled.Count == 0) return "; no run diverged or failed";
        var treatment = policy switch
        {
            DivergencePolicy.CountAsWorst => "counted as the worst value seen",
            DivergencePolicy.Exclude => "left out (DivergencePolicy.Exclude)",
            _ => "",
        };
        var failedTreatment = policy == DivergencePolicy.CountAsWorst ? "counted as the worst value seen" : "left out";
        return "; " + string.Join("; ", troubled.Select(a =>
            (a.Diverged > 0 ? $"{a.Name}: {a.Diverged} diverged ({treatment})" : a.Name + ":")
            + (a.Failed > 0 ? $"{(a.Diverged > 0 ? "," : "")} {a.Failed} failed ({failedTreatment})" : "")));
    }
}

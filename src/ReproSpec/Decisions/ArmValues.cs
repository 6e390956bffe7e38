using ReproSpec.Claims;
using ReproSpec.Store;

namespace ReproSpec.Decisions;

/// <summary>Turns an arm's run records into per-seed metric values, applying the divergence policy.</summary>
static class ArmValues
{
    // A record that finished before this process started was trained by an earlier run (or another machine).
    static readonly DateTimeOffset ProcessStarted = StartOfThisProcess();

    static DateTimeOffset StartOfThisProcess()
    {
        try
        {
            return new DateTimeOffset(System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            return DateTimeOffset.MinValue;
        }
    }

    public static ArmResult Extract(Arm arm, Metric metric, IReadOnlyList<RunRecord> records, DivergencePolicy policy)
    {
        var failed = records.Where(r => r.Status == RunStatus.Failed).ToList();
        if (failed.Count == records.Count && records.Count > 0)
        {
            var stored = failed.Where(r => r.FinishedAt < ProcessStarted).Select(r => r.Key).Distinct().ToList();
            var fromStore = stored.Count == 0 ? "" :
                $" {stored.Count} of these failures were read from the store, not trained in this run (last trained {failed.Min(r => r.FinishedAt):yyyy-MM-dd HH:mm} UTC):" +
                " their run keys are unchanged, so nothing the keys cover (the experiment's code and the code it calls, parameters, data, package versions) changed since." +
                " Set REPROSPEC_RETRAIN=1 to train them again (a change the key cannot see, such as an external file, also needs Experiment.Version bumped).";
            throw new ClaimDeclarationException(
                $"arm {arm.Name} threw on every seed ({records.Count} runs); first error, seed {failed[0].Seed}: {failed[0].Error}.{fromStore}")
            {
                StoredFailures = stored,
            };
        }

        var finished = records.Where(r => r.Status != RunStatus.Failed).ToList();
        var missing = finished.Where(r => !r.Metrics.ContainsKey(metric.Name)).ToList();
        if (missing.Count == finished.Count && finished.Count > 0)
        {
            var available = string.Join(", ", finished[0].Metrics.Keys.Order(StringComparer.Ordinal));
            throw new ClaimDeclarationException(
                $"unknown metric \"{metric.Name}\" for arm {arm.Name}: its runs report {available}. Use one of those names in .On(…).");
        }
        if (missing.Count > 0)
            throw new ClaimDeclarationException(
                $"metric \"{metric.Name}\" is absent from runs of arm {arm.Name} for seeds {string.Join(", ", missing.Select(r => r.Seed))}: an experiment must report the same metrics on every seed.");

        var diverged = finished.Where(r => r.Status == RunStatus.Diverged || !double.IsFinite(r.Metrics[metric.Name])).ToList();
        if (diverged.Count > 0 && policy == DivergencePolicy.Error)
            throw new ClaimDeclarationException(
                $"arm {arm.Name} diverged on seeds {string.Join(", ", diverged.Select(r => r.Seed))} ({diverged[0].Error}) and the claim's divergence policy is Error.");

        var seeds = new List<int>();
        var values = new List<double>();
        var worstPlaceholder = metric.Direction == Direction.HigherIsBetter ? double.NegativeInfinity : double.PositiveInfinity;
        foreach (var record in records.OrderBy(r => r.Seed))
        {
            if (record.Status == RunStatus.Failed)
            {
                // CountAsWorst: a crashed run counts as the worst too, or a method could gain by crashing on hard seeds.
                if (policy == DivergencePolicy.CountAsWorst)
                {
                    seeds.Add(record.Seed);
                    values.Add(worstPlaceholder);
                }
                continue;
            }
            var value = record.Metrics[metric.Name];
            var isDiverged = record.Status == RunStatus.Diverged || !double.IsFinite(value);
            if (isDiverged && policy == DivergencePolicy.Exclude) continue;
            seeds.Add(record.Seed);
            // CountAsWorst: marked infinite here; Worst() replaces it with a finite worst value per claim.
            values.Add(isDiverged ? worstPlaceholder : value);
        }
        var experiment = records.Count > 0 ? records[0].Experiment : arm.Experiment.Name;
        return new ArmResult(arm.Name, experiment, metric.Name, seeds, values, diverged.Count, failed.Count)
        {
            FailedFromStore = failed.Count(r => r.FinishedAt < ProcessStarted),
            Inputs = Planning.RunInputs.Of(arm.Experiment),
        };
    }

    /// <summary>
    /// Replaces the infinities CountAsWorst left with the worst finite value seen in any arm of the claim, so
    /// a diverged run ranks last without breaking the t statistics.
    /// </summary>
    public static IReadOnlyList<ArmResult> Worst(IReadOnlyList<ArmResult> arms, Metric metric)
    {
        var finite = arms.SelectMany(a => a.Values).Where(double.IsFinite).ToList();
        if (finite.Count == 0) return arms;
        var worst = metric.Direction == Direction.HigherIsBetter ? finite.Min() : finite.Max();
        return arms.Select(a => a with { Values = a.Values.Select(v => double.IsFinite(v) ? v : worst).ToList() }).ToList();
    }

    /// <summary>Values of both arms on the seeds both have, in seed order: the pairs of a paired test.</summary>
    public static (double[] A, double[] B) Paired(ArmResult a, ArmResult b)
    {
        var bySeed = b.Seeds.Zip(b.Values).ToDictionary(p => p.First, p => p.Second);
        var pairs = a.Seeds.Zip(a.Values).Where(p => bySeed.ContainsKey(p.First)).ToList();
        return (pairs.Select(p => p.Second).ToArray(), pairs.Select(p => bySeed[p.First]).ToArray());
    }
}

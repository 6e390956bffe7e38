using ReproSpec.Claims;
using ReproSpec.Execution;
using ReproSpec.Statistics;
using ReproSpec.Store;

namespace ReproSpec.Decisions;

/// <summary>
/// The runs and the decision of a variance-by-source claim: n runs per source, each varying that source alone,
/// then the one-sided Brown–Forsythe test both ways (docs/statistics.md, "Variance by source").
/// </summary>
static class VarianceBySource
{
    /// <summary>Problems a variance claim has with its settings, beyond those of the declaration itself.</summary>
    public static IEnumerable<string> Problems(VarianceBySourceClaim claim, ClaimSettings settings)
    {
        if (settings.IsSequential)
            yield return $"a variance-by-source claim runs a fixed number of seeds per source (its test is calibrated for one look): declare Seeds = n, not MinSeeds {settings.MinSeeds} / MaxSeeds {settings.MaxSeeds}.";
        if (settings.MinSeeds < VarianceBySourceClaim.MinimumSeeds)
            yield return $"Seeds = {settings.MinSeeds}: a variance-by-source claim needs at least {VarianceBySourceClaim.MinimumSeeds} seeds per source to compare spreads; use 10 or more.";
        if (settings.Test != TestKind.Auto)
            yield return $"Test = {settings.Test} does not apply: a variance-by-source claim is always decided by the Brown–Forsythe test; remove Test.";
        foreach (var source in new[] { claim.Source, claim.Baseline }.Where(settings.FixedSources.Contains))
            yield return $"FixedSources holds \"{source}\" fixed, but the claim is about its variance: remove it from FixedSources.";
    }

    /// <summary>
    /// The runs of one look: for each source, n seeds from FirstSeed varying it alone, seed 0 left out (it is the value
    /// every fixed source takes, so it would be the same run in both samples): seeds 1..n by default.
    /// </summary>
    public static IReadOnlyList<(string Source, RunRequest Request)> Requests(VarianceBySourceClaim claim, ClaimSettings settings, int n) =>
        new[] { claim.Source, claim.Baseline }
            .SelectMany(source => settings.SeedNumbers(n + 1).Where(seed => seed != 0).Take(n)
                .Select(seed => (source, new RunRequest(claim.Arm.Experiment, seed, claim.FixedWhileVarying(source, settings.FixedSources)))))
            .ToList();

    public static Evidence Assess(VarianceBySourceClaim claim, ClaimSettings settings,
        IReadOnlyList<(string Source, RunRequest Request)> requests, IReadOnlyList<RunRecord> records, out IReadOnlyList<ArmResult> arms)
    {
        var bySource = requests.Zip(records).GroupBy(p => p.First.Source)
            .ToDictionary(g => g.Key, g => ArmValues.Extract(new Arm(ArmName(claim, g.Key), claim.Arm.Experiment), claim.Metric,
                g.Select(p => p.Second).ToList(), settings.Divergence));
        if (settings.Divergence == DivergencePolicy.CountAsWorst)
        {
            var worst = ArmValues.Worst([bySource[claim.Source], bySource[claim.Baseline]], claim.Metric);
            bySource[claim.Source] = worst[0];
            bySource[claim.Baseline] = worst[1];
        }
        var a = bySource[claim.Source].Values.ToArray();
        var b = bySource[claim.Baseline].Values.ToArray();
        foreach (var (source, values) in new[] { (claim.Source, a), (claim.Baseline, b) })
            if (values.Length < 3)
                throw new ClaimDeclarationException(
                    $"the {source} runs of {claim.Arm.Name} left {values.Length} usable value(s) after the divergence policy; the Brown–Forsythe test needs at least 3. Raise Seeds or fix the diverging runs.");
        arms = [bySource[claim.Source], bySource[claim.Baseline]];

        var confidence = 1 - 2 * settings.Alpha;
        var support = SpreadTests.BrownForsythe(a, b, Alternative.Greater, confidence);
        var refute = SpreadTests.BrownForsythe(a, b, Alternative.Less, confidence);
        var ratio = SpreadTests.VarianceRatio(a, b);
        var interval = SpreadTests.VarianceRatioInterval(a, b, confidence);
        var effects = new Dictionary<string, double>
        {
            [$"sd_{claim.Source}"] = Math.Sqrt(Descriptive.Variance(a)),
            [$"sd_{claim.Baseline}"] = Math.Sqrt(Descriptive.Variance(b)),
            ["variance_ratio"] = ratio,
            ["variance_ratio_low"] = interval.Low,
            ["variance_ratio_high"] = interval.High,
        };
        // The F test's p is a normal-theory description; with a sample of no spread it would read 0 (or 1), which no data can show.
        if (Descriptive.Variance(a) > 0 && Descriptive.Variance(b) > 0)
            effects["f_test_p"] = SpreadTests.VarianceRatioPValue(a, b, Alternative.Greater);
        return new Evidence(support.PValue, refute.PValue, support, effects, []);
    }

    /// <summary>The name of the runs that vary one source: "MLP (split varies)".</summary>
    public static string ArmName(VarianceBySourceClaim claim, string source) => $"{claim.Arm.Name} ({source} varies)";
}

using ReproSpec.Claims;
using ReproSpec.Statistics;
using ReproSpec.Store;
using Experiment = ReproSpec.Claims.Experiment;

namespace ReproSpec.Decisions.Rules;

/// <summary>A beats B on at least a given fraction of seeds (binomial test on per-seed wins).</summary>
sealed class StableRule : ClaimRule<StableClaim>
{
    protected override Metric MetricOf(StableClaim claim, IReadOnlyDictionary<Experiment, IReadOnlyList<RunRecord>> records) => claim.Metric;

    protected override Evidence Assess(StableClaim claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level, LookStatistic statistic) =>
        Stability(claim, arms, settings);

    protected override Func<int, double>? BestCase(StableClaim claim) =>
        claim.Probability is > 0 and < 1 ? n => Proportions.BinomialTest(n, n, claim.Probability, Alternative.Greater) : null;

    protected override (string Shape, string Hypothesis, string Metric) Describe(StableClaim claim) =>
        ("beats on most seeds", $"P(challenger better than baseline on a seed) ≥ {N(claim.Probability)}", MetricText(claim.Metric));

    static Evidence Stability(StableClaim claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings)
    {
        var (x, y) = ArmValues.Paired(arms[claim.Challenger], arms[claim.Baseline]);
        EvidenceRules.RequireSeeds(x.Length, $"{claim.Challenger.Name} and {claim.Baseline.Name} paired by seed");
        x = EvidenceRules.Oriented(x, claim.Metric);
        y = EvidenceRules.Oriented(y, claim.Metric);
        var wins = x.Zip(y).Count(p => p.First > p.Second);
        var n = x.Length;
        return new Evidence(
            Proportions.BinomialTest(wins, n, claim.Probability, Alternative.Greater),
            Proportions.BinomialTest(wins, n, claim.Probability, Alternative.Less), null,
            new Dictionary<string, double> { ["wins"] = wins, ["win_rate"] = (double)wins / n }, []);
    }
}

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
        EvidenceRules.Stability(claim, arms, settings);

    protected override Func<int, double>? BestCase(StableClaim claim) =>
        claim.Probability is > 0 and < 1 ? n => Proportions.BinomialTest(n, n, claim.Probability, Alternative.Greater) : null;

    protected override (string Shape, string Hypothesis, string Metric) Describe(StableClaim claim) =>
        ("beats on most seeds", $"P(challenger better than baseline on a seed) ≥ {N(claim.Probability)}", MetricText(claim.Metric));
}

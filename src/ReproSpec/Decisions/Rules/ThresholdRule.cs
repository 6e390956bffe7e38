using ReproSpec.Claims;
using ReproSpec.Statistics;
using ReproSpec.Store;
using Experiment = ReproSpec.Claims.Experiment;

namespace ReproSpec.Decisions.Rules;

/// <summary>A's mean (or a fraction of its seeds) is at least / at most a bound.</summary>
sealed class ThresholdRule : ClaimRule<ThresholdClaim>
{
    protected override Metric MetricOf(ThresholdClaim claim, IReadOnlyDictionary<Experiment, IReadOnlyList<RunRecord>> records) => claim.Metric;

    protected override Evidence Assess(ThresholdClaim claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level, LookStatistic statistic) =>
        EvidenceRules.Threshold(claim, arms[claim.Arm], settings, level, statistic);

    // The betting test's p-values are valid at any look, so a bounded claim needs no t calibration.
    protected override LookStatistic Statistic(ThresholdClaim claim, ClaimSettings settings, bool tTest) =>
        claim is { SeedFraction: null, Range: null } ? LookStatistic.OneSampleT : LookStatistic.Normal;

    protected override bool Continues(ThresholdClaim claim) => claim.SeedFraction is null;

    protected override Func<int, double>? BestCase(ThresholdClaim claim) =>
        claim.SeedFraction is { } q && q is > 0 and < 1 ? n => Proportions.BinomialTest(n, n, q, Alternative.Greater) : null;

    protected override (string Shape, string Hypothesis, string Metric) Describe(ThresholdClaim claim) => ("threshold", claim.SeedFraction is { } q
        ? $"value {(claim.AtLeast ? "≥" : "≤")} {N(claim.Bound)} in at least {N(q)} of seeds"
        : $"mean {(claim.AtLeast ? "≥" : "≤")} {N(claim.Bound)}{(claim.Range is { } r ? $" (values in [{N(r.Low)}, {N(r.High)}], betting test)" : "")}", MetricText(claim.Metric));

    protected override string EstimateLabel(ThresholdClaim claim) => "mean";

    protected override IReadOnlyList<(string Label, double Value)> ArmLines(ThresholdClaim claim) => [($"threshold {claim.Bound:G4}", claim.Bound)];
}

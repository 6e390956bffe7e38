using ReproSpec.Claims;
using ReproSpec.Statistics;
using ReproSpec.Store;
using Experiment = ReproSpec.Claims.Experiment;

namespace ReproSpec.Decisions.Rules;

/// <summary>A and B are equivalent within ±tolerance (TOST).</summary>
sealed class EquivalenceRule : ClaimRule<EquivalenceClaim>
{
    protected override Metric MetricOf(EquivalenceClaim claim, IReadOnlyDictionary<Experiment, IReadOnlyList<RunRecord>> records) => claim.Metric;

    protected override Evidence Assess(EquivalenceClaim claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level, LookStatistic statistic) =>
        EvidenceRules.Equivalence(claim, arms, settings, level);

    protected override LookStatistic Statistic(EquivalenceClaim claim, ClaimSettings settings, bool tTest) => tTest ? LookStatistic.OneSampleT : LookStatistic.Normal;

    protected override (string Shape, string Hypothesis, string Metric) Describe(EquivalenceClaim claim) =>
        ("equivalent", $"|a − b| < {N(claim.Tolerance)}", MetricText(claim.Metric));

    protected override string EstimateLabel(EquivalenceClaim claim) => $"difference {claim.A} − {claim.B}";

    protected override IReadOnlyList<(string Label, double Value)> EstimateLines(EquivalenceClaim claim) =>
        [($"tolerance +{claim.Tolerance:G3}", claim.Tolerance), ($"tolerance −{claim.Tolerance:G3}", -claim.Tolerance)];
}

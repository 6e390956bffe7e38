using ReproSpec.Claims;
using ReproSpec.Statistics;
using ReproSpec.Store;
using Experiment = ReproSpec.Claims.Experiment;

namespace ReproSpec.Decisions.Rules;

/// <summary>A is not worse than B by more than a tolerance: the two-arm comparison with −tolerance as its margin.</summary>
sealed class NotWorseRule : ClaimRule<NotWorseClaim>
{
    protected override Metric MetricOf(NotWorseClaim claim, IReadOnlyDictionary<Experiment, IReadOnlyList<RunRecord>> records) => claim.Metric;

    protected override Evidence Assess(NotWorseClaim claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level, LookStatistic statistic) =>
        EvidenceRules.Compare(claim.Challenger, claim.Baseline, claim.Metric, -claim.Tolerance, false, arms, settings, level, statistic);

    protected override LookStatistic Statistic(NotWorseClaim claim, ClaimSettings settings, bool tTest) => tTest ? LookStatistic.OneSampleT : LookStatistic.Normal;

    protected override bool Continues(NotWorseClaim claim) => true;

    protected override (string Shape, string Hypothesis, string Metric) Describe(NotWorseClaim claim) =>
        ("not worse", $"challenger − baseline > −{N(claim.Tolerance)}", MetricText(claim.Metric));

    protected override IReadOnlyList<(string Label, double Value)> EstimateLines(NotWorseClaim claim) =>
        [($"non-inferiority margin −{claim.Tolerance:G3}", -claim.Tolerance), ("no difference", 0)];
}

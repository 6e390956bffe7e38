using ReproSpec.Claims;
using ReproSpec.Statistics;
using ReproSpec.Store;
using Experiment = ReproSpec.Claims.Experiment;

namespace ReproSpec.Decisions.Rules;

/// <summary>A beats B by at least a margin: the two-arm comparison with the margin as its null.</summary>
sealed class BeatsRule : ClaimRule<BeatsClaim>
{
    protected override Metric MetricOf(BeatsClaim claim, IReadOnlyDictionary<Experiment, IReadOnlyList<RunRecord>> records) => claim.Metric;

    protected override Evidence Assess(BeatsClaim claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level, LookStatistic statistic) =>
        EvidenceRules.Compare(claim.Challenger, claim.Baseline, claim.Metric, claim.Margin, claim.RelativeMargin, arms, settings, level, statistic);

    protected override LookStatistic Statistic(BeatsClaim claim, ClaimSettings settings, bool tTest) => tTest ? LookStatistic.OneSampleT : LookStatistic.Normal;

    protected override bool Continues(BeatsClaim claim) => true;

    protected override (string Shape, string Hypothesis, string Metric) Describe(BeatsClaim claim) => ("beats", claim.RelativeMargin
        ? $"challenger − (1 + {N(claim.Margin)}) × baseline > 0 (relative margin)"
        : $"challenger − baseline > {N(claim.Margin)}", MetricText(claim.Metric));

    protected override IReadOnlyList<(string Label, double Value)> EstimateLines(BeatsClaim claim) => claim switch
    {
        { RelativeMargin: true } => [($"margin {claim.Margin:P1} of the baseline", 0)],
        { Margin: 0 } => [("no difference (margin 0)", 0)],
        _ => [($"margin {claim.Margin:G3}", claim.Margin), ("no difference", 0)],
    };
}

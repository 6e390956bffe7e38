using ReproSpec.Claims;
using ReproSpec.Statistics;
using ReproSpec.Store;
using Experiment = ReproSpec.Claims.Experiment;

namespace ReproSpec.Decisions.Rules;

/// <summary>Arms rank in the given order, best first: adjacent pairs compared, Holm-corrected.</summary>
sealed class RanksRule : ClaimRule<RanksClaim>
{
    protected override Metric MetricOf(RanksClaim claim, IReadOnlyDictionary<Experiment, IReadOnlyList<RunRecord>> records) => claim.Metric;

    protected override Evidence Assess(RanksClaim claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level, LookStatistic statistic) =>
        EvidenceRules.Ranking(claim, arms, settings, level, statistic);

    protected override LookStatistic Statistic(RanksClaim claim, ClaimSettings settings, bool tTest) => tTest ? LookStatistic.OneSampleT : LookStatistic.Normal;

    protected override (string Shape, string Hypothesis, string Metric) Describe(RanksClaim claim) =>
        ("ranks", $"{claim.BestFirst.Count} arms ordered best first, each adjacent pair", MetricText(claim.Metric));
}

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
        Ranking(claim, arms, settings, level, statistic);

    protected override LookStatistic Statistic(RanksClaim claim, ClaimSettings settings, bool tTest) => tTest ? LookStatistic.OneSampleT : LookStatistic.Normal;

    protected override (string Shape, string Hypothesis, string Metric) Describe(RanksClaim claim) =>
        ("ranks", $"{claim.BestFirst.Count} arms ordered best first, each adjacent pair", MetricText(claim.Metric));

    static Evidence Ranking(RanksClaim claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level, LookStatistic statistic)
    {
        var parts = new List<(string Label, Evidence Evidence, BeatsClaim Pair)>();
        for (var i = 0; i + 1 < claim.BestFirst.Count; i++)
        {
            var pair = new BeatsClaim(claim.BestFirst[i], claim.BestFirst[i + 1], claim.Metric);
            parts.Add(($"{pair.Challenger} > {pair.Baseline}", EvidenceRules.Compare(pair.Challenger, pair.Baseline, pair.Metric, 0, false, arms, settings, level, statistic), pair));
        }
        var (pSupport, pRefute) = EvidenceRules.Family(parts.Select(p => p.Evidence).ToList());
        var outcomes = parts.Select(p => EvidenceRules.Part(p.Label, p.Pair, p.Evidence, settings, arms)).ToList();
        return new Evidence(pSupport, pRefute, null, new Dictionary<string, double>(), outcomes);
    }
}

using ReproSpec.Claims;
using ReproSpec.Statistics;
using ReproSpec.Store;
using Experiment = ReproSpec.Claims.Experiment;

namespace ReproSpec.Decisions.Rules;

/// <summary>A claim under each of several conditions, family-wise: each member is its own shape's rule.</summary>
sealed class HoldsAcrossRule : ClaimRule<HoldsAcrossClaim>
{
    protected override Metric MetricOf(HoldsAcrossClaim claim, IReadOnlyDictionary<Experiment, IReadOnlyList<RunRecord>> records) =>
        throw new ClaimDeclarationException($"no metric known for claims of type {claim.GetType().Name}.");

    protected override Evidence Assess(HoldsAcrossClaim claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level, LookStatistic statistic) =>
        throw new InvalidOperationException("HoldsAcross claims are assessed per condition by ClaimDecider.");

    // Each condition's arms are read on its own metric and assessed by its own rule; the family's p-values are Holm's.
    protected override Evidence AssessRecords(HoldsAcrossClaim claim, ClaimSettings settings, LookStatistic statistic, IReadOnlyList<Arm> arms,
        IReadOnlyDictionary<Experiment, IReadOnlyList<RunRecord>> records, double level, out IReadOnlyList<ArmResult> armResults)
    {
        var parts = new List<(string Condition, ClaimDeclaration Claim, Evidence Evidence, Dictionary<Arm, ArmResult> Arms)>();
        foreach (var (condition, inner) in claim.Conditions)
        {
            var values = ClaimDecider.Values(inner, settings, inner.Arms.Distinct().ToList(), records);
            parts.Add((condition, inner, EvidenceRules.Assess(inner, values, settings, level, statistic), values));
        }
        armResults = parts.SelectMany(p => p.Arms.Values.Select(a => a with { Name = $"{p.Condition}: {a.Name}" })).ToList();
        var (pSupport, pRefute) = EvidenceRules.Family(parts.Select(p => p.Evidence).ToList());
        var outcomes = parts.Select(p => EvidenceRules.Part(p.Condition, p.Claim, p.Evidence, settings, p.Arms)).ToList();
        return new Evidence(pSupport, pRefute, null, new Dictionary<string, double>(), outcomes)
        {
            SeedsPlan = new(() => parts.Max(p => p.Evidence.SeedsToDecide)),
        };
    }

    protected override LookStatistic Statistic(HoldsAcrossClaim claim, ClaimSettings settings, bool tTest) =>
        claim.Conditions.Any(c => EvidenceRules.StatisticOf(c.Claim, settings) == LookStatistic.OneSampleT) ? LookStatistic.OneSampleT : LookStatistic.Normal;

    protected override IEnumerable<string> SameNames(HoldsAcrossClaim claim) =>
        claim.Conditions.SelectMany(c => ClaimDecider.DuplicateNames(c.Claim.Arms).Select(p => $"condition {c.Condition}: {p}"));

    protected override IEnumerable<string> Unsupportable(HoldsAcrossClaim claim, ClaimSettings settings)
    {
        foreach (var (condition, inner) in claim.Conditions)
        foreach (var problem in SeedPlanning.Unsupportable(inner, settings))
            yield return $"condition {condition}: {problem}";
    }

    protected override (string Shape, string Hypothesis, string Metric) Describe(HoldsAcrossClaim claim) => ("holds across",
        string.Join("; ", claim.Conditions.Select(x => $"{x.Condition}: {ClaimRules.For(x.Claim).Describe(x.Claim).Hypothesis}")),
        string.Join(", ", claim.Conditions.Select(x => ClaimRules.For(x.Claim).Describe(x.Claim).Metric).Distinct()));
}

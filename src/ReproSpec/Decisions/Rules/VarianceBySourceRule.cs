using ReproSpec.Claims;
using ReproSpec.Statistics;
using ReproSpec.Store;
using Experiment = ReproSpec.Claims.Experiment;

namespace ReproSpec.Decisions.Rules;

/// <summary>
/// The metric varies more with one seed source than another (Brown–Forsythe): each source gets its own runs, so
/// ClaimDecider asks VarianceBySource for them and for the evidence; the rule holds the rest.
/// </summary>
sealed class VarianceBySourceRule : ClaimRule<VarianceBySourceClaim>
{
    protected override Metric MetricOf(VarianceBySourceClaim claim, IReadOnlyDictionary<Experiment, IReadOnlyList<RunRecord>> records) =>
        throw new ClaimDeclarationException($"no metric known for claims of type {claim.GetType().Name}.");

    protected override Evidence Assess(VarianceBySourceClaim claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level, LookStatistic statistic) =>
        throw new ClaimDeclarationException($"no decision rule for claims of type {claim.GetType().Name}.");

    protected override IEnumerable<string> Problems(VarianceBySourceClaim claim, ClaimSettings settings) => VarianceBySource.Problems(claim, settings);

    // Recorded as any shape without a design text of its own: its type's name and its sentence.
    protected override (string Shape, string Hypothesis, string Metric) Describe(VarianceBySourceClaim claim) => (claim.GetType().Name, claim.Sentence, "");

    protected override string EstimateLabel(VarianceBySourceClaim claim) => $"mean |deviation from the median|, {claim.Source} minus {claim.Baseline}";

    protected override IReadOnlyList<(string Label, double Value)> EstimateLines(VarianceBySourceClaim claim) => [("equal spread", 0)];
}

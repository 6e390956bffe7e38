using ReproSpec.Claims;
using ReproSpec.Statistics;
using ReproSpec.Store;
using Experiment = ReproSpec.Claims.Experiment;

namespace ReproSpec.Decisions.Rules;

/// <summary>The one place a declaration type is mapped to its rule.</summary>
static class ClaimRules
{
    /// <summary>Every shape's rule.</summary>
    public static IReadOnlyList<ClaimRule> All { get; } =
    [
        new BeatsRule(), new NotWorseRule(), new ThresholdRule(), new EquivalenceRule(), new ReproducesRule(),
        new RanksRule(), new StableRule(), new DivergenceRule(), new VarianceBySourceRule(), new HoldsAcrossRule(),
    ];

    static readonly Dictionary<Type, ClaimRule> ByShape = All.ToDictionary(r => r.Shape);

    /// <summary>The rule of <paramref name="claim"/>'s shape; a declaration type nobody wrote a rule for gets one that says so when decided.</summary>
    public static ClaimRule For(ClaimDeclaration claim) => ByShape.TryGetValue(claim.GetType(), out var rule) ? rule : Unknown.Instance;

    /// <summary>A declaration type with no rule: described by its sentence, refused when decided.</summary>
    sealed class Unknown : ClaimRule
    {
        public static readonly Unknown Instance = new();

        public override Type Shape => typeof(ClaimDeclaration);

        public override Metric MetricOf(ClaimDeclaration claim, IReadOnlyDictionary<Experiment, IReadOnlyList<RunRecord>> records) =>
            throw new ClaimDeclarationException($"no metric known for claims of type {claim.GetType().Name}.");

        public override Evidence Assess(ClaimDeclaration claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level, LookStatistic statistic) =>
            throw new ClaimDeclarationException($"no decision rule for claims of type {claim.GetType().Name}.");

        public override (string Shape, string Hypothesis, string Metric) Describe(ClaimDeclaration claim) => (claim.GetType().Name, claim.Sentence, "");
    }
}

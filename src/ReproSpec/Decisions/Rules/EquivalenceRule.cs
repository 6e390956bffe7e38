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
        Equivalence(claim, arms, settings, level);

    protected override LookStatistic Statistic(EquivalenceClaim claim, ClaimSettings settings, bool tTest) => tTest ? LookStatistic.OneSampleT : LookStatistic.Normal;

    protected override (string Shape, string Hypothesis, string Metric) Describe(EquivalenceClaim claim) =>
        ("equivalent", $"|a − b| < {N(claim.Tolerance)}", MetricText(claim.Metric));

    protected override string EstimateLabel(EquivalenceClaim claim) => $"difference {claim.A} − {claim.B}";

    protected override IReadOnlyList<(string Label, double Value)> EstimateLines(EquivalenceClaim claim) =>
        [($"tolerance +{claim.Tolerance:G3}", claim.Tolerance), ($"tolerance −{claim.Tolerance:G3}", -claim.Tolerance)];

    static Evidence Equivalence(EquivalenceClaim claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level)
    {
        // The declared test (paired t unless stated, as for every comparison), on A − B as measured: no orientation.
        var kind = Comparisons.Resolve(settings.TestUsed);
        var (x, y) = EvidenceRules.Pairs(arms[claim.A], arms[claim.B], kind, metric: null);
        var confidence = Intervals.AtLevel(level);
        // TOST: equivalent when both "A − B ≤ −δ" and "A − B ≥ +δ" are rejected.
        var lower = Comparisons.One(kind, x, y, Alternative.Greater, -claim.Tolerance, confidence);
        var upper = Comparisons.One(kind, x, y, Alternative.Less, claim.Tolerance, confidence, withInterval: false);
        // Not equivalent when either "A − B ≤ δ" or "A − B ≥ −δ" is rejected; Bonferroni over the two.
        var above = Comparisons.One(kind, x, y, Alternative.Greater, claim.Tolerance, confidence, withInterval: false);
        var below = Comparisons.One(kind, x, y, Alternative.Less, -claim.Tolerance, confidence, withInterval: false);
        return new Evidence(Math.Max(lower.PValue, upper.PValue), Math.Min(1, 2 * Math.Min(above.PValue, below.PValue)),
            lower with { Test = $"TOST ({lower.Test})" }, Comparisons.Effects(x, y), []);
    }
}

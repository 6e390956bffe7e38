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
        Threshold(claim, arms[claim.Arm], settings, level, statistic);

    // The betting test's p-values are valid at any look, so a bounded claim needs no t calibration.
    protected override LookStatistic Statistic(ThresholdClaim claim, ClaimSettings settings, bool tTest) =>
        claim is { SeedFraction: null, Range: null } ? LookStatistic.OneSampleT : LookStatistic.Normal;

    protected override bool Continues(ThresholdClaim claim) => claim.SeedFraction is null;

    protected override Func<int, double>? BestCase(ThresholdClaim claim) =>
        claim.SeedFraction is { } q && q is > 0 and < 1 ? n => Proportions.BinomialTest(n, n, q, Alternative.Greater) : null;

    protected override (string Shape, string Hypothesis, string Metric) Describe(ThresholdClaim claim) => ("threshold", claim.SeedFraction is { } q
        ? $"value {(claim.AtLeast ? "≥" : "≤")} {N(claim.Bound)} in at least {N(q)} of seeds"
        : $"mean {(claim.AtLeast ? "≥" : "≤")} {N(claim.Bound)}{(claim.Range is { } r ? $" (values in [{N(r.Low)}, {N(r.High)}], betting test)" : claim.AssumingNearNormal ? " (assuming near-normal values: t test)" : "")}", MetricText(claim.Metric));

    protected override string EstimateLabel(ThresholdClaim claim) => "mean";

    protected override IReadOnlyList<(string Label, double Value)> ArmLines(ThresholdClaim claim) => [($"threshold {claim.Bound:G4}", claim.Bound)];

    static Evidence Threshold(ThresholdClaim claim, ArmResult arm, ClaimSettings settings, double level, LookStatistic statistic)
    {
        EvidenceRules.RequireSeeds(arm.Values.Count, arm.Name);
        if (claim.SeedFraction is { } q)
        {
            var sign = claim.AtLeast ? 1 : -1;
            var values = arm.Values.Select(v => v * sign).ToArray();
            var bound = claim.Bound * sign;
            var k = values.Count(v => v >= bound);
            var n = values.Length;
            return new Evidence(
                Proportions.BinomialTest(k, n, q, Alternative.Greater),
                Proportions.BinomialTest(k, n, q, Alternative.Less), null,
                new Dictionary<string, double> { ["fraction_of_seeds"] = (double)k / n, ["seeds_meeting_bound"] = k }, []);
        }
        // "At most" is tested on the values as they are (H0 μ ≥ bound), so the printed mean, interval and bound are the metric's own.
        var raw = arm.Values.ToArray();
        var confidence = Intervals.AtLevel(level);
        if (claim.Range is { } range) return Bounded(claim, arm, range, raw, settings, confidence, declared: true);
        // A metric whose every value lies in [0, 1] (accuracy, AUC, F1) is judged on that range unless the claim rests on near-normal values.
        if (!claim.AssumingNearNormal && raw.All(v => v is >= 0 and <= 1)) return Bounded(claim, arm, UnitRange, raw, settings, confidence, declared: false);
        var support = OneSampleTests.Threshold(raw, claim.Bound, claim.AtLeast ? Alternative.Greater : Alternative.Less, confidence);
        var refute = OneSampleTests.Threshold(raw, claim.Bound, claim.AtLeast ? Alternative.Less : Alternative.Greater, confidence, withInterval: false);
        var oriented = claim.AtLeast ? raw : raw.Select(v => -v).ToArray();
        return new Evidence(support.PValue, refute.PValue, support,
            new Dictionary<string, double> { ["mean"] = Descriptive.Mean(raw) }, [])
        {
            Note = EvidenceRules.NoSpreadNote(raw, "the bound"),
            SeedsPlan = new(() => SeedPlanning.SeedsToDecide(oriented, null, claim.AtLeast ? claim.Bound : -claim.Bound, settings, statistic, paired: false, (support.PValue, refute.PValue))),
        };
    }

    /// <summary>The range a threshold claim's values are judged on when every value lies in it and the claim declares no other.</summary>
    static readonly ValueRange UnitRange = new(0, 1);

    /// <summary>The betting test's name when the range was not declared but every value lay in [0, 1].</summary>
    public const string UnitRangeSuffix = " on [0, 1], where every value lay";

    /// <summary>
    /// The betting test on the range (declared, or [0, 1] when every value lay there): valid for every distribution on it,
    /// at any look; seeds to decide are the count at which it would reject if the next seeds looked like these.
    /// </summary>
    static Evidence Bounded(ThresholdClaim claim, ArmResult arm, ValueRange range, double[] raw, ClaimSettings settings, double confidence, bool declared)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            if (!(raw[i] >= range.Low && raw[i] <= range.High))
                throw new ClaimDeclarationException(
                    $"arm {arm.Name}: value {raw[i]:G6} (run {i + 1} in seed order) is outside the declared range {range}. Declare the range the metric can take, or drop .Bounded(…).");
        }
        var (forClaim, against) = claim.AtLeast ? (Alternative.Greater, Alternative.Less) : (Alternative.Less, Alternative.Greater);
        var support = BoundedMean.Test(raw, range.Low, range.High, claim.Bound, forClaim, settings.DecisionAlpha, confidence);
        var refute = BoundedMean.Test(raw, range.Low, range.High, claim.Bound, against, settings.DecisionAlpha, confidence);
        if (!declared) support = support with { Test = BoundedMean.Name + UnitRangeSuffix };
        var leaning = (Descriptive.Mean(raw) >= claim.Bound) == claim.AtLeast ? forClaim : against;
        return new Evidence(support.PValue, refute.PValue, support, new Dictionary<string, double> { ["mean"] = Descriptive.Mean(raw) }, [])
        {
            SeedsPlan = new(() => BoundedMean.SeedsToReject(raw, range.Low, range.High, claim.Bound, leaning, settings.DecisionAlpha)),
            PlansRejection = true,
        };
    }
}

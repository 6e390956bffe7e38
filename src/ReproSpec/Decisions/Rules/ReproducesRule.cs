using System.Globalization;
using ReproSpec.Claims;
using ReproSpec.Statistics;
using ReproSpec.Store;
using Experiment = ReproSpec.Claims.Experiment;

namespace ReproSpec.Decisions.Rules;

/// <summary>Our runs reproduce a reported mean ± sd (n) within a tolerance (TOST against the summary).</summary>
sealed class ReproducesRule : ClaimRule<ReproducesClaim>
{
    protected override Metric MetricOf(ReproducesClaim claim, IReadOnlyDictionary<Experiment, IReadOnlyList<RunRecord>> records) => claim.Metric;

    protected override Evidence Assess(ReproducesClaim claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level, LookStatistic statistic) =>
        Reproduction(claim, arms[claim.Arm], settings, level);

    protected override LookStatistic Statistic(ReproducesClaim claim, ClaimSettings settings, bool tTest) => LookStatistic.OneSampleT;

    protected override (string Shape, string Hypothesis, string Metric) Describe(ReproducesClaim claim) => ("reproduces", string.Create(CultureInfo.InvariantCulture,
        $"|mean − {N(claim.Reported.Mean)}| < {N(claim.Tolerance)} (reported sd {N(claim.Reported.StandardDeviation)}, n = {claim.Reported.N}){(claim.AssumingNearNormal ? " (assuming near-normal values: Welch TOST)" : "")}"), MetricText(claim.Metric));

    protected override string EstimateLabel(ReproducesClaim claim) => "difference ours − reported";

    protected override IReadOnlyList<(string Label, double Value)> ArmLines(ReproducesClaim claim) => [($"reported mean {claim.Reported.Mean:G4}", claim.Reported.Mean)];

    protected override IReadOnlyList<(string Label, double Value)> EstimateLines(ReproducesClaim claim) =>
        [($"tolerance +{claim.Tolerance:G3}", claim.Tolerance), ($"tolerance −{claim.Tolerance:G3}", -claim.Tolerance)];

    protected override string? ReportedSource(ReproducesClaim claim) => claim.Reported.ToString();

    static Evidence Reproduction(ReproducesClaim claim, ArmResult arm, ClaimSettings settings, double level)
    {
        var ours = arm.Values.ToArray();
        EvidenceRules.RequireSeeds(ours.Length, arm.Name);
        // Ours all in [0, 1] (accuracy, AUC, F1): the betting test, valid for every distribution of ours there, unless waived.
        if (!claim.AssumingNearNormal && ours.All(v => v is >= 0 and <= 1)) return Bounded(claim, ours, settings, level);
        var r = claim.Reported;
        // Reproduced when both "ours − reported ≤ −δ" and "ours − reported ≥ +δ" are rejected (TOST, Welch).
        var tost = ReproSpec.Statistics.Equivalence.Reproduces(ours, r, claim.Tolerance, level);
        // Not reproduced when either "ours − reported ≤ δ" or "ours − reported ≥ −δ" is rejected; Bonferroni over the two.
        var mean = Descriptive.Mean(ours);
        var sd = Math.Sqrt(Descriptive.Variance(ours));
        var confidence = Intervals.AtLevel(level);
        var above = TwoSampleTests.WelchFromSummary(mean, sd, ours.Length, r.Mean, r.StandardDeviation, r.N, Alternative.Greater, claim.Tolerance, confidence);
        var below = TwoSampleTests.WelchFromSummary(mean, sd, ours.Length, r.Mean, r.StandardDeviation, r.N, Alternative.Less, -claim.Tolerance, confidence);
        // Shares of k items (accuracy on a test set) skew near 0 and 1, where a sample with little or no spread is no
        // evidence of a known mean: each one-sided p is at least the exact binomial bound of ours against the reported
        // mean ± tolerance taken as exact (docs/statistics.md, "Skewed discrete metrics").
        // Values that are not shares (outside [0, 1], or on no lattice) leave Welch's p alone.
        double Shares(double bound, Alternative alternative) => ProportionLattice.PValue(ours, bound, alternative) ?? 0;
        var pFor = Math.Max(tost.PValue, Math.Max(Shares(r.Mean - claim.Tolerance, Alternative.Greater), Shares(r.Mean + claim.Tolerance, Alternative.Less)));
        var pAbove = Math.Max(above.PValue, Shares(r.Mean + claim.Tolerance, Alternative.Greater));
        var pBelow = Math.Max(below.PValue, Shares(r.Mean - claim.Tolerance, Alternative.Less));
        var result = tost.Lower with { Test = "TOST against reported summary (Welch)" };
        if (ProportionLattice.Items(ours) is { } items)
        {
            // The interval keeps agreeing with the verdict: the hull of Welch's and the binomial bound's, as differences from the reported mean.
            var shares = ProportionLattice.Interval(ProportionLattice.Count(ours, items), ours.Length * items, confidence);
            var welch = result.DifferenceInterval;
            result = result with
            {
                Test = "TOST against reported summary (Welch" + OneSampleTests.ShareBoundSuffix(items) + ")",
                DifferenceInterval = new ConfidenceInterval(Math.Min(welch.Low, shares.Low - r.Mean), Math.Max(welch.High, shares.High - r.Mean), welch.Level),
            };
        }
        return new Evidence(pFor, Math.Min(1, 2 * Math.Min(pAbove, pBelow)), result,
            new Dictionary<string, double> { ["mean_difference"] = tost.Estimate, ["reported_mean"] = r.Mean, ["reported_sd"] = r.StandardDeviation }, [])
        {
            Note = EvidenceRules.NoSpreadNote(ours, "the reported mean ± tolerance"),
        };
    }

    /// <summary>The betting test on [0, 1] against the reported mean's t bound (<see cref="BoundedReproduction"/>), for our values in [0, 1].</summary>
    static Evidence Bounded(ReproducesClaim claim, double[] ours, ClaimSettings settings, double level)
    {
        var r = claim.Reported;
        var alpha = settings.DecisionAlpha;
        double P(double[] values, double shift, Alternative alternative) =>
            BoundedReproduction.PValue(values, 0, 1, r.Mean, r.StandardDeviation, r.N, shift, alternative, alpha);
        // Reproduced when both "ours − reported ≤ −δ" and "ours − reported ≥ +δ" are rejected; not reproduced when either of
        // "ours − reported ≤ δ" and "ours − reported ≥ −δ" is, Bonferroni over the two.
        double For(double[] values) => Math.Max(P(values, -claim.Tolerance, Alternative.Greater), P(values, claim.Tolerance, Alternative.Less));
        double Against(double[] values) => Math.Min(1, 2 * Math.Min(P(values, claim.Tolerance, Alternative.Greater), P(values, -claim.Tolerance, Alternative.Less)));
        var pFor = For(ours);
        var pAgainst = Against(ours);
        var mean = Descriptive.Mean(ours);
        var leansFor = Math.Abs(mean - r.Mean) < claim.Tolerance;
        var interval = BoundedReproduction.Interval(ours, 0, 1, r.Mean, r.StandardDeviation, r.N, alpha, Intervals.AtLevel(level));
        var result = new TestResult(BoundedReproduction.Name + UnitRangeSuffix, Alternative.TwoSided, claim.Tolerance, mean - r.Mean, pFor, null, interval, mean - r.Mean);
        return new Evidence(pFor, pAgainst, result,
            new Dictionary<string, double> { ["mean_difference"] = mean - r.Mean, ["reported_mean"] = r.Mean, ["reported_sd"] = r.StandardDeviation }, [])
        {
            // If the next seeds looked like these: the seeds at which the side they lean to would be rejected.
            SeedsPlan = new(() => BoundedReproduction.SeedsToReject(ours, leansFor ? For : Against, alpha)),
            PlansRejection = true,
        };
    }

    /// <summary>The test's name when our values all lay in [0, 1] and the claim did not waive the range.</summary>
    public const string UnitRangeSuffix = " on [0, 1], where every value of ours lay";
}

using ReproSpec.Simulation;
using System.Text.Json;
using MathNet.Numerics.Distributions;
using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Statistics;
using static ReproSpec.Tests.Statistics.MonteCarloBar;

namespace ReproSpec.Tests.Statistics;

/// <summary>
/// Skewed discrete metrics (accuracy near 100 % on a test set of k items): the exact binomial bound on shares of k
/// items, the opt-in betting test on a declared range, and the margin simulations that the sign-flip and t tests
/// failed. Reference values: tests/reference/generate_reference_e.py (scipy 1.10.1 and numpy) writes
/// statistics_reference_e.json.
/// </summary>
public class SkewedShareTests
{
    static readonly Lazy<JsonDocument> Document = Reference.Frozen("statistics_reference_e.json");

    static IEnumerable<TestCaseData> Section(string name) =>
        Document.Value.RootElement.GetProperty(name).EnumerateArray()
            .Select((c, i) => new TestCaseData(c).SetArgDisplayNames($"{name}[{i}] n={c.GetProperty("x").GetArrayLength()} bound={c.Number("bound")}"));

    static IEnumerable<TestCaseData> Shares() => Section("shares");

    static IEnumerable<TestCaseData> Betting() => Section("betting");

    [TestCaseSource(nameof(Shares))]
    public void Shares_of_items_get_scipys_binomial_bound_and_the_combined_threshold_p(JsonElement c)
    {
        var x = c.Doubles("x");
        var bound = c.Number("bound");
        var confidence = c.Number("confidence");
        var expected = c.Expected();
        var items = ProportionLattice.Items(x);
        var count = ProportionLattice.Count(x, items!.Value);
        var (greater, less) = ProportionLattice.Tails(count, x.Length * items.Value, bound);
        var interval = ProportionLattice.Interval(count, x.Length * items.Value, confidence);
        var ends = expected.Doubles("interval");
        Assert.Multiple(() =>
        {
            Assert.That(items, Is.EqualTo(expected.GetProperty("items").GetInt32()), "items");
            Assert.That(count, Is.EqualTo(expected.GetProperty("count").GetInt32()), "count");
            Reference.Close(greater, expected.Number("p_greater"), "binomial bound, greater", 1e-9);
            Reference.Close(less, expected.Number("p_less"), "binomial bound, less", 1e-9);
            Reference.Close(interval.Low, ends[0], "interval low", 1e-9);
            Reference.Close(interval.High, ends[1], "interval high", 1e-9);
            Reference.Close(OneSampleTests.Threshold(x, bound, Alternative.Greater).PValue, expected.Number("threshold_p_greater"), "threshold p, greater", 1e-9);
            Reference.Close(OneSampleTests.Threshold(x, bound, Alternative.Less).PValue, expected.Number("threshold_p_less"), "threshold p, less", 1e-9);
        });
    }

    [TestCaseSource(nameof(Betting))]
    public void The_betting_test_matches_the_numpy_capital_process_and_its_grid_interval(JsonElement c)
    {
        var x = c.Doubles("x");
        double low = c.Number("low"), high = c.Number("high"), bound = c.Number("bound"), alpha = c.Number("alpha"), confidence = c.Number("confidence");
        var expected = c.Expected();
        var greater = BoundedMean.Test(x, low, high, bound, Alternative.Greater, alpha, confidence);
        var less = BoundedMean.Test(x, low, high, bound, Alternative.Less, alpha, confidence);
        var ends = expected.Doubles("interval");
        var step = expected.Number("grid_step");
        Assert.Multiple(() =>
        {
            Reference.Close(greater.PValue, expected.Number("p_greater"), "p greater", 1e-9);
            Reference.Close(less.PValue, expected.Number("p_less"), "p less", 1e-9);
            // The grid's end is the last grid bound rejected; bisection finds the jump between it and the next one.
            Assert.That(greater.DifferenceInterval.Low, Is.InRange(ends[0] - 1e-9, ends[0] + step), "interval low");
            Assert.That(greater.DifferenceInterval.High, Is.InRange(ends[1] - step, ends[1] + 1e-9), "interval high");
        });
    }

    [Test]
    public void A_coarser_lattice_never_gives_a_smaller_binomial_p()
    {
        // k is the smallest denominator of the values, a divisor of the true item count: the test on it must be the more
        // conservative one. scipy checked a grid (refinement in the JSON); MathNet's binomial agrees on a smaller one.
        var refinement = Document.Value.RootElement.GetProperty("refinement");
        var violations = 0;
        foreach (var n in new[] { 1, 2, 3, 5, 10, 20, 40 })
        foreach (var g in new[] { 2, 3, 10 })
        foreach (var q in new[] { 0.5, 0.9, 0.97, 0.99 })
        for (var c = 0; c <= n; c++)
        {
            var (coarse, coarseLess) = ProportionLattice.Tails(c, n, q);
            var (fine, fineLess) = ProportionLattice.Tails(g * c, g * n, q);
            if (coarse < fine * (1 - 1e-9) || coarseLess < fineLess * (1 - 1e-9)) violations++;
        }
        Assert.Multiple(() =>
        {
            Assert.That(refinement.GetProperty("checked").GetInt32(), Is.GreaterThan(100_000));
            Assert.That(refinement.GetProperty("violations").GetInt32(), Is.Zero, "scipy grid");
            Assert.That(violations, Is.Zero, "MathNet grid");
        });
    }

    /// <summary>
    /// The price of deciding on a constant sample: n seeds all at 1 have probability q₀ⁿ under the two-point null {1 with
    /// probability q₀, 0 otherwise} of mean q₀, so any rule that supports "mean ≥ q₀" on them errs at least q₀ⁿ. The t
    /// rule (.AssumingNearNormal()) pays exactly that: it supports on n perfect seeds exactly when q₀ⁿ &lt; α, and its error under that null (every
    /// count of ones, enumerated) stays ≤ α.
    /// </summary>
    [TestCase(0.5)]
    [TestCase(0.8)]
    [TestCase(0.9)]
    public void Perfect_seeds_support_a_bound_exactly_when_the_two_point_null_allows_it(double bound)
    {
        var claim = new ThresholdClaim(ClaimSimulation.Arm("A"), Metric.Named("score"), bound, AtLeast: true, AssumingNearNormal: true);
        for (var n = 2; n <= 40; n++)
        {
            var settings = new ClaimSettings { MinSeeds = n, MaxSeeds = n };
            var perfect = ClaimSimulation.Decide(claim, settings, "score", new Dictionary<string, SimulatedRun[]> { ["A"] = [.. Enumerable.Repeat(new SimulatedRun(1), n)] });
            Assert.That(perfect.Verdict == Verdict.Supported, Is.EqualTo(Math.Pow(bound, n) < Alpha), $"{n} perfect seeds against {bound}");
            var error = 0.0;
            for (var ones = 0; ones <= n; ones++)
            {
                double[] x = [.. Enumerable.Repeat(1.0, ones), .. Enumerable.Repeat(0.0, n - ones)];
                // The rule's p is at least the binomial bound's, so the bound's rejections contain the rule's.
                if (ProportionLattice.PValue(x, bound, Alternative.Greater) < Alpha) error += Binomial.PMF(bound, n, ones);
            }
            Assert.That(error, Is.LessThanOrEqualTo(Alpha), $"exact error at {n} seeds, two-point null of mean {bound}");
        }
    }

    [Test]
    public void A_decision_on_a_sample_without_spread_says_what_it_assumes()
    {
        var claim = new ThresholdClaim(ClaimSimulation.Arm("A"), Metric.Named("score"), 0.9, AtLeast: true, AssumingNearNormal: true);
        var runs = new Dictionary<string, SimulatedRun[]> { ["A"] = [.. Enumerable.Repeat(new SimulatedRun(29 / 30.0), 10)] };
        var outcome = ClaimSimulation.Decide(claim, new ClaimSettings { MinSeeds = 10, MaxSeeds = 10 }, "score", runs);
        var varied = ClaimSimulation.Decide(claim, new ClaimSettings { MinSeeds = 10, MaxSeeds = 10 }, "score",
            new Dictionary<string, SimulatedRun[]> { ["A"] = [.. Enumerable.Range(0, 10).Select(i => new SimulatedRun(i % 2 == 0 ? 1 : 29 / 30.0))] });
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Supported));
            Assert.That(outcome.Reason, Does.Contain("every seed gave 0.966667 (no spread)").And.Contain("share of 30 items").And.Contain(".Bounded(low, high)"));
            Assert.That(outcome.Test!.Test, Does.EndWith(OneSampleTests.ShareBoundSuffix(30)));
            Assert.That(varied.Reason, Does.Not.Contain("no spread"));
        });
    }

    /// <summary>
    /// The binomial bound applies to shares of items only: scores that leave [0, 1] (the known-verdict fixtures' 1.06 ±
    /// 0.09) or sit on no lattice keep Welch's TOST p. A bound that answered 1 for them made every such reproduction
    /// Inconclusive with p = 1 both ways.
    /// </summary>
    [TestCase(new[] { 1.12, 0.97, 1.05, 1.18, 0.93, 1.02, 1.09, 0.99, 1.15, 1.07 }, 1.0, 0.1, 0.25, "Supported")]
    [TestCase(new[] { 0.05, -0.12, 0.08, -0.03, 0.11 }, 1.0, 0.1, 0.2, "Refuted")]
    [TestCase(new[] { 0.9012345678, 0.9123456789, 0.8934567891, 0.9045678912, 0.9156789123 }, 0.9, 0.01, 0.05, "Supported")]
    public void A_reproduction_on_values_that_are_not_shares_is_judged_by_welch_alone(double[] values, double mean, double sd, double tolerance, string verdict)
    {
        var reported = new ReportedResult(mean, sd, 5, "synthetic");
        var claim = new ReproducesClaim(ClaimSimulation.Arm("A"), Metric.Named("score"), reported, tolerance, AssumingNearNormal: true);
        var settings = new ClaimSettings { MinSeeds = values.Length, MaxSeeds = values.Length };
        var outcome = ClaimSimulation.Decide(claim, settings, "score", new Dictionary<string, SimulatedRun[]> { ["A"] = [.. values.Select(v => new SimulatedRun(v))] });
        var tost = Equivalence.Reproduces(values, reported, tolerance, Alpha);
        Assert.Multiple(() =>
        {
            Assert.That(ProportionLattice.Items(values), Is.Null, "not shares of items");
            Assert.That(outcome.Verdict.ToString(), Is.EqualTo(verdict), outcome.Reason);
            if (verdict == "Supported") Reference.Close(outcome.PSupport, tost.PValue, "p for the claim is TOST's", 1e-12);
            Assert.That(outcome.Test!.Test, Does.Not.Contain("items"));
        });
    }

    /// <summary>
    /// TightIrisBenchmark's shape: shares of 30 items against a reported 0.953 ± 0.051 within ±0.05, so the upper margin
    /// 1.003 lies beyond every share. "μ ≥ 1.003" holds for no share, so the bound puts no floor there (p 0, not 1),
    /// and p(for) is TOST's: a floor of 1 had made this claim Inconclusive with p = 1 whatever the data.
    /// </summary>
    [Test]
    public void A_reproduction_whose_margin_leaves_the_unit_range_keeps_the_tost_p()
    {
        double[] values = [.. new[] { 29, 29, 28, 30, 29, 29, 28, 29, 30, 28 }.Select(c => c / 30.0)];
        var reported = new ReportedResult(0.953, 0.051, 5, "iris write-up");
        var claim = new ReproducesClaim(ClaimSimulation.Arm("A"), Metric.Named("score"), reported, 0.05, AssumingNearNormal: true);
        var outcome = ClaimSimulation.Decide(claim, new ClaimSettings { MinSeeds = 10, MaxSeeds = 10 }, "score",
            new Dictionary<string, SimulatedRun[]> { ["A"] = [.. values.Select(v => new SimulatedRun(v))] });
        var tost = Equivalence.Reproduces(values, reported, 0.05, Alpha).PValue;
        var lower = ProportionLattice.PValue(values, 0.903, Alternative.Greater)!.Value;
        Assert.Multiple(() =>
        {
            Assert.That(ProportionLattice.PValue(values, 1.003, Alternative.Less), Is.Zero, "no share has mean ≥ 1.003");
            Assert.That(ProportionLattice.PValue(values, 1.003, Alternative.Greater), Is.EqualTo(1), "every share has mean ≤ 1.003");
            Assert.That(tost, Is.InRange(0.01, 0.5), "the Welch TOST p of these values");
            Reference.Close(outcome.PSupport, Math.Max(tost, lower), "p(for) is TOST's, floored by the lower margin's bound only", 1e-12);
        });
    }

    [Test]
    public void Bounded_claims_refuse_values_outside_the_range_and_bounds_outside_it()
    {
        var arm = ClaimSimulation.Arm("A");
        var claim = new ThresholdClaim(arm, Metric.Named("score"), 0.9, AtLeast: true, Range: new ValueRange(0, 1));
        var settings = new ClaimSettings { MinSeeds = 3, MaxSeeds = 3 };
        var outside = Assert.Throws<ClaimDeclarationException>(() => ClaimSimulation.Decide(claim, settings, "score",
            new Dictionary<string, SimulatedRun[]> { ["A"] = [new(0.95), new(1.2), new(0.9)] }));
        Assert.Multiple(() =>
        {
            Assert.That(outside!.Message, Does.Contain("value 1.2").And.Contain("outside the declared range [0, 1]"));
            Assert.That((claim with { Bound = 1 }).Problems(), Has.Some.Contain("not inside the declared range"));
            Assert.That((claim with { SeedFraction = 0.8 }).Problems(), Has.Some.Contain("drop one of them"));
            Assert.That((claim with { Range = new ValueRange(1, 0) }).Problems(), Has.Some.Contain("low < high"));
        });
    }

    static ClaimCalibrationCase Row(string shape, string setting, string design) =>
        ClaimCalibration.Cases().Single(c => c.Shape.StartsWith(shape, StringComparison.Ordinal) && c.Setting.StartsWith(setting, StringComparison.Ordinal) && c.Design == design);

    /// <summary>
    /// Skewed rows of docs/calibration.md through ClaimDecider at R = 2,000, each with the error of the rule it replaces
    /// on the same samples (the t / sign-flip p alone, TOST with Welch alone): the old rule fails the bar, the new one meets it.
    /// </summary>
    [TestCase("IsAtLeast", "mostly perfect", "fixed 10 seeds", true)]
    [TestCase("IsAtMost", "accuracy on 30 test items, true 0.97", "fixed 5 seeds", true)]
    [TestCase("IsAtLeast", "skewed: 0.9 with probability 0.8", "fixed 10 seeds", false)]
    [TestCase("Reproduces", "ours accuracy on 30 test items, true 0.99, reported 1", "fixed 3 seeds", true)]
    public void A_skewed_discrete_null_keeps_both_errors_within_the_bar_and_the_old_rule_did_not(string shape, string setting, string design, bool oldSupported)
    {
        const int replications = 2_000;
        var row = Row(shape, setting, design);
        var rates = ClaimSimulation.Run(row.Claim, row.Settings, row.Metric, row.Sampler, replications, seed: 1313);
        var random = new SeededRandom(1313, stream: 7);
        var oldErrors = 0;
        for (var r = 0; r < replications; r++)
        {
            var x = row.Sampler(random, row.Settings.MaxSeeds)["A"].Select(s => s.Value).ToArray();
            var (pSupport, pRefute) = OldRule(row.Claim, x);
            if ((oldSupported ? pSupport : pRefute) < Alpha) oldErrors++;
        }
        var old = (double)oldErrors / replications;
        TestContext.Out.WriteLine($"{row.Shape}, {row.Setting}, {row.Design}: Supported {rates.Supported.Power:F4}, Refuted {rates.Refuted.Power:F4}; old rule {(oldSupported ? "Supported" : "Refuted")} {old:F4}");
        Assert.Multiple(() =>
        {
            Assert.That(rates.Supported.Power, Is.LessThanOrEqualTo(Allowance(replications)), "Supported");
            Assert.That(rates.Refuted.Power, Is.LessThanOrEqualTo(Allowance(replications)), "Refuted");
            Assert.That(old, Is.GreaterThan(Allowance(replications)), "the old rule fails the same simulation");
        });
    }

    /// <summary>The opt-in betting rows: valid for a metric that fails a seed entirely now and then, which no default covers.</summary>
    [TestCase("IsAtLeast (Bounded", "a seed fails", "fixed 10 seeds")]
    [TestCase("IsAtLeast (Bounded", "0 or 1", "3 → 15 by 3, O'Brien–Fleming")]
    public void A_bounded_claim_keeps_both_errors_within_the_bar(string shape, string setting, string design)
    {
        const int replications = 1_000;
        var row = Row(shape, setting, design);
        var rates = ClaimSimulation.Run(row.Claim, row.Settings, row.Metric, row.Sampler, replications, seed: 2024);
        TestContext.Out.WriteLine($"Supported {rates.Supported.Power:F4}, Refuted {rates.Refuted.Power:F4}");
        Assert.Multiple(() =>
        {
            Assert.That(rates.Supported.Power, Is.LessThanOrEqualTo(Allowance(replications)));
            Assert.That(rates.Refuted.Power, Is.LessThanOrEqualTo(Allowance(replications)));
        });
    }

    /// <summary>The p-values for and against the claim before the binomial bound: one-sample t / sign-flip, or TOST with Welch against the summary.</summary>
    static (double Support, double Refute) OldRule(ClaimDeclaration claim, double[] x)
    {
        switch (claim)
        {
            case ThresholdClaim t:
                var (forClaim, against) = t.AtLeast ? (Alternative.Greater, Alternative.Less) : (Alternative.Less, Alternative.Greater);
                return (OneSampleTests.T(x, t.Bound, forClaim, 0.9, withInterval: false).PValue, OneSampleTests.T(x, t.Bound, against, 0.9, withInterval: false).PValue);
            case ReproducesClaim r:
                var tost = Equivalence.Reproduces(x, r.Reported, r.Tolerance, Alpha);
                double mean = x.Average(), sd = Math.Sqrt(Descriptive.Variance(x));
                var rep = r.Reported;
                var above = TwoSampleTests.WelchFromSummary(mean, sd, x.Length, rep.Mean, rep.StandardDeviation, rep.N, Alternative.Greater, r.Tolerance).PValue;
                var below = TwoSampleTests.WelchFromSummary(mean, sd, x.Length, rep.Mean, rep.StandardDeviation, rep.N, Alternative.Less, -r.Tolerance).PValue;
                return (tost.PValue, Math.Min(1, 2 * Math.Min(above, below)));
            default:
                throw new ArgumentException(claim.GetType().Name);
        }
    }
}

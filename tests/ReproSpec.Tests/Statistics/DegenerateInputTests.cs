using ReproSpec.Statistics;

namespace ReproSpec.Tests.Statistics;

/// <summary>The behaviours listed in docs/statistics.md, "Degenerate input": a documented value or a message naming the fix.</summary>
public class DegenerateInputTests
{
    static readonly double[] Ok = [0.90, 0.91, 0.92];

    public static IEnumerable<TestCaseData> AllTwoSampleTests()
    {
        yield return new TestCaseData(new Func<double[], double[], TestResult>((a, b) => TwoSampleTests.Welch(a, b))).SetArgDisplayNames("Welch");
        yield return new TestCaseData(new Func<double[], double[], TestResult>((a, b) => TwoSampleTests.Student(a, b))).SetArgDisplayNames("Student");
        yield return new TestCaseData(new Func<double[], double[], TestResult>((a, b) => TwoSampleTests.PairedT(a, b))).SetArgDisplayNames("PairedT");
        yield return new TestCaseData(new Func<double[], double[], TestResult>((a, b) => TwoSampleTests.MannWhitney(a, b))).SetArgDisplayNames("MannWhitney");
        yield return new TestCaseData(new Func<double[], double[], TestResult>((a, b) => TwoSampleTests.Wilcoxon(a, b))).SetArgDisplayNames("Wilcoxon");
        yield return new TestCaseData(new Func<double[], double[], TestResult>((a, b) => TwoSampleTests.Permutation(a, b))).SetArgDisplayNames("Permutation");
        yield return new TestCaseData(new Func<double[], double[], TestResult>((a, b) => TwoSampleTests.Permutation(a, b, paired: true))).SetArgDisplayNames("PairedPermutation");
    }

    [TestCaseSource(nameof(AllTwoSampleTests))]
    public void One_run_per_arm_is_rejected_with_the_fix(Func<double[], double[], TestResult> test)
    {
        var error = Assert.Throws<ArgumentException>(() => test([0.9], [0.8]));
        Assert.That(error!.Message, Does.Contain("at least 2").And.Contain("Run more seeds"));
    }

    [TestCaseSource(nameof(AllTwoSampleTests))]
    public void Non_finite_values_are_rejected_with_their_index(Func<double[], double[], TestResult> test)
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => test(Ok, [0.8, double.NaN, 0.7]), Throws.ArgumentException.With.Message.Contains("index 1").And.Message.Contains("NaN"));
            Assert.That(() => test([0.8, 0.7, double.PositiveInfinity], Ok), Throws.ArgumentException.With.Message.Contains("index 2").And.Message.Contains("diverged"));
        });
    }

    [TestCase("PairedT")]
    [TestCase("Wilcoxon")]
    [TestCase("PairedPermutation")]
    public void Paired_tests_reject_unequal_lengths(string name)
    {
        double[] b = [0.8, 0.81];
        Action call = name switch
        {
            "PairedT" => () => TwoSampleTests.PairedT(Ok, b),
            "Wilcoxon" => () => TwoSampleTests.Wilcoxon(Ok, b),
            _ => () => TwoSampleTests.Permutation(Ok, b, paired: true),
        };
        var error = Assert.Throws<ArgumentException>(() => call());
        Assert.That(error!.Message, Does.Contain("a has 3 values and b has 2").And.Contain("same seeds"));
    }

    // Binary-exact values, so the difference is exactly 0.5 and "difference = margin" is a real tie, not rounding.
    // With no spread the p-value is the relabelling one: the observed split is 1 of C(7, 3) = 35.
    [TestCase(Alternative.Greater, 0.0, 1 / 35.0)]
    [TestCase(Alternative.Less, 0.0, 1.0)]
    [TestCase(Alternative.TwoSided, 0.0, 2 / 35.0)]
    [TestCase(Alternative.Greater, 1.0, 1.0)]   // difference 0.5 < margin 1: inside H0
    [TestCase(Alternative.Less, 1.0, 1 / 35.0)]
    [TestCase(Alternative.Greater, 0.5, 1.0)]   // difference exactly the margin: in every null, p = 1
    [TestCase(Alternative.Less, 0.5, 1.0)]
    [TestCase(Alternative.TwoSided, 0.5, 1.0)]
    public void Zero_variance_in_both_arms_gives_the_relabelling_p(Alternative alternative, double margin, double expected)
    {
        double[] a = [1.5, 1.5, 1.5];
        double[] b = [1.0, 1.0, 1.0, 1.0];
        foreach (var test in new Func<double, TestResult>[] { c => TwoSampleTests.Welch(a, b, alternative, margin, c), c => TwoSampleTests.Student(a, b, alternative, margin, c) })
        {
            var r = test(0.95);
            var r90 = test(0.90);
            Assert.Multiple(() =>
            {
                Assert.That(r.PValue, Is.EqualTo(expected).Within(1e-15), r.Test);
                Assert.That(r.DegreesOfFreedom, Is.Null, "degrees of freedom are undefined (0/0)");
                Assert.That(double.IsNaN(r.Statistic), Is.False);
                // The interval inverts the same test: 1/35 = 0.029 is above the 95 % interval's 0.025 tails (no
                // difference can be excluded) and below the 90 % interval's 0.05 tails (every other one is).
                Assert.That((r.DifferenceInterval.Low, r.DifferenceInterval.High), Is.EqualTo((double.NegativeInfinity, double.PositiveInfinity)));
                Assert.That((r90.DifferenceInterval.Low, r90.DifferenceInterval.High), Is.EqualTo((0.5, 0.5)));
            });
        }
    }

    [Test]
    public void Identical_constant_arms_give_p_one_and_statistic_zero()
    {
        double[] a = [0.9, 0.9, 0.9];
        var r = TwoSampleTests.Welch(a, a, Alternative.TwoSided);
        Assert.That((r.Statistic, r.PValue), Is.EqualTo((0.0, 1.0)));
    }

    [Test]
    public void Paired_t_with_constant_differences_gives_the_sign_flip_p()
    {
        // Differences exactly 0.5 (binary-exact values): the observed signs are 1 of 2³ patterns.
        var r = TwoSampleTests.PairedT([1.5, 2.5, 3.5], [1.0, 2.0, 3.0]);
        Assert.Multiple(() =>
        {
            Assert.That(r.PValue, Is.EqualTo(0.125));
            Assert.That(r.Statistic, Is.EqualTo(double.PositiveInfinity));
            Assert.That(TwoSampleTests.PairedT([1.5, 2.5, 3.5], [1.0, 2.0, 3.0], margin: 0.5).PValue, Is.EqualTo(1.0));
            Assert.That(TwoSampleTests.PairedT([1.5, 2.5, 3.5], [1.0, 2.0, 3.0], Alternative.TwoSided).PValue, Is.EqualTo(0.25));
        });
    }

    [Test]
    public void Differences_equal_up_to_rounding_have_no_spread()
    {
        // 0.9 − 0.85 and 0.8 − 0.75 differ in the last bit; a t statistic on that noise would be enormous.
        var r = TwoSampleTests.PairedT([0.9, 0.8, 0.7], [0.85, 0.75, 0.65]);
        var one = OneSampleTests.T([0.1 + 0.2, 0.3, 0.3], 0.25);
        Assert.Multiple(() =>
        {
            Assert.That(r.PValue, Is.EqualTo(0.125), "the sign-flip p of three equal differences");
            Assert.That(r.DegreesOfFreedom, Is.Null);
            Assert.That(one.PValue, Is.EqualTo(0.125));
        });
    }

    [Test]
    public void The_issues_example_three_seeds_at_29_of_30_do_not_support_a_mean_of_at_least_095()
    {
        var r = OneSampleTests.T([29 / 30.0, 29 / 30.0, 29 / 30.0], 0.95);
        Assert.That(r.PValue, Is.EqualTo(0.125));
    }

    [Test]
    public void One_constant_arm_uses_the_other_arms_degrees_of_freedom()
    {
        // With sA = 0 Welch's test is the one-sample t test of B against mean(A): df = nB − 1.
        var r = TwoSampleTests.Welch([0.9, 0.9, 0.9], [0.85, 0.87, 0.86, 0.88]);
        Assert.That(r.DegreesOfFreedom, Is.EqualTo(3).Within(1e-12));
    }

    [Test]
    public void All_ties_give_p_one_for_rank_tests()
    {
        double[] same = [0.9, 0.9, 0.9, 0.9];
        Assert.Multiple(() =>
        {
            Assert.That(TwoSampleTests.MannWhitney(same, same, Alternative.TwoSided).PValue, Is.EqualTo(1.0));
            Assert.That(TwoSampleTests.MannWhitney(same, same, Alternative.Greater).PValue, Is.EqualTo(1.0));
            var wilcoxon = TwoSampleTests.Wilcoxon(same, same, Alternative.TwoSided);
            Assert.That((wilcoxon.Statistic, wilcoxon.PValue), Is.EqualTo((0.0, 1.0)), "all differences zero");
            Assert.That(TwoSampleTests.Permutation(same, same, Alternative.TwoSided).PValue, Is.EqualTo(1.0));
        });
    }

    [Test]
    public void Exact_rank_method_under_ties_uses_the_distribution_conditional_on_the_ties()
    {
        double[] big = [.. Enumerable.Range(0, 60).Select(i => (double)(i % 5))];
        Assert.Multiple(() =>
        {
            Assert.That(TwoSampleTests.MannWhitney([0.9, 0.8, 0.7], [0.9, 0.6], method: RankMethod.Exact).PValue,
                Is.EqualTo(TwoSampleTests.MannWhitney([0.9, 0.8, 0.7], [0.9, 0.6]).PValue), "Auto chooses the same at this size");
            Assert.That(TwoSampleTests.Wilcoxon([0.9, 0.8, 0.7], [0.9, 0.6, 0.5], method: RankMethod.Exact).PValue,
                Is.EqualTo(TwoSampleTests.Wilcoxon([0.9, 0.8, 0.7], [0.9, 0.6, 0.5]).PValue));
            Assert.That(() => TwoSampleTests.MannWhitney(big, big, method: RankMethod.Exact),
                Throws.ArgumentException.With.Message.Contains("under ties"));
        });
    }

    [Test]
    public void Rank_tests_never_go_below_the_smallest_attainable_p()
    {
        // All tied within each group at n = 3: the observed split is 1 of C(6, 3) = 20, so p = 0.05 exactly (the
        // normal approximation said 0.023). Three equal paired differences: 1 of 2³ sign patterns.
        double[] one = [1.0, 1.0, 1.0];
        double[] zero = [0.0, 0.0, 0.0];
        Assert.Multiple(() =>
        {
            Assert.That(TwoSampleTests.MannWhitney(one, zero).PValue, Is.EqualTo(0.05).Within(1e-15));
            Assert.That(TwoSampleTests.MannWhitney(one, zero, Alternative.TwoSided).PValue, Is.EqualTo(0.1).Within(1e-15));
            Assert.That(TwoSampleTests.Wilcoxon(one, zero).PValue, Is.EqualTo(0.125));
            // Beyond the conditional limit the normal approximation is floored at the relabelling minimum.
            double[] high = [.. Enumerable.Repeat(1.0, 30)];
            double[] low = [.. Enumerable.Repeat(0.0, 30)];
            Assert.That(TwoSampleTests.MannWhitney(high, low, method: RankMethod.Approximate).PValue,
                Is.GreaterThanOrEqualTo(1 / MathNet.Numerics.SpecialFunctions.Binomial(60, 30)));
        });
    }

    [Test]
    public void Options_out_of_range_are_named()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => TwoSampleTests.Welch(Ok, Ok, confidence: 95), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("between 0 and 1"));
            Assert.That(() => TwoSampleTests.Welch(Ok, Ok, margin: double.NaN), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("margin"));
            Assert.That(() => TwoSampleTests.Welch(Ok, Ok, (Alternative)7), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("TwoSided"));
            Assert.That(() => TwoSampleTests.WelchFromSummary(0.9, -0.1, 5, 0.8, 0.1, 5), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("standard deviation of A"));
            Assert.That(() => TwoSampleTests.WelchFromSummary(0.9, 0.1, 1, 0.8, 0.1, 5), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("A has n = 1"));
        });
    }

    [Test]
    public void Summary_of_one_run_has_no_standard_deviation_and_empty_is_rejected()
    {
        var one = Summary.Of([0.9]);
        Assert.Multiple(() =>
        {
            Assert.That((one.N, one.Mean, one.Median, one.Min, one.Max), Is.EqualTo((1, 0.9, 0.9, 0.9, 0.9)));
            Assert.That(one.StandardDeviation, Is.NaN);
            Assert.That(() => Summary.Of([]), Throws.ArgumentException.With.Message.Contains("at least 1"));
            Assert.That(() => Summary.Of([0.9, double.NaN]), Throws.ArgumentException.With.Message.Contains("index 1"));
        });
    }

    [Test]
    public void Constant_sample_has_exactly_zero_spread_whatever_the_rounding()
    {
        // 0.1 + 0.1 + 0.1 ≠ 0.3 in binary: without care the mean would be off and the variance not exactly zero.
        var s = Summary.Of([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]);
        Assert.That((s.Mean, s.StandardDeviation), Is.EqualTo((0.1, 0.0)));
    }

    [Test]
    public void Effect_sizes_with_zero_spread_are_infinite_or_zero_not_NaN()
    {
        Assert.Multiple(() =>
        {
            Assert.That(EffectSizes.CohensD([1.0, 1.0], [0.0, 0.0]), Is.EqualTo(double.PositiveInfinity));
            Assert.That(EffectSizes.HedgesG([0.0, 0.0], [1.0, 1.0]), Is.EqualTo(double.NegativeInfinity));
            Assert.That(EffectSizes.CohensD([1.0, 1.0], [1.0, 1.0]), Is.Zero);
            Assert.That(EffectSizes.CliffsDelta([1.0, 1.0], [1.0, 1.0]), Is.Zero);
            Assert.That(EffectSizes.VarghaDelaneyA12([1.0, 1.0], [1.0, 1.0]), Is.EqualTo(0.5));
        });
    }

    [Test]
    public void Multiplicity_rejects_values_that_are_not_p_values()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Multiplicity.Holm([0.1, double.NaN]), Throws.ArgumentException.With.Message.Contains("p[1] = NaN"));
            Assert.That(() => Multiplicity.BenjaminiHochberg([1.5]), Throws.ArgumentException.With.Message.Contains("[0, 1]"));
            Assert.That(Multiplicity.Holm([]), Is.Empty);
        });
    }
}

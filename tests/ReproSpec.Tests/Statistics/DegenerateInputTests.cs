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
    [TestCase(Alternative.Greater, 0.0, 0.0)]
    [TestCase(Alternative.Less, 0.0, 1.0)]
    [TestCase(Alternative.TwoSided, 0.0, 0.0)]
    [TestCase(Alternative.Greater, 1.0, 1.0)]   // difference 0.5 < margin 1: certainly inside H0
    [TestCase(Alternative.Less, 1.0, 0.0)]
    [TestCase(Alternative.Greater, 0.5, 1.0)]   // difference exactly the margin: in every null, p = 1
    [TestCase(Alternative.Less, 0.5, 1.0)]
    [TestCase(Alternative.TwoSided, 0.5, 1.0)]
    public void Zero_variance_in_both_arms_gives_an_exact_p(Alternative alternative, double margin, double expected)
    {
        double[] a = [1.5, 1.5, 1.5];
        double[] b = [1.0, 1.0, 1.0, 1.0];
        foreach (var r in new[] { TwoSampleTests.Welch(a, b, alternative, margin), TwoSampleTests.Student(a, b, alternative, margin) })
        {
            Assert.Multiple(() =>
            {
                Assert.That(r.PValue, Is.EqualTo(expected), r.Test);
                Assert.That(r.DegreesOfFreedom, Is.Null, "degrees of freedom are undefined (0/0)");
                Assert.That((r.DifferenceInterval.Low, r.DifferenceInterval.High), Is.EqualTo((0.5, 0.5)));
                Assert.That(double.IsNaN(r.Statistic), Is.False);
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
    public void Paired_t_with_constant_differences_is_exact()
    {
        // Differences exactly 0.5 (binary-exact values), so the standard error is exactly zero.
        var r = TwoSampleTests.PairedT([1.5, 2.5, 3.5], [1.0, 2.0, 3.0]);
        Assert.Multiple(() =>
        {
            Assert.That(r.PValue, Is.Zero);
            Assert.That(r.Statistic, Is.EqualTo(double.PositiveInfinity));
            Assert.That(TwoSampleTests.PairedT([1.5, 2.5, 3.5], [1.0, 2.0, 3.0], margin: 0.5).PValue, Is.EqualTo(1.0));
        });
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
    public void Exact_rank_method_is_refused_when_ties_invalidate_it()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => TwoSampleTests.MannWhitney([0.9, 0.8, 0.7], [0.9, 0.6], method: RankMethod.Exact),
                Throws.ArgumentException.With.Message.Contains("RankMethod.Approximate"));
            Assert.That(() => TwoSampleTests.Wilcoxon([0.9, 0.8, 0.7], [0.9, 0.6, 0.5], method: RankMethod.Exact),
                Throws.ArgumentException.With.Message.Contains("zero or tied differences"));
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

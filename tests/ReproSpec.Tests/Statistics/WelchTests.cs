using ReproSpec.Statistics;

namespace ReproSpec.Tests.Statistics;

public class WelchTests
{
    // scipy 1.10.1: ttest_ind(a, b, equal_var=False, alternative="greater"); df and interval from stats.t.
    static readonly double[] A = [0.91, 0.93, 0.90, 0.94, 0.92];
    static readonly double[] B = [0.88, 0.90, 0.89, 0.87];

    [Test]
    public void Matches_scipy_on_a_small_sample()
    {
        var r = TwoSampleTests.Welch(A, B);
        Assert.Multiple(() =>
        {
            Assert.That(r.Statistic, Is.EqualTo(3.6556307750696706).Within(1e-9).Percent);
            Assert.That(r.PValue, Is.EqualTo(0.004078085414195851).Within(1e-6).Percent);
            Assert.That(r.DegreesOfFreedom, Is.EqualTo(6.980769230769228).Within(1e-9).Percent);
            Assert.That(r.DifferenceInterval.Low, Is.EqualTo(0.012347797188183608).Within(1e-6).Percent);
            Assert.That(r.DifferenceInterval.High, Is.EqualTo(0.057652202811816676).Within(1e-6).Percent);
            Assert.That(r.Estimate, Is.EqualTo(0.035).Within(1e-12));
        });
    }

    [Test]
    public void Margin_shifts_the_null_like_shifting_A()
    {
        var r = TwoSampleTests.Welch(A, B, Alternative.Greater, margin: 0.02);
        Assert.Multiple(() =>
        {
            Assert.That(r.Statistic, Is.EqualTo(1.5666989036012824).Within(1e-9).Percent);
            Assert.That(r.PValue, Is.EqualTo(0.08064292814465189).Within(1e-6).Percent);
        });
    }

    [Test]
    public void From_summary_equals_from_raw_values()
    {
        var a = Summary.Of(A);
        var b = Summary.Of(B);
        var raw = TwoSampleTests.Welch(A, B, Alternative.TwoSided);
        var summary = TwoSampleTests.WelchFromSummary(a.Mean, a.StandardDeviation, a.N, b.Mean, b.StandardDeviation, b.N, Alternative.TwoSided);
        Assert.That(summary.PValue, Is.EqualTo(raw.PValue).Within(1e-12));
    }
}

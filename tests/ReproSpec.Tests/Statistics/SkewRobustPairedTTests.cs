using ReproSpec.Statistics;

namespace ReproSpec.Tests.Statistics;

/// <summary>
/// The default paired test (issue #25): Hall's statistic against SciPy, its inverse, the table's shape, and the p-value
/// and interval agreeing with each other. Its error rates on skewed data are checked by simulation in DataKindSimulationTests.
/// </summary>
public class SkewRobustPairedTTests
{
    static readonly double[] Differences = [0.3, -1.2, 0.8, 0.5, 0.1, 0.9, -0.4, 0.7];

    [Test]
    public void Hall_statistic_and_skewness_match_scipy()
    {
        // /usr/bin/python3: t = √n (mean − 0.1) / sd(ddof=1); g = scipy.stats.skew(d) · ((n − 1)/n)^1.5; H = t + g/(6√n)(1 + 2t²) + g²/(27n) t³.
        var n = Differences.Length;
        var mean = Differences.Average();
        var sd = Math.Sqrt(Differences.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        var t = Math.Sqrt(n) * (mean - 0.1) / sd;
        var g = SkewRobustPairedT.Skewness(Differences, mean, sd);
        Assert.Multiple(() =>
        {
            Assert.That(t, Is.EqualTo(0.4481630946484644).Within(1e-12));
            Assert.That(g, Is.EqualTo(-0.8316638553769842).Within(1e-12));
            Assert.That(SkewRobustPairedT.Statistic(t, g, n), Is.EqualTo(0.37975923796332073).Within(1e-12));
            Assert.That(SkewRobustPairedT.InverseStatistic(2.0, g, n), Is.EqualTo(2.7009055330992173).Within(1e-9), "scipy.optimize.brentq of H(t) = 2");
        });
    }

    [Test]
    public void The_test_reports_hall_statistic_and_the_tabled_tail_of_it()
    {
        var zeros = new double[Differences.Length];
        var result = SkewRobustPairedT.Test(Differences, zeros, Alternative.Greater, 0.12);
        var n = Differences.Length;
        var mean = Differences.Average();
        var sd = Math.Sqrt(Differences.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        var h = SkewRobustPairedT.Statistic(Math.Sqrt(n) * (mean - 0.12) / sd, SkewRobustPairedT.Skewness(Differences, mean, sd), n);
        Assert.Multiple(() =>
        {
            Assert.That(result.Test, Is.EqualTo(SkewRobustPairedT.Name), "no two |d − 0.12| tie");
            Assert.That(result.Statistic, Is.EqualTo(h).Within(1e-12));
            Assert.That(result.PValue, Is.EqualTo(SkewRobustPairedT.UpperTail(h, n)));
            Assert.That(result.Estimate, Is.EqualTo(mean).Within(1e-15));
        });
    }

    [Test]
    public void Tied_differences_take_the_larger_of_its_p_and_the_exact_sign_flip_p()
    {
        // 0.1 − 0.1 = 0 is a tie: the sign-flip test's null (symmetry) may hold where the skewed family does not.
        var zeros = new double[Differences.Length];
        var result = SkewRobustPairedT.Test(Differences, zeros, Alternative.Greater, 0.1);
        var (greater, _) = SignFlip.Tails(Differences, 0.1, SignFlip.TieTolerance(1.2));
        Assert.Multiple(() =>
        {
            Assert.That(result.Test, Is.EqualTo(SkewRobustPairedT.Name + SkewRobustPairedT.TiesSuffix));
            Assert.That(result.Statistic, Is.EqualTo(0.37975923796332073).Within(1e-12), "Hall's statistic as SciPy computes it");
            Assert.That(result.PValue, Is.EqualTo(Math.Max(greater, SkewRobustPairedT.UpperTail(result.Statistic, Differences.Length))));
        });
    }

    [Test]
    public void Critical_values_fall_with_the_level_and_the_seeds_and_are_never_below_the_t_test()
    {
        foreach (var n in new[] { 2, 3, 5, 10, 20, 40, 45, 60, 200, 500 })
        {
            var previous = double.PositiveInfinity;
            foreach (var level in new[] { 1e-4, 1e-3, 0.01, 0.025, 0.05, 0.1, 0.3, 0.5 })
            {
                var critical = SkewRobustPairedT.CriticalValue(n, level);
                Assert.That(critical, Is.LessThanOrEqualTo(previous), $"n = {n}, level {level}");
                Assert.That(critical, Is.GreaterThanOrEqualTo(SkewRobustPairedT.CriticalValue(n + 1, level)), $"n = {n} against n + 1, level {level}");
                // The family holds the normal, where H is close to t: the robust value is at least t's, less a Monte Carlo hair.
                Assert.That(critical, Is.GreaterThanOrEqualTo(StudentQuantile.Upper(n - 1, level) * 0.97), $"n = {n}, level {level}: t's critical value");
                previous = critical;
            }
        }
        Assert.That(SkewRobustPairedT.CriticalValue(10, SkewRobustPairedT.SmallestP / 2), Is.EqualTo(double.PositiveInfinity), "below the table's smallest p nothing rejects");
        Assert.That(SkewRobustPairedT.UpperTail(1e9, 10), Is.EqualTo(SkewRobustPairedT.SmallestP), "p is never reported below what the table resolves");
    }

    [Test]
    public void Mirrored_differences_give_the_opposite_direction_the_same_p()
    {
        var random = new SeededRandom(7);
        var a = Enumerable.Range(0, 12).Select(_ => random.NextDouble() * random.NextDouble()).ToArray();
        var b = Enumerable.Range(0, 12).Select(_ => random.NextDouble() * 0.2).ToArray();
        var greater = SkewRobustPairedT.Test(a, b, Alternative.Greater, 0.05);
        var less = SkewRobustPairedT.Test(b, a, Alternative.Less, -0.05);
        Assert.Multiple(() =>
        {
            Assert.That(less.PValue, Is.EqualTo(greater.PValue));
            Assert.That(less.Statistic, Is.EqualTo(-greater.Statistic).Within(1e-12));
        });
    }

    [Test]
    public void The_interval_ends_are_the_margins_where_each_one_sided_test_stops_rejecting()
    {
        var random = new SeededRandom(11);
        var b = Enumerable.Range(0, 15).Select(_ => random.NextDouble()).ToArray();
        var a = b.Select(v => v + 0.3 - Math.Pow(random.NextDouble(), 4)).ToArray();
        const double confidence = 0.9;
        var interval = SkewRobustPairedT.Test(a, b, Alternative.TwoSided, 0, confidence).DifferenceInterval;
        var level = (1 - confidence) / 2;
        var width = interval.High - interval.Low;
        Assert.Multiple(() =>
        {
            Assert.That(SkewRobustPairedT.Test(a, b, Alternative.Greater, interval.Low - 1e-6 * width).PValue, Is.LessThanOrEqualTo(level), "just below the lower end: rejected");
            Assert.That(SkewRobustPairedT.Test(a, b, Alternative.Greater, interval.Low + 1e-6 * width).PValue, Is.GreaterThan(level), "just above it: not");
            Assert.That(SkewRobustPairedT.Test(a, b, Alternative.Less, interval.High + 1e-6 * width).PValue, Is.LessThanOrEqualTo(level), "just above the upper end: rejected");
            Assert.That(SkewRobustPairedT.Test(a, b, Alternative.Less, interval.High - 1e-6 * width).PValue, Is.GreaterThan(level), "just below it: not");
            Assert.That(interval.Low, Is.LessThan(a.Zip(b, (x, y) => x - y).Average()).And.LessThan(interval.High));
        });
    }

    [Test]
    public void Differences_without_spread_are_judged_by_the_sign_flip_bound_and_named()
    {
        var result = SkewRobustPairedT.Test([1.5, 1.5, 1.5, 1.5, 1.5], [1.0, 1.0, 1.0, 1.0, 1.0], Alternative.Greater, 0);
        Assert.Multiple(() =>
        {
            Assert.That(result.Test, Is.EqualTo(SkewRobustPairedT.Name));
            Assert.That(result.PValue, Is.EqualTo(Math.Pow(2, -5)));
            Assert.That(result.DegreesOfFreedom, Is.Null);
        });
    }
}

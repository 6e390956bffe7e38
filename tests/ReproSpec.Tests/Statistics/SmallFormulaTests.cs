using ReproSpec.Statistics;

namespace ReproSpec.Tests.Statistics;

/// <summary>Hand-worked and published examples, and exact properties of the rank distributions.</summary>
public class SmallFormulaTests
{
    [Test]
    public void Holm_by_hand()
    {
        // p = (0.01, 0.04, 0.03, 0.005), m = 4. Sorted: 0.005, 0.01, 0.03, 0.04 with factors 4, 3, 2, 1:
        // 0.02, 0.03, 0.06, 0.04 → running maximum 0.02, 0.03, 0.06, 0.06. Back in input order:
        Assert.That(Multiplicity.Holm([0.01, 0.04, 0.03, 0.005]), Is.EqualTo(new[] { 0.03, 0.06, 0.06, 0.02 }).Within(1e-15));
    }

    [Test]
    public void Benjamini_Hochberg_rejects_four_of_the_fifteen_in_their_1995_example()
    {
        double[] p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.0];
        var rejected = Multiplicity.BenjaminiHochberg(p).Select(q => q <= 0.05).ToArray();
        Assert.That(rejected, Is.EqualTo(Enumerable.Range(0, 15).Select(i => i < 4).ToArray()));
    }

    [Test]
    public void Adjusted_p_values_never_fall_below_the_raw_ones_and_Holm_is_the_stricter()
    {
        var random = new SeededRandom(3);
        var p = Enumerable.Range(0, 40).Select(_ => random.NextDouble() * 0.1).ToArray();
        var holm = Multiplicity.Holm(p);
        var bh = Multiplicity.BenjaminiHochberg(p);
        Assert.Multiple(() =>
        {
            for (var i = 0; i < p.Length; i++)
            {
                Assert.That(bh[i], Is.GreaterThanOrEqualTo(p[i]));
                Assert.That(holm[i], Is.GreaterThanOrEqualTo(bh[i]));
            }
        });
    }

    [TestCase(3, 4)]
    [TestCase(8, 8)]
    [TestCase(5, 17)]
    public void Mann_whitney_counts_sum_to_the_number_of_labellings_and_are_symmetric(int m, int n)
    {
        var counts = RankDistributions.MannWhitneyCounts(m, n);
        Assert.Multiple(() =>
        {
            Assert.That(counts.Sum(), Is.EqualTo(MathNet.Numerics.SpecialFunctions.Binomial(m + n, m)).Within(1e-9).Percent);
            Assert.That(counts, Is.EqualTo(counts.Reverse().ToArray()));
            Assert.That(RankDistributions.MannWhitneyCounts(n, m), Is.EqualTo(counts));
        });
    }

    [Test]
    public void Wilcoxon_counts_for_three_pairs_by_hand()
    {
        // Ranks {1, 2, 3}: subsets sums 0, 1, 2, 3 (twice: {3}, {1,2}), 4, 5, 6 → 1, 1, 1, 2, 1, 1, 1.
        Assert.That(RankDistributions.WilcoxonCounts(3), Is.EqualTo(new double[] { 1, 1, 1, 2, 1, 1, 1 }));
        Assert.That(RankDistributions.WilcoxonCounts(20).Sum(), Is.EqualTo(Math.Pow(2, 20)));
    }

    [Test]
    public void Hedges_correction_matches_its_well_known_approximation()
    {
        foreach (var nu in new[] { 10, 38, 200 })
            Assert.That(EffectSizes.HedgesCorrection(nu), Is.EqualTo(1 - 3.0 / (4 * nu - 1)).Within(0.002), $"ν = {nu}");
    }

    [Test]
    public void Cliffs_delta_by_hand()
    {
        // A = {1, 2, 3}, B = {2, 4}: pairs A > B: (3,2) = 1; A < B: (1,2), (1,4), (2,4), (3,4) = 4; tie (2,2).
        Assert.Multiple(() =>
        {
            Assert.That(EffectSizes.CliffsDelta([1, 2, 3], [2, 4]), Is.EqualTo((1 - 4) / 6.0).Within(1e-15));
            Assert.That(EffectSizes.VarghaDelaneyA12([1, 2, 3], [2, 4]), Is.EqualTo((1 + 0.5) / 6).Within(1e-15));
        });
    }

    [TestCase(5, 3)]   // drops 1 from each end
    [TestCase(3, 3)]   // drops nothing: the mean
    [TestCase(10, 6)]  // drops 2 from each end
    public void Interquartile_mean_keeps_the_documented_number_of_values(int n, int kept)
    {
        // Values 1..n: the kept ones are consecutive and centred, so their mean is (n + 1) / 2 — use a skewed set instead.
        var values = Enumerable.Range(1, n).Select(i => (double)i * i).ToArray();
        var cut = (n - kept) / 2;
        Assert.That(Robust.InterquartileMean(values), Is.EqualTo(values.Skip(cut).Take(kept).Average()).Within(1e-12));
    }

    [Test]
    public void One_sided_interval_is_one_end_of_the_two_sided_interval_at_twice_the_error()
    {
        double[] a = [0.91, 0.93, 0.90, 0.94, 0.92];
        double[] b = [0.88, 0.90, 0.89, 0.87];
        var lower = Intervals.WelchDifference(a, b, 0.95, Alternative.Greater);
        var upper = Intervals.WelchDifference(a, b, 0.95, Alternative.Less);
        var two = Intervals.WelchDifference(a, b, 0.90);
        Assert.Multiple(() =>
        {
            Assert.That(lower.Low, Is.EqualTo(two.Low).Within(1e-12));
            Assert.That(upper.High, Is.EqualTo(two.High).Within(1e-12));
            Assert.That((lower.High, upper.Low), Is.EqualTo((double.PositiveInfinity, double.NegativeInfinity)));
        });
    }

    [Test]
    public void Interval_and_test_agree_one_sided_bound_below_margin_iff_opposite_test_rejects()
    {
        double[] a = [0.91, 0.93, 0.90, 0.94, 0.92];
        double[] b = [0.88, 0.90, 0.89, 0.87];
        var upper = Intervals.WelchDifference(a, b, 0.95, Alternative.Less).High;
        // Margins just above and below the 95 % upper bound: the Less test rejects only for the larger margin.
        Assert.Multiple(() =>
        {
            Assert.That(TwoSampleTests.Welch(a, b, Alternative.Less, upper + 1e-6).PValue, Is.LessThan(0.05));
            Assert.That(TwoSampleTests.Welch(a, b, Alternative.Less, upper - 1e-6).PValue, Is.GreaterThan(0.05));
        });
    }

    [Test]
    public void Seeded_random_integers_are_uniform_and_in_range()
    {
        var random = new SeededRandom(99);
        var counts = new int[7];
        for (var i = 0; i < 70_000; i++) counts[random.NextInt(7)]++;
        // χ² with 6 degrees of freedom: 22.5 is its 0.999 quantile.
        var chiSquare = counts.Sum(c => Math.Pow(c - 10_000, 2) / 10_000);
        Assert.That(chiSquare, Is.LessThan(22.5));
    }
}

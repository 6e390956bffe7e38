using ReproSpec.Statistics;

namespace ReproSpec.Tests.Statistics;

public class PermutationTests
{
    static double[] Sample(ulong seed, int n, double shift)
    {
        var random = new SeededRandom(seed);
        return Enumerable.Range(0, n).Select(_ => 0.9 + shift + 0.02 * (random.NextDouble() - 0.5)).ToArray();
    }

    [Test]
    public void Monte_carlo_p_agrees_with_full_enumeration_within_its_standard_error()
    {
        // 12 + 12 runs: C(24, 12) ≈ 2.7 million arrangements, so 10,000 resamples go Monte Carlo; asking for as many
        // resamples as arrangements makes the test enumerate them all instead.
        var a = Sample(1, 12, 0.004);
        var b = Sample(2, 12, 0);
        var monteCarlo = TwoSampleTests.Permutation(a, b, seed: 4);
        var exact = TwoSampleTests.Permutation(a, b, resamples: 2_704_156);
        var standardError = Math.Sqrt(exact.PValue * (1 - exact.PValue) / 10_000);
        Assert.Multiple(() =>
        {
            Assert.That(monteCarlo.Test, Is.EqualTo("Permutation (Monte Carlo)"));
            Assert.That(exact.Test, Is.EqualTo("Permutation (exact)"));
            Assert.That(monteCarlo.PValue, Is.EqualTo(exact.PValue).Within(4 * standardError + 1e-4));
            Assert.That(exact.PValue, Is.InRange(0.001, 0.5), "the example should not sit at an extreme");
        });
    }

    [Test]
    public void Paired_monte_carlo_p_agrees_with_full_enumeration()
    {
        var a = Sample(3, 22, 0.002);
        var b = a.Zip(Sample(4, 22, 0), (x, noise) => x - 0.002 + (noise - 0.9)).ToArray();
        var monteCarlo = TwoSampleTests.Permutation(a, b, Alternative.TwoSided, paired: true, seed: 1);
        var exact = TwoSampleTests.Permutation(a, b, Alternative.TwoSided, paired: true, resamples: 1 << 22);
        var standardError = Math.Sqrt(exact.PValue * (1 - exact.PValue) / 10_000);
        Assert.Multiple(() =>
        {
            Assert.That(monteCarlo.Test, Is.EqualTo("Paired permutation (Monte Carlo)"));
            Assert.That(exact.Test, Is.EqualTo("Paired permutation (exact)"));
            Assert.That(monteCarlo.PValue, Is.EqualTo(exact.PValue).Within(2 * 4 * standardError + 1e-4));
        });
    }

    [Test]
    public void Monte_carlo_p_is_never_zero_and_is_reproducible()
    {
        // Completely separated arms: no random relabelling reaches the observed difference, p = 1/(R + 1).
        var a = Enumerable.Range(0, 15).Select(i => 1.0 + i * 0.001).ToArray();
        var b = Enumerable.Range(0, 15).Select(i => 0.0 + i * 0.001).ToArray();
        var first = TwoSampleTests.Permutation(a, b, resamples: 999, seed: 7);
        Assert.Multiple(() =>
        {
            Assert.That(first.PValue, Is.EqualTo(1.0 / 1000));
            Assert.That(TwoSampleTests.Permutation(a, b, resamples: 999, seed: 7), Is.EqualTo(first));
        });
    }

    [Test]
    public void Exact_p_counts_arrangements_as_worked_by_hand()
    {
        // A = {3, 4}, B = {1, 2}: of the C(4, 2) = 6 labellings only {3, 4} has a difference of means ≥ 2, so
        // p(greater) = 1/6; p(less) = 6/6; two-sided = min(1, 2 · 1/6) = 1/3.
        double[] a = [3, 4];
        double[] b = [1, 2];
        Assert.Multiple(() =>
        {
            Assert.That(TwoSampleTests.Permutation(a, b).PValue, Is.EqualTo(1.0 / 6).Within(1e-15));
            Assert.That(TwoSampleTests.Permutation(a, b, Alternative.Less).PValue, Is.EqualTo(1.0).Within(1e-15));
            Assert.That(TwoSampleTests.Permutation(a, b, Alternative.TwoSided).PValue, Is.EqualTo(1.0 / 3).Within(1e-15));
            Assert.That(TwoSampleTests.Permutation(a, b).Statistic, Is.EqualTo(2.0));
        });
    }

    [Test]
    public void Ties_in_exact_arithmetic_count_as_ties_despite_rounding()
    {
        // A = {0.1, 0.2}, B = {0.3, 0}: 0.1 + 0.2 = 0.30000000000000004 in binary, but the labelling {0.3, 0} has the
        // same sum in exact arithmetic and must count. Sums ≥ 0.3: {0.1,0.2}, {0.1,0.3}, {0.2,0.3}, {0.3,0} → 4/6.
        Assert.That(TwoSampleTests.Permutation([0.1, 0.2], [0.3, 0.0]).PValue, Is.EqualTo(4.0 / 6).Within(1e-15));
    }

    [Test]
    public void Margin_is_a_shift_of_A()
    {
        double[] a = [0.91, 0.93, 0.92, 0.95];
        double[] b = [0.90, 0.89, 0.91, 0.90, 0.88];
        var withMargin = TwoSampleTests.Permutation(a, b, margin: 0.01);
        var shifted = TwoSampleTests.Permutation(a.Select(x => x - 0.01).ToArray(), b);
        Assert.Multiple(() =>
        {
            Assert.That(withMargin.PValue, Is.EqualTo(shifted.PValue));
            Assert.That(withMargin.Estimate, Is.EqualTo(a.Average() - b.Average()).Within(1e-15), "the estimate is not shifted");
        });
    }

    [Test]
    public void Interval_is_a_bootstrap_interval_around_the_difference()
    {
        var a = Sample(5, 10, 0.01);
        var b = Sample(6, 10, 0);
        var r = TwoSampleTests.Permutation(a, b, confidence: 0.9, seed: 3);
        var bootstrap = Bootstrap.Percentile(a, b, confidence: 0.9, seed: 3 ^ 0x5EED_B007_5EED_B007);
        Assert.Multiple(() =>
        {
            Assert.That(r.DifferenceInterval, Is.EqualTo(bootstrap.Interval));
            Assert.That(r.DifferenceInterval.Contains(r.Estimate), Is.True);
        });
    }
}

/// <summary>Monte Carlo permutation tests on large pools (selection sampling) and both directions from one pass.</summary>
public class LargePermutationTests
{
    [Test]
    public void Both_directions_from_one_pass_equal_two_calls_with_the_same_seed([Values(false, true)] bool paired, [Values(30, 80_000)] int n)
    {
        var random = new SeededRandom(77);
        var a = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        var b = Enumerable.Range(0, n).Select(_ => random.NextDouble() + 0.001).ToArray();
        var (result, opposite) = TwoSampleTests.PermutationBothWays(a, b, Alternative.Greater, 0, 0.9, paired, 200, 5, withInterval: false);
        var less = TwoSampleTests.Permutation(a, b, Alternative.Less, 0, 0.9, paired, 200, 5, withInterval: false);
        var greater = TwoSampleTests.Permutation(a, b, Alternative.Greater, 0, 0.9, paired, 200, 5, withInterval: false);
        Assert.Multiple(() =>
        {
            Assert.That(opposite, Is.EqualTo(less.PValue));
            Assert.That(result.PValue, Is.EqualTo(greater.PValue));
        });
    }

    /// <summary>
    /// Above <see cref="TwoSampleTests.SequentialSelectionFrom"/> pooled values each arrangement is drawn by selection
    /// sampling. Its p-value must agree with the permutation distribution's own: the sum of a uniform k-subset of the
    /// pool has mean k·x̄ and variance k(N − k)/(N(N − 1))·Σ(x − x̄)², normal at this size.
    /// </summary>
    [TestCase(0.0)]
    [TestCase(0.006)]
    [TestCase(0.012)]
    public void Selection_sampling_draws_uniform_subsets_on_large_pools(double shift)
    {
        const int n = 60_000;
        const int resamples = 400;
        var random = new SeededRandom(2512);
        var a = Enumerable.Range(0, n).Select(_ => random.NextDouble() + shift).ToArray();
        var b = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        Assert.That(a.Length + b.Length, Is.GreaterThan(TwoSampleTests.SequentialSelectionFrom));
        var p = TwoSampleTests.Permutation(a, b, Alternative.Greater, 0, 0.9, paired: false, resamples, seed: 9, withInterval: false).PValue;
        double[] pool = [.. a, .. b];
        var mean = pool.Average();
        var squares = pool.Sum(v => (v - mean) * (v - mean));
        double total = pool.Length;
        var sd = Math.Sqrt(n * (total - n) / (total * (total - 1)) * squares);
        var expected = 1 - MathNet.Numerics.Distributions.Normal.CDF(n * mean, sd, a.Sum());
        var allowance = 4 * Math.Sqrt(Math.Max(expected * (1 - expected), 0.01) / resamples) + 1.0 / resamples;
        Assert.That(p, Is.EqualTo(expected).Within(allowance), $"Monte Carlo p {p} against the permutation distribution's {expected}");
    }
}

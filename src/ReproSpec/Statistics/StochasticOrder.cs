using MathNet.Numerics.Distributions;

namespace ReproSpec.Statistics;

/// <summary>Distribution-level comparisons of A and B: almost stochastic order (ε_min) and the probability that A beats B.</summary>
/// <remarks>
/// Means can hide what matters for seeds: a method that is better on average but sometimes collapses. These
/// comparisons look at the whole score distribution instead. Higher scores are better; negate losses first.
/// </remarks>
public static class StochasticOrder
{
    /// <summary>Default rejection threshold τ for ε_min: the value deep-significance recommends (ε_min &lt; 0.2), stricter than the 0.5 of Dror et al.</summary>
    public const double DefaultThreshold = 0.2;

    /// <summary>Almost stochastic order (del Barrio et al. 2018; Dror et al. 2019): how far A is from stochastically dominating B.</summary>
    /// <remarks>
    /// The violation ratio ε_W2 = ∫_{F⁻¹(t) &lt; G⁻¹(t)} (F⁻¹(t) − G⁻¹(t))² dt / ∫ (F⁻¹(t) − G⁻¹(t))² dt compares the
    /// quantile functions F⁻¹ of A and G⁻¹ of B: 0 when A's quantiles are everywhere at least B's, 1 when never.
    /// ε_min = ε_W2 + Φ⁻¹(confidence) σ̂ / √(nm/(n+m)) is its upper confidence bound, clipped to [0, 1], where σ̂ is
    /// the bootstrap standard deviation of √(k/2)(ε*_W2 − ε_W2) over <paramref name="bootstrap"/> resamples of k =
    /// <paramref name="resampleSize"/> scores from each arm, as in deep-significance's aso() (Ulmer et al. 2022).
    /// Unlike deep-significance, which sums the integrals on a grid of step 0.005, the integrals here are exact
    /// (the empirical quantile functions are step functions). "A almost stochastically dominates B" when ε_min &lt;
    /// <paramref name="threshold"/>. Two samples with identical empirical distributions give ε_W2 = 0.5: neither dominates.
    /// </remarks>
    public static AlmostStochasticOrderResult AlmostStochasticOrder(ReadOnlySpan<double> a, ReadOnlySpan<double> b,
        double confidence = 0.95, int bootstrap = 1000, ulong seed = 0, int resampleSize = 1000, double threshold = DefaultThreshold)
    {
        SampleChecks.RequireSample(a, 1, nameof(a), "almost stochastic order");
        SampleChecks.RequireSample(b, 1, nameof(b), "almost stochastic order");
        SampleChecks.RequireConfidence(confidence);
        if (bootstrap < 2)
            throw new ArgumentOutOfRangeException(nameof(bootstrap), bootstrap, "Use at least 2 bootstrap resamples to estimate σ (1,000 is the usual choice).");
        if (resampleSize < 1)
            throw new ArgumentOutOfRangeException(nameof(resampleSize), resampleSize, "resampleSize must be positive (deep-significance uses 1,000).");
        if (!(threshold > 0 && threshold <= 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold τ must lie in (0, 1]; 0.2 is recommended, 0.5 is the original.");

        var sortedA = Sorted(a);
        var sortedB = Sorted(b);
        var onesA = Ones(a.Length);
        var onesB = Ones(b.Length);
        var ratio = ViolationRatio(sortedA, onesA, sortedB, onesB);

        // Resampling k scores from an empirical distribution = multinomial counts over its sorted values, so each
        // resample needs no sort and its quantile function is the same step function with other step widths.
        var random = new SeededRandom(seed, stream: 0x41_534F);
        var countsA = new int[a.Length];
        var countsB = new int[b.Length];
        var samples = new double[bootstrap];
        for (var r = 0; r < bootstrap; r++)
        {
            Resample(random, countsA, resampleSize);
            Resample(random, countsB, resampleSize);
            samples[r] = ViolationRatio(sortedA, countsA, sortedB, countsB);
        }

        var sigma = Math.Sqrt(resampleSize / 2.0) * PopulationSd(samples);
        var scale = Math.Sqrt((double)a.Length * b.Length / (a.Length + b.Length));
        var epsilonMin = Math.Clamp(ratio + Normal.InvCDF(0, 1, confidence) * sigma / scale, 0, 1);
        return new AlmostStochasticOrderResult(epsilonMin, ratio, sigma, confidence, threshold, bootstrap, resampleSize, seed);
    }

    /// <summary>The violation ratio ε_W2 of A against B (0: A's quantiles never below B's; 1: always below), without the bootstrap bound.</summary>
    public static double ViolationRatio(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        SampleChecks.RequireSample(a, 1, nameof(a), "the violation ratio");
        SampleChecks.RequireSample(b, 1, nameof(b), "the violation ratio");
        return ViolationRatio(Sorted(a), Ones(a.Length), Sorted(b), Ones(b.Length));
    }

    /// <summary>P(A &gt; B) + ½ P(A = B) for one run of each, with a Newcombe (2006, method 5) interval.</summary>
    /// <remarks>
    /// The estimate is the Mann–Whitney U of A over n·m. The interval is the set of θ with
    /// (θ̂ − θ)² ≤ z² V(θ), V the Hanley–McNeil variance with both sample sizes replaced by N* = (n + m)/2
    /// (Newcombe 2006, Stat. Med. 25, 559–573): unlike a Wald interval it stays inside [0, 1] and does not collapse
    /// to a point when every A beats every B. Its coverage under ties is approximate; the test suite measures it.
    /// </remarks>
    public static ProbabilityOfImprovement ProbabilityOfImprovement(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double confidence = 0.95)
    {
        SampleChecks.RequireSample(a, 1, nameof(a), "the probability of improvement");
        SampleChecks.RequireSample(b, 1, nameof(b), "the probability of improvement");
        SampleChecks.RequireConfidence(confidence);

        var wins = 0.0;
        foreach (var x in a)
            foreach (var y in b)
                wins += x > y ? 1 : x == y ? 0.5 : 0;
        var estimate = wins / ((double)a.Length * b.Length);
        var interval = NewcombeInterval(estimate, a.Length, b.Length, confidence);
        return new ProbabilityOfImprovement(estimate, interval, a.Length, b.Length);
    }

    /// <summary>Newcombe's method 5 interval for a Mann–Whitney proportion θ̂ from samples of sizes n and m.</summary>
    internal static ConfidenceInterval NewcombeInterval(double estimate, int n, int m, double confidence)
    {
        var z = Normal.InvCDF(0, 1, (1 + confidence) / 2);
        var nStar = (n + m) / 2.0;
        double Variance(double theta) =>
            theta * (1 - theta) * (1 + (nStar - 1) * (1 - theta) / (2 - theta) + (nStar - 1) * theta / (1 + theta)) / ((double)n * m);
        // g(θ) = (θ̂ − θ)² − z² V(θ) is ≤ 0 at θ̂ and > 0 at the far end of each side (V(0) = V(1) = 0), so each
        // bound is where g turns positive; if θ̂ is 0 or 1 that side's bound is θ̂ itself.
        double Gap(double theta) => (estimate - theta) * (estimate - theta) - z * z * Variance(theta);
        var low = estimate <= 0 ? 0 : Bisect(Gap, outside: 0, inside: estimate);
        var high = estimate >= 1 ? 1 : Bisect(Gap, outside: 1, inside: estimate);
        return new ConfidenceInterval(low, high, confidence);
    }

    /// <summary>Where <paramref name="f"/> turns from ≤ 0 (at <paramref name="inside"/>) to &gt; 0 (at <paramref name="outside"/>), by bisection.</summary>
    static double Bisect(Func<double, double> f, double outside, double inside)
    {
        for (var i = 0; i < 200 && Math.Abs(outside - inside) > 1e-15; i++)
        {
            var mid = (outside + inside) / 2;
            if (f(mid) > 0) outside = mid; else inside = mid;
        }
        return (outside + inside) / 2;
    }

    /// <summary>
    /// ε_W2 between two weighted step quantile functions: sorted values with integer weights (counts). Steps are at
    /// cumulative weight / total weight; the integrals are exact sums over the merged steps.
    /// </summary>
    internal static double ViolationRatio(ReadOnlySpan<double> sortedA, ReadOnlySpan<int> weightsA,
        ReadOnlySpan<double> sortedB, ReadOnlySpan<int> weightsB)
    {
        long totalA = 0, totalB = 0;
        foreach (var w in weightsA) totalA += w;
        foreach (var w in weightsB) totalB += w;

        double squaredDistance = 0, violation = 0;
        int i = NextNonZero(weightsA, 0), j = NextNonZero(weightsB, 0);
        long cumA = weightsA[i], cumB = weightsB[j];
        var previous = 0.0;
        while (true)
        {
            // Compare cumA/totalA with cumB/totalB exactly in integers; the segment ends at the smaller.
            var crossA = cumA * totalB;
            var crossB = cumB * totalA;
            var end = crossA <= crossB ? (double)cumA / totalA : (double)cumB / totalB;
            var diff = sortedB[j] - sortedA[i];
            var width = end - previous;
            squaredDistance += width * diff * diff;
            if (diff > 0) violation += width * diff * diff;
            previous = end;
            if (crossA <= crossB)
            {
                if (cumA == totalA) break;
                i = NextNonZero(weightsA, i + 1);
                cumA += weightsA[i];
            }
            if (crossB <= crossA)
            {
                if (cumB == totalB) break;
                j = NextNonZero(weightsB, j + 1);
                cumB += weightsB[j];
            }
        }
        return squaredDistance == 0 ? 0.5 : violation / squaredDistance;
    }

    static int NextNonZero(ReadOnlySpan<int> weights, int from)
    {
        while (weights[from] == 0) from++;
        return from;
    }

    static void Resample(SeededRandom random, int[] counts, int size)
    {
        Array.Clear(counts);
        for (var k = 0; k < size; k++) counts[random.NextInt(counts.Length)]++;
    }

    static double[] Sorted(ReadOnlySpan<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    static int[] Ones(int n) => Enumerable.Repeat(1, n).ToArray();

    static double PopulationSd(ReadOnlySpan<double> values)
    {
        var mean = Descriptive.Mean(values);
        var sum = 0.0;
        foreach (var v in values) sum += (v - mean) * (v - mean);
        return Math.Sqrt(sum / values.Length);
    }
}

/// <summary>Result of the almost-stochastic-order test: ε_min, the bound on how far A is from dominating B, and its inputs.</summary>
/// <param name="EpsilonMin">Upper confidence bound on the violation ratio; small means A (almost) dominates B.</param>
/// <param name="ViolationRatio">The point estimate ε_W2 from the two samples.</param>
/// <param name="BootstrapSigma">σ̂, the bootstrap standard deviation of √(k/2)(ε* − ε).</param>
/// <param name="Confidence">Confidence of the upper bound (0.95: α = 0.05).</param>
/// <param name="Threshold">τ: A dominates when ε_min &lt; τ.</param>
/// <param name="Bootstrap">Bootstrap iterations used for σ̂.</param>
/// <param name="ResampleSize">Scores drawn per arm in each bootstrap iteration (k).</param>
/// <param name="Seed">Seed of the resampling stream; the same seed gives the same ε_min.</param>
public sealed record AlmostStochasticOrderResult(double EpsilonMin, double ViolationRatio, double BootstrapSigma,
    double Confidence, double Threshold, int Bootstrap, int ResampleSize, ulong Seed)
{
    /// <summary>ε_min &lt; τ: A almost stochastically dominates B at this confidence.</summary>
    public bool ADominates => EpsilonMin < Threshold;
}

/// <summary>P(A &gt; B) + ½ P(A = B) for one run of each arm, with its confidence interval.</summary>
public sealed record ProbabilityOfImprovement(double Estimate, ConfidenceInterval Interval, int NA, int NB);

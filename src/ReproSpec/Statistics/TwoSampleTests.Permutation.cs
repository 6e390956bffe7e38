using MathNet.Numerics;

namespace ReproSpec.Statistics;

public static partial class TwoSampleTests
{
    public const string PermutationName = "Permutation";
    public const string PairedPermutationName = "Paired permutation";

    /// <summary>Enumerate every arrangement when there are at most this many (or at most <c>resamples</c>, if larger).</summary>
    public const int ExactPermutationLimit = 1_000_000;

    /// <summary>
    /// Permutation test of the difference of means, mean(A − δ) − mean(B): relabels runs between arms (unpaired) or
    /// flips the sign of each pair's difference (<paramref name="paired"/>).
    /// </summary>
    /// <remarks>
    /// Exact enumeration when the number of arrangements (C(m + n, m), or 2ⁿ paired) is at most
    /// max(<see cref="ExactPermutationLimit"/>, resamples); otherwise <paramref name="resamples"/> seeded random
    /// arrangements with p = (hits + 1)/(resamples + 1). Two-sided p = min(1, 2 · min(p_less, p_greater)), as
    /// scipy.stats.permutation_test. Arrangements whose sum differs from the observed one by less than the worst-case
    /// rounding error of the sums (8 · N · ε · Σ|x|) count as ties, so rounding cannot decide a tie. Test names end in "(exact)" or "(Monte Carlo)".
    /// The interval is a percentile bootstrap of the difference of means (of a[i] − b[i] when paired) with
    /// <see cref="IntervalResamples"/> resamples (10,000 up to 100,000 values) from an independent stream of the same seed.
    /// </remarks>
    public static TestResult Permutation(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Alternative alternative = Alternative.Greater,
        double margin = 0, double confidence = 0.95, bool paired = false, int resamples = Bootstrap.DefaultResamples, ulong seed = 0) =>
        Permutation(a, b, alternative, margin, confidence, paired, resamples, seed, withInterval: true);

    internal static TestResult Permutation(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Alternative alternative,
        double margin, double confidence, bool paired, int resamples, ulong seed, bool withInterval)
    {
        if (resamples < Bootstrap.MinimumResamples)
            throw new ArgumentOutOfRangeException(nameof(resamples), resamples,
                $"Use at least {Bootstrap.MinimumResamples} resamples (default {Bootstrap.DefaultResamples}).");
        return PermutationBothWays(a, b, alternative, margin, confidence, paired, resamples, seed, withInterval).Result;
    }

    /// <summary>
    /// The test in <paramref name="alternative"/>'s direction and the opposite one-sided p from the same arrangements
    /// (the same draws as a second call with the opposite alternative would make): one pass instead of two.
    /// </summary>
    internal static (TestResult Result, double Opposite) PermutationBothWays(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Alternative alternative,
        double margin, double confidence, bool paired, int resamples, ulong seed, bool withInterval)
    {
        if (resamples < Bootstrap.MinimumResamples)
            throw new ArgumentOutOfRangeException(nameof(resamples), resamples,
                $"Use at least {Bootstrap.MinimumResamples} resamples (default {Bootstrap.DefaultResamples}).");
        double opposite;
        var result = paired
            ? PairedPermutation(a, b, alternative, margin, confidence, resamples, seed, withInterval, out opposite)
            : UnpairedPermutation(a, b, alternative, margin, confidence, resamples, seed, withInterval, out opposite);
        return (result, opposite);
    }

    static Alternative Opposite(Alternative alternative) => alternative switch
    {
        Alternative.Greater => Alternative.Less,
        Alternative.Less => Alternative.Greater,
        _ => Alternative.TwoSided,
    };

    /// <summary>
    /// Bootstrap resamples of the interval: <see cref="Bootstrap.DefaultResamples"/> up to 100,000 values, then fewer
    /// (at least 1,000) so that the resampling stays within 10⁹ draws: at a million rows the percentile interval of a
    /// mean is the normal one to three digits, and 10,000 resamples would take 2·10¹⁰ draws.
    /// </summary>
    /// <summary>Pools larger than this draw each Monte Carlo arrangement by selection sampling (sequential reads) instead of a partial shuffle.</summary>
    internal const int SequentialSelectionFrom = 100_000;

    internal static int IntervalResamples(int values) =>
        values <= 100_000 ? Bootstrap.DefaultResamples : Math.Max(1_000, (int)(1e9 / values));

    static TestResult UnpairedPermutation(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Alternative alternative,
        double margin, double confidence, int resamples, ulong seed, bool withInterval, out double opposite)
    {
        SampleChecks.RequireSample(a, 2, nameof(a), "the permutation test");
        SampleChecks.RequireSample(b, 2, nameof(b), "the permutation test");
        CheckOptions(alternative, margin, confidence);
        int m = a.Length, n = b.Length;
        var pooled = new double[m + n];
        for (var i = 0; i < m; i++) pooled[i] = a[i] - margin;
        b.CopyTo(pooled.AsSpan(m));
        double total = 0, scale = 0, observedSum = 0;
        foreach (var v in pooled)
        {
            total += v;
            scale += Math.Abs(v);
        }
        for (var i = 0; i < m; i++) observedSum += pooled[i];
        var tolerance = TieTolerance(pooled.Length, scale);

        // mean(A) − mean(B) = S/m − (total − S)/n grows with S, the sum of the values labelled A, so comparing
        // sums is comparing statistics. Enumerate the smaller arm's labels and derive S from it.
        var k = Math.Min(m, n);
        double SumOfA(double chosen) => k == m ? chosen : total - chosen;
        long atLeast = 0, atMost = 0, count;
        var arrangements = SpecialFunctions.Binomial(m + n, k);
        var exact = arrangements <= Math.Max(ExactPermutationLimit, resamples);
        if (exact)
        {
            count = 0;
            foreach (var chosen in SubsetSums(pooled, k))
            {
                Tally(SumOfA(chosen), observedSum, tolerance, ref atLeast, ref atMost);
                count++;
            }
        }
        else
        {
            count = resamples;
            var random = new SeededRandom(seed);
            var shuffled = (double[])pooled.Clone();
            for (var r = 0; r < resamples && pooled.Length > SequentialSelectionFrom; r++)
            {
                // Selection sampling (Knuth's Algorithm S): each value joins the k-subset with probability needed/left,
                // a uniform random k-subset read in order. At a million values a partial shuffle's random swaps miss the
                // cache on every draw (10⁹ of them took minutes); this pass is sequential.
                var chosen = 0.0;
                var needed = k;
                for (var i = 0; i < pooled.Length && needed > 0; i++)
                {
                    if (random.NextDouble() * (pooled.Length - i) < needed)
                    {
                        chosen += pooled[i];
                        needed--;
                    }
                }
                Tally(SumOfA(chosen), observedSum, tolerance, ref atLeast, ref atMost);
            }
            for (var r = 0; r < resamples && pooled.Length <= SequentialSelectionFrom; r++)
            {
                // A partial Fisher–Yates shuffle: the first k positions are a uniform random k-subset whatever the
                // current order, so the array need not be reset between resamples.
                var chosen = 0.0;
                for (var i = 0; i < k; i++)
                {
                    var j = i + random.NextInt(shuffled.Length - i);
                    (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
                    chosen += shuffled[i];
                }
                Tally(SumOfA(chosen), observedSum, tolerance, ref atLeast, ref atMost);
            }
        }
        var statistic = Descriptive.Mean(pooled.AsSpan(0, m)) - Descriptive.Mean(pooled.AsSpan(m));
        opposite = PermutationP(atLeast, atMost, count, exact, Opposite(alternative));
        var interval = withInterval
            ? Bootstrap.FromDistributionPercentile(Bootstrap.TwoSample(a, b, Descriptive.Mean, IntervalResamples(m + n), seed ^ BootstrapStream), confidence)
            : new ConfidenceInterval(double.NaN, double.NaN, confidence);
        return new TestResult($"{PermutationName} ({(exact ? "exact" : "Monte Carlo")})", alternative, margin, statistic,
            PermutationP(atLeast, atMost, count, exact, alternative), null, interval, Descriptive.Mean(a) - Descriptive.Mean(b));
    }

    static TestResult PairedPermutation(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Alternative alternative,
        double margin, double confidence, int resamples, ulong seed, bool withInterval, out double opposite)
    {
        var raw = PairedDifferences(a, b, "The paired permutation test", 2);
        CheckOptions(alternative, margin, confidence);
        var d = raw.Select(x => x - margin).ToArray();
        double observedSum = 0, scale = 0;
        foreach (var v in d)
        {
            observedSum += v;
            scale += Math.Abs(v);
        }
        var tolerance = TieTolerance(d.Length, scale);
        // Flipping the signs of a set F of differences gives Σd − 2·Σ_F d; compare that with the observed Σd.
        long atLeast = 0, atMost = 0, count;
        var exact = d.Length < 62 && (1L << d.Length) <= Math.Max(ExactPermutationLimit, resamples);
        if (exact)
        {
            count = 0;
            foreach (var flipped in AllSubsetSums(d))
            {
                Tally(observedSum - 2 * flipped, observedSum, tolerance, ref atLeast, ref atMost);
                count++;
            }
        }
        else
        {
            count = resamples;
            var random = new SeededRandom(seed);
            for (var r = 0; r < resamples; r++)
            {
                var flipped = 0.0;
                ulong bits = 0;
                for (var i = 0; i < d.Length; i++)
                {
                    if (i % 64 == 0) bits = random.NextUInt64();
                    if ((bits & 1) == 1) flipped += d[i];
                    bits >>= 1;
                }
                Tally(observedSum - 2 * flipped, observedSum, tolerance, ref atLeast, ref atMost);
            }
        }
        opposite = PermutationP(atLeast, atMost, count, exact, Opposite(alternative));
        var interval = withInterval
            ? Bootstrap.FromDistributionPercentile(Bootstrap.OneSample(raw, Descriptive.Mean, IntervalResamples(raw.Length), seed ^ BootstrapStream), confidence)
            : new ConfidenceInterval(double.NaN, double.NaN, confidence);
        return new TestResult($"{PairedPermutationName} ({(exact ? "exact" : "Monte Carlo")})", alternative, margin, Descriptive.Mean(d),
            PermutationP(atLeast, atMost, count, exact, alternative), null, interval, Descriptive.Mean(raw));
    }

    /// <summary>Keeps the interval's bootstrap stream apart from the permutation stream of the same seed.</summary>
    const ulong BootstrapStream = 0x5EED_B007_5EED_B007;

    /// <summary>
    /// Sums of at most n terms carry a rounding error below n · ε · Σ|x|; the compared quantities (observed sum,
    /// arrangement sum, and Σd − 2·Σ_F d) stay within a few of those, so 8 · n · ε · Σ|x| separates real ties from
    /// real differences while admitting far fewer false ties than a fixed relative threshold.
    /// </summary>
    static double TieTolerance(int n, double sumOfMagnitudes) => 8 * n * MachineEpsilon * sumOfMagnitudes;

    const double MachineEpsilon = 2.220446049250313e-16;

    static void Tally(double sum, double observedSum, double tolerance, ref long atLeast, ref long atMost)
    {
        if (sum >= observedSum - tolerance) atLeast++;
        if (sum <= observedSum + tolerance) atMost++;
    }

    static double PermutationP(long atLeast, long atMost, long count, bool exact, Alternative alternative)
    {
        // Monte-Carlo p-values count the observed arrangement once more, so they are never 0 (Phipson & Smyth 2010).
        var adjustment = exact ? 0 : 1;
        var greater = (atLeast + adjustment) / (double)(count + adjustment);
        var less = (atMost + adjustment) / (double)(count + adjustment);
        return alternative switch
        {
            Alternative.Greater => greater,
            Alternative.Less => less,
            _ => Math.Min(1, 2 * Math.Min(greater, less)),
        };
    }

    /// <summary>Sums of every k-subset of values, each built from its prefix with one addition (rounding does not accumulate).</summary>
    static IEnumerable<double> SubsetSums(double[] values, int k)
    {
        var n = values.Length;
        var chosen = new int[k];
        var prefix = new double[k + 1];
        for (var i = 0; i < k; i++)
        {
            chosen[i] = i;
            prefix[i + 1] = prefix[i] + values[i];
        }
        while (true)
        {
            yield return prefix[k];
            var position = k - 1;
            while (position >= 0 && chosen[position] == n - k + position) position--;
            if (position < 0) yield break;
            chosen[position]++;
            prefix[position + 1] = prefix[position] + values[chosen[position]];
            for (var i = position + 1; i < k; i++)
            {
                chosen[i] = chosen[i - 1] + 1;
                prefix[i + 1] = prefix[i] + values[chosen[i]];
            }
        }
    }

    /// <summary>Sums of all 2ⁿ subsets, split into two halves so each sum takes at most n additions.</summary>
    static IEnumerable<double> AllSubsetSums(double[] values)
    {
        var half = values.Length / 2;
        var low = SubsetSumTable(values.AsSpan(0, half));
        var high = SubsetSumTable(values.AsSpan(half));
        foreach (var h in high)
        {
            foreach (var l in low) yield return h + l;
        }
    }

    static double[] SubsetSumTable(ReadOnlySpan<double> values)
    {
        var sums = new double[1 << values.Length];
        for (var mask = 1; mask < sums.Length; mask++)
        {
            var lowest = System.Numerics.BitOperations.TrailingZeroCount(mask);
            sums[mask] = sums[mask & (mask - 1)] + values[lowest];
        }
        return sums;
    }
}

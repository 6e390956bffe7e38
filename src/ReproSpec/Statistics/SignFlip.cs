namespace ReproSpec.Statistics;

/// <summary>
/// The exact sign-flip (Fisher randomisation) distribution of a one-sample or paired mean, used by the t tests when
/// the values tie: exact at every n whenever the values' distribution is symmetric about the margin, discrete or not.
/// </summary>
/// <remarks>
/// The t statistic of sign-flipped values is increasing in their sum (Σx² does not change), so the sign-flip
/// distribution of t is that of the sum S* = Σ sᵢ·xᵢ over the 2ⁿ equally likely sign patterns. Up to
/// <see cref="ExactLimit"/> values it is counted exactly by meeting in the middle (the sorted sums of each half's
/// 2^(n/2) patterns, one binary search per pattern of the other half); above, <see cref="Resamples"/> seeded patterns
/// give the Monte-Carlo p = (hits + 1)/(resamples + 1), which is also valid. Why ties switch the t test to this
/// distribution, and which nulls that covers: docs/statistics.md, "Discrete metrics".
/// </remarks>
internal static class SignFlip
{
    /// <summary>Count all 2ⁿ patterns exactly up to this many values (two tables of 2²⁰ sums at the limit).</summary>
    public const int ExactLimit = 40;

    /// <summary>Seeded random patterns beyond <see cref="ExactLimit"/>.</summary>
    public const int Resamples = 20_000;

    /// <summary>Relative distance below which two values (or a value and the margin) count as tied: far below any metric's resolution, far above rounding.</summary>
    const double TieResolution = 1e-9;

    const ulong Seed = 0x5_1C9F_11B5;

    /// <summary>The tie tolerance for values of magnitude up to <paramref name="scale"/>.</summary>
    public static double TieTolerance(double scale) => TieResolution * Math.Max(scale, double.Epsilon);

    /// <summary>True when two of |x₁ − δ|, …, |xₙ − δ| tie, or one is 0: values on a lattice (a metric that takes few values).</summary>
    public static bool HasTies(ReadOnlySpan<double> x, double margin, double tolerance)
    {
        var magnitudes = new double[x.Length];
        for (var i = 0; i < x.Length; i++) magnitudes[i] = Math.Abs(x[i] - margin);
        Array.Sort(magnitudes);
        if (magnitudes[0] <= tolerance) return true;
        for (var i = 1; i < magnitudes.Length; i++)
        {
            if (magnitudes[i] - magnitudes[i - 1] <= tolerance) return true;
        }
        return false;
    }

    /// <summary>P(S* ≥ S) and P(S* ≤ S) for the centred values x − δ, sums within <paramref name="tolerance"/>·n of S counting as ties.</summary>
    public static (double Greater, double Less) Tails(ReadOnlySpan<double> x, double margin, double tolerance)
    {
        var centred = new double[x.Length];
        double observed = 0;
        for (var i = 0; i < x.Length; i++)
        {
            centred[i] = x[i] - margin;
            observed += centred[i];
        }
        // Lattice values tie to within the tie tolerance each, so their sums tie to within n times it.
        var slack = centred.Length * tolerance;
        return centred.Length <= ExactLimit ? ExactTails(centred, observed, slack) : MonteCarloTails(centred, observed, slack);
    }

    /// <summary>The two-sided interval of the mean that inverts the sign-flip test: the margins neither one-sided test rejects at (1 − confidence)/2.</summary>
    /// <remarks>
    /// Flipping the set F of centred values moves the sum by −2·Σ_F(xᵢ − δ), so the test of "mean ≤ δ" counts F exactly
    /// when δ ≥ t_F = (Σ_F xᵢ − slack/2)/|F|: its p-value is a step function of δ that jumps at these thresholds, and the
    /// interval's lower end is the threshold where it reaches the tail. Bisection on δ (between a margin below every
    /// value, p = 2⁻ⁿ, and the mean, p ≥ ½) narrows it to a bracket, and the thresholds inside the bracket are then
    /// found exactly, so a margin is outside the interval exactly when the test rejects it, also at lattice margins
    /// such as 0.9 that equal a subset's mean. The upper end is the lower end of −x, negated. When 2⁻ⁿ is not below the
    /// tail no margin is rejected and the end is infinite; beyond <see cref="ExactLimit"/> values the bisection's end is used.
    /// </remarks>
    public static ConfidenceInterval Interval(ReadOnlySpan<double> x, double confidence, double tolerance)
    {
        var tail = (1 - confidence) / 2;
        var values = x.ToArray();
        if (Math.Pow(2, -values.Length) >= tail) return new ConfidenceInterval(double.NegativeInfinity, double.PositiveInfinity, confidence);
        var negated = values.Select(v => -v).ToArray();
        return new ConfidenceInterval(LowerEnd(values, tolerance, tail), -LowerEnd(negated, tolerance, tail), confidence);
    }

    static double LowerEnd(double[] values, double tolerance, double tail)
    {
        double min = values.Min(), max = values.Max();
        double outside = min - Math.Max(max - min, tolerance), inside = values.Average();
        for (var i = 0; i < 22; i++)
        {
            var mid = (outside + inside) / 2;
            if (Tails(values, mid, tolerance).Greater < tail) outside = mid; else inside = mid;
        }
        if (values.Length > ExactLimit) return inside;
        var total = Math.Pow(2, values.Length);
        var counted = Math.Round(Tails(values, outside, tolerance).Greater * total);
        foreach (var threshold in ThresholdsWithin(values, values.Length * tolerance, outside, inside))
        {
            if (++counted / total >= tail) return threshold;
        }
        return inside;
    }

    /// <summary>The thresholds t_F in (<paramref name="low"/>, <paramref name="high"/>], sorted, found by meeting in the middle per subset size.</summary>
    static List<double> ThresholdsWithin(double[] values, double slack, double low, double high)
    {
        var half = values.Length / 2;
        // First-half subsets by size, each size's sums sorted; second-half subsets with their size and sum.
        var bySize = Enumerable.Range(0, half + 1).Select(_ => new List<double>()).ToArray();
        foreach (var (size, sum) in Subsets(values.AsSpan(0, half))) bySize[size].Add(sum);
        foreach (var list in bySize) list.Sort();
        var found = new List<double>();
        foreach (var (size, sum) in Subsets(values.AsSpan(half)))
        {
            for (var a = 0; a <= half; a++)
            {
                var k = a + size;
                if (k == 0) continue;
                // t = (s + sum − slack/2)/k in (low, high]  ⇔  s in (k·low + slack/2 − sum, k·high + slack/2 − sum].
                var sums = bySize[a];
                double from = k * low + slack / 2 - sum, to = k * high + slack / 2 - sum;
                var i = sums.BinarySearch(from);
                for (i = i < 0 ? ~i : i; i < sums.Count && sums[i] <= to; i++)
                {
                    var threshold = (sums[i] + sum - slack / 2) / k;
                    if (threshold > low && threshold <= high) found.Add(threshold);
                }
            }
        }
        found.Sort();
        return found;
    }

    static List<(int Size, double Sum)> Subsets(ReadOnlySpan<double> values)
    {
        var subsets = new List<(int, double)>(1 << values.Length) { (0, 0) };
        for (var mask = 1; mask < 1 << values.Length; mask++)
        {
            var lowest = System.Numerics.BitOperations.TrailingZeroCount(mask);
            var (size, sum) = subsets[mask & (mask - 1)];
            subsets.Add((size + 1, sum + values[lowest]));
        }
        return subsets;
    }

    static (double Greater, double Less) ExactTails(double[] centred, double observed, double slack)
    {
        var half = centred.Length / 2;
        var low = PatternSums(centred.AsSpan(0, half));
        var high = PatternSums(centred.AsSpan(half));
        Array.Sort(low);
        long atLeast = 0, atMost = 0;
        foreach (var h in high)
        {
            // low sums l with l + h ≥ S − slack, and with l + h ≤ S + slack.
            atLeast += low.Length - LowerBound(low, observed - slack - h);
            atMost += UpperBound(low, observed + slack - h);
        }
        var total = (double)low.Length * high.Length;
        return (atLeast / total, atMost / total);
    }

    /// <summary>Σ sᵢ·xᵢ for all 2ᵏ sign patterns of k values, each from a smaller pattern with one addition.</summary>
    static double[] PatternSums(ReadOnlySpan<double> values)
    {
        var sums = new double[1 << values.Length];
        double allNegative = 0;
        foreach (var v in values) allNegative -= v;
        sums[0] = allNegative;
        for (var mask = 1; mask < sums.Length; mask++)
        {
            var lowest = System.Numerics.BitOperations.TrailingZeroCount(mask);
            sums[mask] = sums[mask & (mask - 1)] + 2 * values[lowest];
        }
        return sums;
    }

    /// <summary>First index whose value is ≥ <paramref name="value"/>.</summary>
    static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>First index whose value is &gt; <paramref name="value"/>.</summary>
    static int UpperBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    static (double Greater, double Less) MonteCarloTails(double[] centred, double observed, double slack)
    {
        var random = new SeededRandom(Seed, stream: (ulong)centred.Length);
        long atLeast = 0, atMost = 0;
        for (var r = 0; r < Resamples; r++)
        {
            double sum = 0;
            ulong bits = 0;
            for (var i = 0; i < centred.Length; i++)
            {
                if (i % 64 == 0) bits = random.NextUInt64();
                sum += (bits & 1) == 1 ? centred[i] : -centred[i];
                bits >>= 1;
            }
            if (sum >= observed - slack) atLeast++;
            if (sum <= observed + slack) atMost++;
        }
        // The observed pattern counts once more, so a Monte-Carlo p is never below 1/(resamples + 1) (Phipson & Smyth 2010).
        return ((atLeast + 1.0) / (Resamples + 1), (atMost + 1.0) / (Resamples + 1));
    }
}

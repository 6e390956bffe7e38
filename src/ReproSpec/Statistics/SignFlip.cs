using MathNet.Numerics.Distributions;

namespace ReproSpec.Statistics;

/// <summary>
/// The sign-flip (Fisher randomisation) distribution of a one-sample or paired mean, used by the t tests when the
/// values tie: exact whenever the values' distribution is symmetric about the margin, discrete or not, in bounded time
/// and memory at every n.
/// </summary>
/// <remarks>
/// The t statistic of sign-flipped values is increasing in their sum (Σx² does not change), so the sign-flip
/// distribution of t is that of the sum S* = Σ sᵢ·xᵢ over the 2ⁿ equally likely sign patterns. Flipping the set F of
/// centred values xᵢ − δ moves the sum by −2·Σ_F(xᵢ − δ) = −2·(Σ_F xᵢ − |F|·δ), so the distribution at every margin δ
/// follows from the number of subsets of each size |F| and each sum Σ_F xᵢ. It is computed, in this order of preference:
/// <list type="number">
/// <item>values on a lattice xᵢ = base + g·mᵢ (tied values nearly always are: shares of k items, rounded metrics):
/// exactly, by counting the subsets of each size and integer sum Σ_F mᵢ (dynamic programming over at most
/// <see cref="LatticeCells"/> cells, n·cells additions);</item>
/// <item>up to <see cref="ExactLimit"/> values: exactly, by meeting in the middle (sorted sums of each half's patterns);</item>
/// <item>up to <see cref="MonteCarloLimit"/> values: <see cref="Resamples"/> seeded patterns, p = (hits + 1)/(resamples + 1),
/// valid over the draw of the patterns (Phipson and Smyth 2010);</item>
/// <item>beyond: the normal approximation of S* plus its Berry–Esseen bound 0.56·Σ|cᵢ|³/(Σcᵢ²)^{3/2} (Shevtsova 2010,
/// independent non-identical summands), an upper bound of the exact tail, so the p-value stays valid.</item>
/// </list>
/// Why ties switch the t test to this distribution, and which nulls that covers: docs/statistics.md, "Discrete metrics".
/// </remarks>
internal static class SignFlip
{
    /// <summary>Count all 2ⁿ patterns by meeting in the middle up to this many values off a lattice (two tables of 2¹⁵ sums).</summary>
    public const int ExactLimit = 30;

    /// <summary>Off a lattice, the interval's ends are found exactly among the 2ⁿ subset thresholds up to this many values (bisection beyond).</summary>
    public const int ExactThresholdLimit = 20;

    /// <summary>Seeded random patterns between <see cref="ExactLimit"/> and <see cref="MonteCarloLimit"/> values off a lattice.</summary>
    public const int Resamples = 20_000;

    /// <summary>Beyond this many values off a lattice the normal approximation with its Berry–Esseen bound is used.</summary>
    public const int MonteCarloLimit = 400;

    /// <summary>Largest (n + 1)·(Σmᵢ + 1) table of subset counts on a lattice (32 MB of doubles).</summary>
    public const long LatticeCells = 1 << 22;

    /// <summary>Largest n·cells additions of the lattice count (well under a second).</summary>
    public const long LatticeWork = 400_000_000;

    /// <summary>Shevtsova's (2010) constant of the Berry–Esseen bound for sums of independent, non-identically distributed terms.</summary>
    public const double BerryEsseen = 0.56;

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

    /// <summary>The four ways the distribution is computed (for tests and the docs).</summary>
    public enum Method
    {
        Lattice,
        MeetInTheMiddle,
        MonteCarlo,
        NormalWithBerryEsseen,
    }

    /// <summary>The way the distribution of these values is computed.</summary>
    public static Method MethodFor(ReadOnlySpan<double> x, double tolerance) =>
        Lattice.Find(x, tolerance) is not null ? Method.Lattice
        : x.Length <= ExactLimit ? Method.MeetInTheMiddle
        : x.Length <= MonteCarloLimit ? Method.MonteCarlo
        : Method.NormalWithBerryEsseen;

    /// <summary>P(S* ≥ S) and P(S* ≤ S) for the centred values x − δ, sums within <paramref name="tolerance"/>·n of S counting as ties.</summary>
    public static (double Greater, double Less) Tails(ReadOnlySpan<double> x, double margin, double tolerance)
    {
        // Lattice values tie to within the tie tolerance each, so their sums tie to within n times it.
        var slack = x.Length * tolerance;
        if (Lattice.Find(x, tolerance) is { } lattice) return lattice.Tails(margin, slack);
        return OffLatticeTails(x, margin, slack);
    }

    static (double Greater, double Less) OffLatticeTails(ReadOnlySpan<double> x, double margin, double slack)
    {
        var centred = new double[x.Length];
        double observed = 0;
        for (var i = 0; i < x.Length; i++)
        {
            centred[i] = x[i] - margin;
            observed += centred[i];
        }
        return centred.Length <= ExactLimit ? ExactTails(centred, observed, slack)
            : centred.Length <= MonteCarloLimit ? MonteCarloTails(centred, observed, slack)
            : NormalTails(centred, observed, slack);
    }

    /// <summary>The two-sided interval of the mean that inverts the sign-flip test: the margins neither one-sided test rejects at (1 − confidence)/2.</summary>
    /// <remarks>
    /// The test of "mean ≤ δ" counts the flipped set F exactly when δ ≥ t_F = (Σ_F xᵢ − slack/2)/|F|: its p-value is a
    /// step function of δ that jumps at these thresholds, and the interval's lower end is the threshold where it reaches
    /// the tail, so a margin is outside the interval exactly when the test rejects it, also at lattice margins such as
    /// 0.9 that equal a subset's mean. On a lattice the thresholds are those of the (size, sum) cells, weighted by their
    /// counts; off a lattice, up to <see cref="ExactThresholdLimit"/> values, bisection narrows δ to a bracket whose
    /// thresholds are then found exactly; beyond, the bisection's end is used. The upper end is the lower end of −x,
    /// negated. When 2⁻ⁿ is not below the tail no margin is rejected and the end is infinite.
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
        var slack = values.Length * tolerance;
        if (Lattice.Find(values, tolerance) is { } lattice) return lattice.LowerEnd(slack, tail);
        double min = values.Min(), max = values.Max();
        double outside = min - Math.Max(max - min, tolerance), inside = values.Average();
        for (var i = 0; i < 30; i++)
        {
            var mid = (outside + inside) / 2;
            if (OffLatticeTails(values, mid, slack).Greater < tail) outside = mid; else inside = mid;
        }
        if (values.Length > ExactThresholdLimit) return inside;
        var total = Math.Pow(2, values.Length);
        var counted = Math.Round(OffLatticeTails(values, outside, slack).Greater * total);
        foreach (var threshold in ThresholdsWithin(values, slack, outside, inside))
        {
            if (++counted / total >= tail) return threshold;
        }
        return inside;
    }

    /// <summary>Values on a common grid base + g·mᵢ (integers mᵢ ≥ 0), with the number of subsets of each size and integer sum.</summary>
    sealed class Lattice
    {
        readonly double origin, step;
        readonly int n;
        // counts[k][s]: subsets of k values whose Σ mᵢ = s.
        readonly double[][] counts;

        Lattice(double origin, double step, int[] units)
        {
            this.origin = origin;
            this.step = step;
            n = units.Length;
            var total = units.Sum();
            counts = new double[n + 1][];
            for (var k = 0; k <= n; k++) counts[k] = new double[total + 1];
            counts[0][0] = 1;
            var top = 0;
            for (var i = 0; i < n; i++)
            {
                var m = units[i];
                top += m;
                for (var k = i + 1; k >= 1; k--)
                {
                    double[] to = counts[k], from = counts[k - 1];
                    for (var s = top; s >= m; s--) to[s] += from[s - m];
                }
            }
        }

        /// <summary>The lattice of these values, or null when they lie on none fine enough to count in bounded time and memory.</summary>
        public static Lattice? Find(ReadOnlySpan<double> x, double tolerance)
        {
            var sorted = x.ToArray();
            Array.Sort(sorted);
            var n = sorted.Length;
            double low = sorted[0], gap = double.PositiveInfinity;
            for (var i = 1; i < n; i++)
            {
                var d = sorted[i] - sorted[i - 1];
                if (d > tolerance && d < gap) gap = d;
            }
            if (double.IsPositiveInfinity(gap)) return new Lattice(low, 1, new int[n]);
            // Any common step will do (a coarser one is cheaper); the smallest gap divided by a small integer finds
            // the grid of values such as 28/30, 29/30 and 27/30 (gap 1/30) or 0.5 and 0.75 beside 1.0 (gap 0.25).
            for (var divisor = 1; divisor <= 16; divisor++)
            {
                var step = gap / divisor;
                var span = (sorted[n - 1] - low) / step;
                if ((long)(n + 1) * ((long)Math.Round(span) * n + 1) > LatticeCells) return null;
                var units = new int[n];
                var fits = true;
                for (var i = 0; i < n && fits; i++)
                {
                    var m = Math.Round((x[i] - low) / step);
                    units[i] = (int)m;
                    fits = Math.Abs(x[i] - low - m * step) <= tolerance;
                }
                if (!fits) continue;
                var cells = (long)(n + 1) * (units.Sum(u => (long)u) + 1);
                if (cells > LatticeCells || cells * n > LatticeWork) return null;
                return new Lattice(low, step, units);
            }
            return null;
        }

        /// <summary>The value of the subset of k values with Σ mᵢ = s: Σ_F xᵢ.</summary>
        double Sum(int k, int s) => k * origin + step * s;

        public (double Greater, double Less) Tails(double margin, double slack)
        {
            // Greater counts F with Σ_F xᵢ − k·δ ≤ slack/2; Less those with Σ_F xᵢ − k·δ ≥ −slack/2.
            double greater = 0, less = 0, total = 0;
            for (var k = 0; k <= n; k++)
            {
                var row = counts[k];
                for (var s = 0; s < row.Length; s++)
                {
                    var c = row[s];
                    if (c == 0) continue;
                    total += c;
                    var centred = Sum(k, s) - k * margin;
                    if (centred <= slack / 2) greater += c;
                    if (centred >= -slack / 2) less += c;
                }
            }
            return (greater / total, less / total);
        }

        public double LowerEnd(double slack, double tail)
        {
            var thresholds = new List<(double Threshold, double Count)>();
            double total = 0;
            for (var k = 0; k <= n; k++)
            {
                var row = counts[k];
                for (var s = 0; s < row.Length; s++)
                {
                    if (row[s] == 0) continue;
                    total += row[s];
                    if (k > 0) thresholds.Add(((Sum(k, s) - slack / 2) / k, row[s]));
                }
            }
            thresholds.Sort((p, q) => p.Threshold.CompareTo(q.Threshold));
            // The empty set (the observed pattern) counts at every δ.
            var counted = 1.0;
            foreach (var (threshold, count) in thresholds)
            {
                counted += count;
                if (counted / total >= tail) return threshold;
            }
            return thresholds[^1].Threshold;
        }
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

    /// <summary>Normal tails of S* (mean 0, variance Σcᵢ²) plus the Berry–Esseen bound: never below the exact tails.</summary>
    internal static (double Greater, double Less) NormalTails(double[] centred, double observed, double slack)
    {
        double squares = 0, cubes = 0;
        foreach (var c in centred)
        {
            var a = Math.Abs(c);
            squares += a * a;
            cubes += a * a * a;
        }
        if (squares == 0) return (1, 1);
        var sd = Math.Sqrt(squares);
        var bound = BerryEsseen * cubes / (squares * sd);
        var greater = Normal.CDF(0, 1, -(observed - slack) / sd) + bound;
        var less = Normal.CDF(0, 1, (observed + slack) / sd) + bound;
        return (Math.Min(1, greater), Math.Min(1, less));
    }
}

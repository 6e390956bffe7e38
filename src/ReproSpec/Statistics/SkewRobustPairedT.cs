using System.Globalization;

namespace ReproSpec.Statistics;

/// <summary>
/// The paired test a comparison claim uses unless it declares another (issue #25): Hall's (1992) transformation of the
/// paired t statistic, judged against critical values that hold for every distribution of the per-seed differences in
/// a family of skewed ones, not only for the normal.
/// </summary>
/// <remarks>
/// <para>
/// With t = √n (d̄ − δ) / s and g the differences' sample skewness (third central moment over s³), the statistic is
/// H = t + g / (6√n) · (1 + 2t²) + g² / (27n) · t³. H grows with t ((1 + g t / (3√n))² is its slope), is odd under
/// mirroring the differences about δ, and removes most of the skewness t inherits from skewed differences; the part it
/// cannot remove (a left tail that none of the seeds happened to sample) is what the critical values pay for.
/// </para>
/// <para>
/// The critical values (SkewRobustPairedT.table.csv, built by bench/python/skew_robust_table.py) are, at each number of
/// seeds and upper-tail probability p on a grid, the largest over the family of an upper 3-standard-error Monte Carlo
/// bound on H's (1 − p) quantile. The family: the normal; standardised Gamma with skewness ±0.5, ±1, ±1.5, ±2;
/// lognormal with skewness ±1, ±2. The p-value is the smallest grid p whose critical value H reaches, so it is
/// conservative by at most one grid step (about 8 % of p), and never below <see cref="SmallestP"/>. Between the tabled
/// numbers of seeds the nearest smaller one is used, and beyond 200 seeds the 200-seed row (the critical values fall as
/// seeds grow).
/// </para>
/// <para>
/// No test of a mean is valid for every unbounded distribution at a fixed n (Bahadur and Savage 1956); this one is
/// valid for differences no more skewed than an exponential or a lognormal of skewness 2. Heavier left tails (seeds that
/// collapse now and then) and differences on a coarse lattice are outside the family; docs/calibration.md has the rows.
/// When the differences show no spread the verdict is the sign-flip bound (<see cref="Tails.NoSpread"/>), as for the t test;
/// when they tie (a metric on a lattice) the p-value is the larger of this test's and the exact sign-flip test's, valid
/// when either null holds: the skewed family, or differences symmetric about the margin.
/// </para>
/// </remarks>
public static class SkewRobustPairedT
{
    /// <summary>The test's name in results and reports.</summary>
    public const string Name = "Skew-robust paired t (Hall's transformation; critical values for skewness within ±2)";

    /// <summary>The smallest p-value the table resolves: a smaller one is reported as this.</summary>
    public const double SmallestP = 1e-4;

    static readonly Lazy<CriticalTable> Table = new(CriticalTable.Load);

    /// <summary>The test of mean(a − b) against <paramref name="margin"/>, paired by position, with its interval at <paramref name="confidence"/>.</summary>
    public static TestResult Test(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Alternative alternative = Alternative.Greater,
        double margin = 0, double confidence = 0.95) => Test(a, b, alternative, margin, confidence, withInterval: true);

    internal static TestResult Test(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Alternative alternative, double margin, double confidence, bool withInterval)
    {
        var estimate = TwoSampleTests.PairedEstimate(a, b);
        if (estimate.DegreesOfFreedom is null) return TwoSampleTests.FromT(Name, estimate, alternative, margin, confidence);
        TwoSampleTests.CheckOptions(alternative, margin, confidence);
        var d = TwoSampleTests.PairedDifferences(a, b, "The paired t test", 2);
        var n = d.Length;
        var skewness = Skewness(d, estimate.Difference, estimate.StandardError * Math.Sqrt(n));
        var h = Statistic((estimate.Difference - margin) / estimate.StandardError, skewness, n);
        var (greater, less) = (UpperTail(h, n), UpperTail(-h, n));
        var interval = withInterval ? Interval(estimate, skewness, n, confidence) : new ConfidenceInterval(double.NaN, double.NaN, confidence);
        var name = Name;
        var tolerance = SignFlip.TieTolerance(Math.Max(Math.Max(Descriptive.MaxAbsolute(a), Descriptive.MaxAbsolute(b)), Math.Abs(margin)));
        if (SignFlip.HasTies(d, margin, tolerance))
        {
            // Tied differences (a metric on a lattice) may lie outside the skewed family; the larger of the two p-values
            // is valid when either null holds (the family, or differences symmetric about the margin), and its interval
            // is the union of the margins neither test rejects.
            var (flipGreater, flipLess) = SignFlip.Tails(d, margin, tolerance);
            (greater, less) = (Math.Max(greater, flipGreater), Math.Max(less, flipLess));
            if (withInterval)
            {
                var flips = SignFlip.Interval(d, confidence, tolerance);
                interval = new ConfidenceInterval(Math.Min(interval.Low, flips.Low), Math.Max(interval.High, flips.High), confidence);
            }
            name += TiesSuffix;
        }
        var p = alternative switch
        {
            Alternative.Greater => greater,
            Alternative.Less => less,
            _ => Math.Min(1, 2 * Math.Min(greater, less)),
        };
        return new TestResult(name, alternative, margin, h, p, estimate.DegreesOfFreedom, interval, estimate.Difference);
    }

    /// <summary>The name suffix when the differences tie and the exact sign-flip p bounds the result too.</summary>
    public const string TiesSuffix = " (and the exact sign-flip bound: tied values)";

    /// <summary>Hall's statistic for a t statistic <paramref name="t"/> of <paramref name="n"/> values with sample skewness <paramref name="skewness"/>.</summary>
    public static double Statistic(double t, double skewness, int n) =>
        t + skewness / (6 * Math.Sqrt(n)) * (1 + 2 * t * t) + skewness * skewness / (27.0 * n) * t * t * t;

    /// <summary>The third central moment (divided by n) over <paramref name="sd"/>³, the sd taken with n − 1.</summary>
    public static double Skewness(ReadOnlySpan<double> x, double mean, double sd)
    {
        var third = 0.0;
        foreach (var v in x) third += Math.Pow(v - mean, 3);
        return third / x.Length / Math.Pow(sd, 3);
    }

    /// <summary>
    /// The largest probability, over the family, that Hall's statistic of <paramref name="n"/> differences at the margin
    /// reaches <paramref name="h"/>: the smallest tabled p whose critical value is at most h (1 when there is none).
    /// </summary>
    public static double UpperTail(double h, int n)
    {
        var row = Table.Value.Row(n);
        for (var j = 0; j < row.Length; j++)
            if (row[j] <= h) return Table.Value.P[j];
        return 1;
    }

    /// <summary>
    /// The critical value of a one-sided test at <paramref name="level"/>: H at least this rejects. Positive infinity
    /// below <see cref="SmallestP"/>, where the table cannot vouch for any critical value.
    /// </summary>
    public static double CriticalValue(int n, double level)
    {
        var row = Table.Value.Row(n);
        var critical = double.PositiveInfinity;
        for (var j = 0; j < row.Length && Table.Value.P[j] <= level; j++) critical = row[j];
        return critical;
    }

    /// <summary>
    /// The level of Student's t test with n − 1 degrees of freedom whose critical value is this test's at
    /// <paramref name="level"/>: what its power at <paramref name="n"/> seeds is planned with (H is close to t for
    /// near-normal differences).
    /// </summary>
    public static double EquivalentTLevel(int n, double level)
    {
        var critical = CriticalValue(n, level);
        return double.IsPositiveInfinity(critical) ? 0 : Tails.FromT(critical, n - 1, Alternative.Greater);
    }

    /// <summary>
    /// The two-sided interval at <paramref name="confidence"/>: the margins neither one-sided test rejects at
    /// (1 − confidence) / 2. H falls as the margin rises, so each end is t = H⁻¹(±critical value) turned back into a margin.
    /// </summary>
    static ConfidenceInterval Interval(TwoSampleTests.TEstimate estimate, double skewness, int n, double confidence)
    {
        var critical = CriticalValue(n, (1 - confidence) / 2);
        if (double.IsPositiveInfinity(critical)) return new ConfidenceInterval(double.NegativeInfinity, double.PositiveInfinity, confidence);
        var low = estimate.Difference - InverseStatistic(critical, skewness, n) * estimate.StandardError;
        var high = estimate.Difference - InverseStatistic(-critical, skewness, n) * estimate.StandardError;
        return new ConfidenceInterval(low, high, confidence);
    }

    /// <summary>The t at which Hall's statistic equals <paramref name="h"/> (it is non-decreasing in t): bisection.</summary>
    internal static double InverseStatistic(double h, double skewness, int n)
    {
        double low = -1, high = 1;
        while (Statistic(low, skewness, n) > h) low *= 2;
        while (Statistic(high, skewness, n) < h) high *= 2;
        for (var i = 0; i < 200 && high - low > 1e-12 * Math.Max(1, Math.Abs(low)); i++)
        {
            var mid = (low + high) / 2;
            if (Statistic(mid, skewness, n) < h) low = mid;
            else high = mid;
        }
        return (low + high) / 2;
    }

    /// <summary>The shipped critical values: the p grid and one row per tabled number of seeds.</summary>
    sealed record CriticalTable(double[] P, int[] Seeds, double[][] Rows)
    {
        /// <summary>The row of the largest tabled number of seeds not above <paramref name="n"/> (critical values fall as n grows).</summary>
        public double[] Row(int n)
        {
            var index = Array.BinarySearch(Seeds, n);
            if (index < 0) index = ~index - 1;
            return Rows[Math.Max(index, 0)];
        }

        public static CriticalTable Load()
        {
            using var stream = typeof(SkewRobustPairedT).Assembly.GetManifestResourceStream("ReproSpec.Statistics.SkewRobustPairedT.table.csv")
                ?? throw new InvalidOperationException("The skew-robust paired t's critical values are not embedded in ReproSpec.dll: rebuild the package.");
            using var reader = new StreamReader(stream);
            var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => !l.StartsWith('#')).Select(l => l.Split(',')).ToList();
            static double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);
            var p = lines[0].Skip(1).Select(Number).ToArray();
            var rows = lines.Skip(1).ToList();
            var values = rows.Select(r => r.Skip(1).Select(Number).ToArray()).ToArray();
            // A row is used for every n up to the next tabled one, so no row may fall below a later one's (Monte Carlo
            // noise at the largest n): each takes the largest of its own and every later row's critical values.
            for (var i = values.Length - 2; i >= 0; i--)
                for (var j = 0; j < p.Length; j++) values[i][j] = Math.Max(values[i][j], values[i + 1][j]);
            return new CriticalTable(p, rows.Select(r => int.Parse(r[0], CultureInfo.InvariantCulture)).ToArray(), values);
        }
    }
}

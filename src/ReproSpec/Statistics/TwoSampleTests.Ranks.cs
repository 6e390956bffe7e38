using MathNet.Numerics.Distributions;

namespace ReproSpec.Statistics;

public static partial class TwoSampleTests
{
    public const string MannWhitneyName = "Mann-Whitney U";
    public const string WilcoxonName = "Wilcoxon signed-rank";

    /// <summary>
    /// Mann–Whitney U test of A shifted by −δ against B (scipy.stats.mannwhitneyu conventions: Statistic is U of A,
    /// the normal approximation uses tie and continuity corrections).
    /// </summary>
    /// <remarks>
    /// Auto uses the exact distribution when either sample has at most 8 values and there are no ties, as scipy does.
    /// Estimate is the Hodges–Lehmann shift (median of all a[i] − b[j]); the interval is the distribution-free
    /// order-statistic interval of those differences, unbounded when the samples are too small for the confidence.
    /// All values tied gives p = 1.
    /// </remarks>
    public static TestResult MannWhitney(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Alternative alternative = Alternative.Greater,
        double margin = 0, double confidence = 0.95, RankMethod method = RankMethod.Auto)
    {
        SampleChecks.RequireSample(a, 2, nameof(a), "the Mann-Whitney U test");
        SampleChecks.RequireSample(b, 2, nameof(b), "the Mann-Whitney U test");
        CheckOptions(alternative, margin, confidence);
        int m = a.Length, n = b.Length;
        var pooled = new double[m + n];
        for (var i = 0; i < m; i++) pooled[i] = a[i] - margin;
        b.CopyTo(pooled.AsSpan(m));
        var ranks = Ranks.Of(pooled, out var tieTerm);
        var rankSumA = 0.0;
        for (var i = 0; i < m; i++) rankSumA += ranks[i];
        var u1 = rankSumA - (double)m * (m + 1) / 2;
        var u2 = (double)m * n - u1;
        // scipy's convention: every alternative is an upper-tail probability of U1, U2 or max(U1, U2).
        var (u, factor) = alternative switch
        {
            Alternative.Greater => (u1, 1.0),
            Alternative.Less => (u2, 1.0),
            _ => (Math.Max(u1, u2), 2.0),
        };
        var path = ChoosePath(method, Math.Min(m, n) <= 8, tieTerm > 0, (long)m * n <= RankDistributions.MaxMannWhitneyCells,
            m + n, "Mann-Whitney U", $"m·n ≤ {RankDistributions.MaxMannWhitneyCells}", "m + n");
        double[]? counts = path == RankPath.Exact ? RankDistributions.MannWhitneyCounts(Math.Min(m, n), Math.Max(m, n)) : null;
        double p;
        if (counts is not null)
        {
            p = Math.Clamp(RankDistributions.UpperTail(counts, (int)Math.Round(u)) * factor, 0, 1);
        }
        else if (path == RankPath.Conditional)
        {
            // Ties: the exact distribution of A's rank sum over all C(m + n, m) relabellings of these mid-ranks.
            var doubled = RankDistributions.Doubled(ranks);
            p = RankDistributions.PValue(RankDistributions.RankSumCounts(doubled, m), doubled.Take(m).Sum(), alternative);
        }
        else
        {
            var total = m + n;
            var s = Math.Sqrt(m * (double)n / 12 * (total + 1 - tieTerm / ((double)total * (total - 1))));
            // With every value tied there is no spread at all: no evidence of any shift.
            p = s > 0 ? Normal.CDF(0, 1, -(u - m * (double)n / 2 - 0.5) / s) : 1;
            // Never below what the exact test could attain: the observed arrangement alone.
            p = Math.Clamp(Math.Max(p * factor, factor * Tails.RelabellingExtreme(m, n)), 0, 1);
        }

        // The m·n differences are never formed: their order statistics come from the sorted samples (PairwiseOrder).
        var sortedA = a.ToArray();
        var sortedB = b.ToArray();
        Array.Sort(sortedA);
        Array.Sort(sortedB);
        var pairs = (long)m * n;
        var k = counts is not null
            ? RankDistributions.ExactIntervalIndex(counts, confidence)
            : ApproximateIntervalIndex(pairs, Math.Sqrt(m * (double)n * ((double)m + n + 1) / 12), confidence);
        var interval = k >= 1
            ? new ConfidenceInterval(PairwiseOrder.KthDifference(sortedA, sortedB, k), PairwiseOrder.KthDifference(sortedA, sortedB, pairs - k + 1), confidence)
            : Unbounded(confidence);
        return new TestResult(MannWhitneyName, alternative, margin, u1, p, null, interval, PairwiseOrder.MedianDifference(sortedA, sortedB));
    }

    /// <summary>
    /// Wilcoxon signed-rank test of d[i] = a[i] − b[i] − δ (scipy.stats.wilcoxon defaults: zero differences dropped,
    /// no continuity correction unless asked). Statistic is W⁺, the rank sum of the positive differences, for every alternative.
    /// </summary>
    /// <remarks>
    /// Auto uses the exact distribution for at most 50 pairs with no zero and no tied |d|, the normal approximation with
    /// tie correction otherwise (scipy 1.10 keeps "exact" under ties, which is not valid; later versions switch as here).
    /// Estimate is the Hodges–Lehmann pseudo-median of a − b (median of the Walsh averages); the interval is its
    /// order-statistic interval. All differences zero gives W⁺ = 0 and p = 1.
    /// </remarks>
    public static TestResult Wilcoxon(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Alternative alternative = Alternative.Greater,
        double margin = 0, double confidence = 0.95, RankMethod method = RankMethod.Auto, bool continuity = false)
    {
        var raw = PairedDifferences(a, b, "The Wilcoxon signed-rank test", 2);
        CheckOptions(alternative, margin, confidence);
        var nonZero = raw.Select(d => d - margin).Where(d => d != 0).ToArray();
        var zeros = raw.Length - nonZero.Length;
        var absolute = nonZero.Select(Math.Abs).ToArray();
        var ranks = Ranks.Of(absolute, out var tieTerm);
        var wPlus = 0.0;
        for (var i = 0; i < nonZero.Length; i++)
        {
            if (nonZero[i] > 0) wPlus += ranks[i];
        }
        var path = ChoosePath(method, raw.Length <= 50 && zeros == 0, tieTerm > 0 || zeros > 0, raw.Length <= RankDistributions.MaxWilcoxonPairs,
            nonZero.Length, "Wilcoxon signed-rank", $"n ≤ {RankDistributions.MaxWilcoxonPairs}", "the number of non-zero differences");
        var exact = path == RankPath.Exact;
        double p;
        if (nonZero.Length == 0)
        {
            p = 1;
        }
        else if (exact)
        {
            var counts = RankDistributions.WilcoxonCounts(nonZero.Length);
            var w = (int)Math.Round(wPlus);
            p = alternative switch
            {
                Alternative.Greater => RankDistributions.UpperTail(counts, w),
                Alternative.Less => RankDistributions.LowerTail(counts, w),
                _ => 2 * Math.Min(RankDistributions.UpperTail(counts, w), RankDistributions.LowerTail(counts, w)),
            };
        }
        else if (path == RankPath.Conditional)
        {
            // Zeros or ties: the exact distribution of W⁺ over the 2ⁿ sign flips of these mid-ranks (zeros dropped).
            var doubled = RankDistributions.Doubled(ranks);
            var observed = 0;
            for (var i = 0; i < nonZero.Length; i++)
            {
                if (nonZero[i] > 0) observed += doubled[i];
            }
            p = RankDistributions.PValue(RankDistributions.SignedRankCounts(doubled), observed, alternative);
        }
        else
        {
            double c = nonZero.Length;
            var mean = c * (c + 1) / 4;
            var sd = Math.Sqrt((c * (c + 1) * (2 * c + 1) - tieTerm / 2) / 24);
            var correction = !continuity ? 0 : alternative switch
            {
                Alternative.Greater => 0.5,
                Alternative.Less => -0.5,
                _ => 0.5 * Math.Sign(wPlus - mean),
            };
            p = sd > 0 ? Tails.FromZ((wPlus - mean - correction) / sd, alternative) : 1;
            // Never below what the exact sign-flip test could attain.
            p = Math.Max(p, (alternative == Alternative.TwoSided ? 2 : 1) * Tails.SignFlipExtreme(nonZero.Length));
        }
        p = Math.Clamp(p, 0, 1);

        // The n(n + 1)/2 Walsh averages are never formed: their order statistics come from the sorted differences.
        var n = raw.Length;
        var sorted = raw.ToArray();
        Array.Sort(sorted);
        var averages = PairwiseOrder.WalshCount(n);
        var k = exact
            ? RankDistributions.ExactIntervalIndex(RankDistributions.WilcoxonCounts(n), confidence)
            : ApproximateIntervalIndex(averages, Math.Sqrt(n * (n + 1.0) * (2.0 * n + 1) / 24), confidence);
        var interval = k >= 1
            ? new ConfidenceInterval(PairwiseOrder.KthWalsh(sorted, k), PairwiseOrder.KthWalsh(sorted, averages - k + 1), confidence)
            : Unbounded(confidence);
        return new TestResult(WilcoxonName, alternative, margin, wPlus, p, null, interval, PairwiseOrder.MedianWalsh(sorted));
    }

    enum RankPath
    {
        Exact,
        Conditional,
        Approximate,
    }

    /// <summary>
    /// Exact tables without ties for small samples (scipy's rule), the exact distribution conditional on the ties
    /// when there are ties (or zero differences) and the samples are small enough, the normal approximation otherwise.
    /// </summary>
    static RankPath ChoosePath(RankMethod method, bool small, bool ties, bool feasible, int conditionalN, string test, string limit, string conditionalSize)
    {
        var conditionalFeasible = conditionalN <= RankDistributions.MaxConditional;
        switch (method)
        {
            case RankMethod.Approximate:
                return RankPath.Approximate;
            case RankMethod.Exact when ties && !conditionalFeasible:
                throw new ArgumentException(
                    $"The exact {test} distribution under ties is computed only when {conditionalSize} is at most {RankDistributions.MaxConditional}. Use RankMethod.Auto or RankMethod.Approximate for samples this large.",
                    nameof(method));
            case RankMethod.Exact when ties:
                return RankPath.Conditional;
            case RankMethod.Exact when !feasible:
                throw new ArgumentException(
                    $"The exact {test} distribution is computed only for {limit}. Use RankMethod.Auto or RankMethod.Approximate for samples this large.",
                    nameof(method));
            case RankMethod.Exact:
                return RankPath.Exact;
            case RankMethod.Auto:
                return ties ? (conditionalN <= RankDistributions.AutoConditional ? RankPath.Conditional : RankPath.Approximate)
                    : small ? RankPath.Exact : RankPath.Approximate;
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method, "Use RankMethod.Auto, Exact or Approximate.");
        }
    }

    /// <summary>Normal-approximation order-statistic index: largest k with Φ((k − 1 + ½ − N/2) / sd) ≤ (1 − c)/2.</summary>
    static long ApproximateIntervalIndex(long count, double sd, double confidence)
    {
        var z = Normal.InvCDF(0, 1, (1 + confidence) / 2);
        return Math.Max(0, (long)Math.Floor(count / 2.0 + 0.5 - z * sd));
    }

    static ConfidenceInterval Unbounded(double confidence) => new(double.NegativeInfinity, double.PositiveInfinity, confidence);
}

using MathNet.Numerics.Distributions;

namespace ReproSpec.Statistics;

/// <summary>
/// Our mean against a reported mean ± sd (n) when our values lie in a known range: the betting test of
/// <see cref="BoundedMean"/> on ours, valid for every distribution of ours on the range, with the reported mean's own
/// uncertainty folded in by a union bound (the reported runs near normal: a t bound on their mean).
/// </summary>
/// <remarks>
/// For H0 μ − ρ ≤ d (ρ the reported runs' true mean, m their printed mean): with probability at least 1 − a·w the
/// reported mean does not understate ρ by more than c(a·w) = t(1 − a·w; n − 1) · sd/√n, and then H0 gives
/// μ ≤ m + c + d; the betting test of "μ ≤ m + c + d" at level a·(1 − w) errs with probability at most a·(1 − w). So
/// rejecting at a when the betting p is ≤ a·(1 − w) errs with probability at most a, and p is the smallest such a
/// (the regions are nested: as a grows the bound falls and the allowance rises). w = ½. The betting part stays valid at
/// any look and the reported part is the same event at every look, so the union bound holds over a claim's looks too.
/// </remarks>
public static class BoundedReproduction
{
    public const string Name = "Betting test against a reported summary";

    /// <summary>The share of the level spent on the reported mean's uncertainty.</summary>
    const double ReportedShare = 0.5;

    /// <summary>
    /// The p-value of H0 μ − ρ ≤ <paramref name="shift"/> (Greater) or μ − ρ ≥ <paramref name="shift"/> (Less), for our
    /// values in [<paramref name="low"/>, <paramref name="high"/>] and the reported mean ± sd over n runs.
    /// </summary>
    public static double PValue(ReadOnlySpan<double> ours, double low, double high, double reportedMean, double reportedSd, int reportedN,
        double shift, Alternative alternative, double alpha)
    {
        if (alternative == Alternative.TwoSided) throw new ArgumentOutOfRangeException(nameof(alternative), alternative, "one-sided only: Greater or Less.");
        var greater = alternative == Alternative.Greater;
        var y = new double[ours.Length];
        for (var i = 0; i < y.Length; i++) y[i] = (ours[i] - low) / (high - low);
        double Excess(double a)
        {
            var c = HalfWidth(a * ReportedShare, reportedSd, reportedN);
            var bound = greater ? reportedMean + c + shift : reportedMean - c + shift;
            return BoundedMean.PValue(y, (bound - low) / (high - low), alpha, greater) - a * (1 - ReportedShare);
        }
        if (Excess(1) > 0) return 1;
        double rejected = 1, kept = 0;
        for (var i = 0; i < 60; i++)
        {
            var mid = (rejected + kept) / 2;
            if (Excess(mid) <= 0) rejected = mid; else kept = mid;
        }
        return rejected;
    }

    /// <summary>
    /// About how many seeds of ours the claim needs if the next seeds look like these: the fewest n (up to
    /// <paramref name="cap"/>) at which <paramref name="pValue"/> of our values repeated in seed order to n falls below
    /// <paramref name="alpha"/>, found by <see cref="SeedSearch.First"/>; null when no n up to the cap gets there (for instance when
    /// the reported mean's own uncertainty leaves no room inside the tolerance).
    /// </summary>
    public static int? SeedsToReject(ReadOnlySpan<double> ours, Func<double[], double> pValue, double alpha, int cap = 10_000)
    {
        if (ours.Length == 0) return null;
        var values = ours.ToArray();
        return SeedSearch.First(values.Length + 1, cap, n => pValue([.. Enumerable.Range(0, n).Select(i => values[i % values.Length])]) < alpha);
    }

    /// <summary>
    /// The interval of μ − m that agrees with the two one-sided tests at <paramref name="confidence"/>: our betting interval
    /// (each side at (1 − confidence)/2 · (1 − w)) widened by the reported mean's t bound (each side at (1 − confidence)/2 · w).
    /// </summary>
    public static ConfidenceInterval Interval(ReadOnlySpan<double> ours, double low, double high, double reportedMean, double reportedSd, int reportedN,
        double alpha, double confidence)
    {
        var tail = (1 - confidence) / 2;
        var oursInterval = BoundedMean.Test(ours, low, high, (low + high) / 2, Alternative.Greater, alpha, 1 - 2 * tail * (1 - ReportedShare)).DifferenceInterval;
        var c = HalfWidth(tail * ReportedShare, reportedSd, reportedN);
        return new ConfidenceInterval(oursInterval.Low - reportedMean - c, oursInterval.High - reportedMean + c, confidence);
    }

    /// <summary>How far the reported mean may understate (or overstate) the reported runs' true mean, with probability 1 − <paramref name="tail"/>.</summary>
    static double HalfWidth(double tail, double sd, int n) =>
        tail >= 0.5 ? 0 : tail <= 0 ? double.PositiveInfinity : StudentT.InvCDF(0, 1, n - 1, 1 - tail) * sd / Math.Sqrt(n);
}

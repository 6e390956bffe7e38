using MathNet.Numerics.Distributions;

namespace ReproSpec.Statistics;

/// <summary>Upper quantiles of Student's t, accurate in far tails where MathNet's InvCDF loses digits or fails to converge.</summary>
internal static class StudentQuantile
{
    /// <summary>The t with P(T ≥ t) = <paramref name="tail"/> for <paramref name="df"/> degrees of freedom (tail in (0, 1)).</summary>
    /// <remarks>
    /// Bisection on P(T ≤ −t) = tail: the lower tail comes from the regularised incomplete beta function with full
    /// relative precision however small it is, so early sequential looks (tails near 1e-7 at 2 degrees of freedom)
    /// get exact critical values; MathNet's own InvCDF throws there.
    /// </remarks>
    public static double Upper(double df, double tail)
    {
        if (!(tail > 0 && tail < 1) || !(df > 0))
            throw new ArgumentOutOfRangeException(nameof(tail), tail, "A t quantile needs a tail probability in (0, 1) and df > 0.");
        if (tail > 0.5) return -Upper(df, 1 - tail);
        if (tail == 0.5) return 0;
        double lo = 0, hi = 1;
        while (StudentT.CDF(0, 1, df, -hi) > tail)
        {
            lo = hi;
            hi *= 2;
            if (double.IsInfinity(hi)) return double.PositiveInfinity;
        }
        for (var i = 0; i < 200 && hi - lo > 1e-15 * hi; i++)
        {
            var mid = (lo + hi) / 2;
            if (StudentT.CDF(0, 1, df, -mid) > tail) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }
}

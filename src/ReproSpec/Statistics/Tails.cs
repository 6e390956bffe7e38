using MathNet.Numerics.Distributions;

namespace ReproSpec.Statistics;

/// <summary>P-values and quantiles of the reference distributions, per alternative.</summary>
internal static class Tails
{
    /// <summary>P-value of a t statistic; upper tails use the CDF at −t so small p-values keep their precision.</summary>
    public static double FromT(double t, double degreesOfFreedom, Alternative alternative) => alternative switch
    {
        Alternative.Greater => StudentT.CDF(0, 1, degreesOfFreedom, -t),
        Alternative.Less => StudentT.CDF(0, 1, degreesOfFreedom, t),
        _ => Math.Min(1, 2 * StudentT.CDF(0, 1, degreesOfFreedom, -Math.Abs(t))),
    };

    public static double FromZ(double z, Alternative alternative) => alternative switch
    {
        Alternative.Greater => Normal.CDF(0, 1, -z),
        Alternative.Less => Normal.CDF(0, 1, z),
        _ => Math.Min(1, 2 * Normal.CDF(0, 1, -Math.Abs(z))),
    };

    /// <summary>P-value when the standard error is zero: the data determine the difference exactly.</summary>
    /// <remarks>
    /// The shifted difference d = estimate − δ is then either certainly inside or certainly outside the null:
    /// d &gt; 0 gives p = 0 for Greater and TwoSided and p = 1 for Less (mirrored for d &lt; 0); d = 0 lies in every
    /// null hypothesis, so p = 1.
    /// </remarks>
    public static (double Statistic, double PValue) Exact(double shiftedDifference, Alternative alternative)
    {
        if (shiftedDifference == 0) return (0, 1);
        var statistic = shiftedDifference > 0 ? double.PositiveInfinity : double.NegativeInfinity;
        var p = alternative switch
        {
            Alternative.Greater => shiftedDifference > 0 ? 0 : 1,
            Alternative.Less => shiftedDifference < 0 ? 0 : 1,
            _ => 0,
        };
        return (statistic, p);
    }
}

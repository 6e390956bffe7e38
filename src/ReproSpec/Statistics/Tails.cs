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

    /// <summary>P-value when the sample shows no spread, from the exact sign-flip or relabelling distribution.</summary>
    /// <remarks>
    /// With no spread the t statistic is ±∞, but the data fix only the sample's difference, not the population's. Under
    /// the randomisation null (the signs of the shifted differences are exchangeable for one-sample and paired tests, the
    /// arm labels for two samples) the observed arrangement is the most extreme one, with probability
    /// <paramref name="extreme"/>: 2⁻ⁿ for n sign flips, 1/C(m + n, m) for relabellings. So a shifted difference
    /// d &gt; 0 gives p = extreme for Greater, 1 for Less and min(1, 2·extreme) two-sided (mirrored for d &lt; 0), and d = 0,
    /// which lies in every null, gives p = 1: never the p = 0 that would clear every level.
    /// </remarks>
    public static (double Statistic, double PValue) NoSpread(double shiftedDifference, Alternative alternative, double extreme)
    {
        if (shiftedDifference == 0) return (0, 1);
        var statistic = shiftedDifference > 0 ? double.PositiveInfinity : double.NegativeInfinity;
        var p = alternative switch
        {
            Alternative.Greater => shiftedDifference > 0 ? extreme : 1,
            Alternative.Less => shiftedDifference < 0 ? extreme : 1,
            _ => Math.Min(1, 2 * extreme),
        };
        return (statistic, p);
    }

    /// <summary>Probability of the most extreme of 2ⁿ equally likely sign patterns: the smallest p a one-sample or paired test can honestly give.</summary>
    public static double SignFlipExtreme(int n) => Math.Pow(2, -n);

    /// <summary>Probability of the most extreme of C(m + n, m) equally likely relabellings of two samples.</summary>
    public static double RelabellingExtreme(int m, int n) => 1 / MathNet.Numerics.SpecialFunctions.Binomial(m + n, m);
}

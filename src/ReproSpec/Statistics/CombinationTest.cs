using MathNet.Numerics.Distributions;

namespace ReproSpec.Statistics;

/// <summary>
/// The weighted inverse-normal (Stouffer) combination of two independent one-sided p-values: the test of a claim
/// decided over two attempts on disjoint seeds (Lehmacher and Wassmer 1999).
/// </summary>
public static class CombinationTest
{
    /// <summary>
    /// The combined one-sided p-value 1 − Φ(w₁ Φ⁻¹(1 − p₁) + w₂ Φ⁻¹(1 − p₂)), w₁² + w₂² = 1. Valid (uniform under the
    /// null) when p₁ and p₂ are independent valid p-values and the weights are fixed before p₂'s data are seen; the size of
    /// the second attempt may be chosen after seeing p₁ (the weights stay those planned).
    /// </summary>
    /// <param name="p1">The first attempt's one-sided p-value, in [0, 1].</param>
    /// <param name="p2">The second attempt's one-sided p-value, in the same direction, in [0, 1].</param>
    /// <param name="firstWeight">w₁ in [0, 1]; <see cref="FirstWeight"/> gives it from the planned sizes.</param>
    public static double InverseNormal(double p1, double p2, double firstWeight)
    {
        if (!(p1 >= 0 && p1 <= 1)) throw new ArgumentOutOfRangeException(nameof(p1), p1, "A p-value lies in [0, 1].");
        if (!(p2 >= 0 && p2 <= 1)) throw new ArgumentOutOfRangeException(nameof(p2), p2, "A p-value lies in [0, 1].");
        if (!(firstWeight >= 0 && firstWeight <= 1))
            throw new ArgumentOutOfRangeException(nameof(firstWeight), firstWeight, "The first attempt's weight lies in [0, 1] (w₁² + w₂² = 1).");
        var secondWeight = Math.Sqrt(1 - firstWeight * firstWeight);
        // A p of exactly 0 or 1 is an infinite z: the combination is then decided by that attempt alone (0 · ∞ excluded).
        var z1 = Z(p1);
        var z2 = Z(p2);
        var z = (firstWeight == 0 ? 0 : firstWeight * z1) + (secondWeight == 0 ? 0 : secondWeight * z2);
        if (double.IsNaN(z)) return 1; // +∞ and −∞: one attempt says 0, the other 1; the larger p is the safe side.
        return Normal.CDF(0, 1, -z);
    }

    /// <summary>The combined statistic's z for a one-sided p: Φ⁻¹(1 − p), ±∞ at 0 and 1.</summary>
    static double Z(double p) => p <= 0 ? double.PositiveInfinity : p >= 1 ? double.NegativeInfinity : -Normal.InvCDF(0, 1, p);

    /// <summary>
    /// w₁ = √(n₁ / (n₁ + n₂)) from the planned seeds per arm of each attempt: the weights of a single test on all seeds
    /// when both attempts are as planned.
    /// </summary>
    public static double FirstWeight(int firstSeeds, int plannedSecondSeeds)
    {
        if (firstSeeds < 1) throw new ArgumentOutOfRangeException(nameof(firstSeeds), firstSeeds, "The first attempt has at least one seed per arm.");
        if (plannedSecondSeeds < 1) throw new ArgumentOutOfRangeException(nameof(plannedSecondSeeds), plannedSecondSeeds, "The planned second attempt has at least one seed per arm.");
        return Math.Sqrt(firstSeeds / (double)(firstSeeds + plannedSecondSeeds));
    }

    /// <summary>
    /// Normal-approximation power of the combination at <paramref name="level"/>: the chance that the second attempt's
    /// z, with mean <paramref name="drift"/> (standardised effect × √seeds), lifts the combined z over z₁₋level given the
    /// first attempt's p.
    /// </summary>
    public static double ConditionalPower(double p1, double firstWeight, double drift, double level)
    {
        var secondWeight = Math.Sqrt(1 - firstWeight * firstWeight);
        if (secondWeight == 0) return InverseNormal(p1, 0.5, firstWeight) < level ? 1 : 0;
        var needed = (-Normal.InvCDF(0, 1, level) - firstWeight * Z(Math.Clamp(p1, 1e-300, 1 - 1e-16))) / secondWeight;
        return Normal.CDF(0, 1, drift - needed);
    }
}

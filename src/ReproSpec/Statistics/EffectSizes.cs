using MathNet.Numerics;

namespace ReproSpec.Statistics;

/// <summary>Standardised effect sizes of A against B: Cohen's d, Hedges' g, Cliff's delta and Vargha–Delaney A12.</summary>
/// <remarks>
/// Positive values mean A tends to be larger. With zero pooled standard deviation d and g are 0 when the means are
/// equal and ±∞ otherwise (the arms are perfectly separated), never NaN.
/// </remarks>
public static class EffectSizes
{
    /// <summary>(mean(A) − mean(B)) / pooled standard deviation (n − 1 weights).</summary>
    public static double CohensD(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        SampleChecks.RequireSample(a, 2, nameof(a), "Cohen's d");
        SampleChecks.RequireSample(b, 2, nameof(b), "Cohen's d");
        var difference = Descriptive.Mean(a) - Descriptive.Mean(b);
        int m = a.Length, n = b.Length;
        var pooled = Math.Sqrt(((m - 1) * Descriptive.Variance(a) + (n - 1) * Descriptive.Variance(b)) / (m + n - 2));
        if (pooled == 0) return difference == 0 ? 0 : difference > 0 ? double.PositiveInfinity : double.NegativeInfinity;
        return difference / pooled;
    }

    /// <summary>Cohen's d times the exact small-sample correction J(ν) = Γ(ν/2) / (√(ν/2) Γ((ν − 1)/2)), ν = m + n − 2.</summary>
    public static double HedgesG(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => CohensD(a, b) * HedgesCorrection(a.Length + b.Length - 2);

    /// <summary>J(ν), the factor that makes d unbiased for normal data (≈ 1 − 3/(4ν − 1)).</summary>
    public static double HedgesCorrection(int degreesOfFreedom)
    {
        if (degreesOfFreedom < 2)
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "Hedges' correction needs at least 2 degrees of freedom (m + n − 2).");
        double nu = degreesOfFreedom;
        return Math.Exp(SpecialFunctions.GammaLn(nu / 2) - SpecialFunctions.GammaLn((nu - 1) / 2)) / Math.Sqrt(nu / 2);
    }

    /// <summary>P(A &gt; B) − P(A &lt; B) over all pairs, in [−1, 1].</summary>
    public static double CliffsDelta(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => 2 * VarghaDelaneyA12(a, b) - 1;

    /// <summary>P(A &gt; B) + ½ P(A = B) over all pairs, in [0, 1]; 0.5 means no tendency either way.</summary>
    public static double VarghaDelaneyA12(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        SampleChecks.RequireSample(a, 1, nameof(a), "Vargha-Delaney A12");
        SampleChecks.RequireSample(b, 1, nameof(b), "Vargha-Delaney A12");
        int m = a.Length, n = b.Length;
        var pooled = new double[m + n];
        a.CopyTo(pooled);
        b.CopyTo(pooled.AsSpan(m));
        // Mid-ranks count a tie as half a win, so U of A over m·n is exactly A12.
        var ranks = Ranks.Of(pooled);
        var rankSum = 0.0;
        for (var i = 0; i < m; i++) rankSum += ranks[i];
        return (rankSum - (double)m * (m + 1) / 2) / ((double)m * n);
    }
}

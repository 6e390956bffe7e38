namespace ReproSpec.Statistics;

/// <summary>t-based confidence intervals for a mean and for a difference of means (Welch, pooled, paired).</summary>
/// <remarks>
/// <c>sides</c> picks the shape: TwoSided gives [low, high]; Greater gives the one-sided lower bound [low, +∞)
/// that matches a Greater test; Less gives (−∞, high]. Zero variance gives the point interval [m, m]
/// (or its one-sided version).
/// </remarks>
public static class Intervals
{
    /// <summary>Interval for the population mean of <paramref name="values"/> (n ≥ 2).</summary>
    public static ConfidenceInterval Mean(ReadOnlySpan<double> values, double confidence = 0.95, Alternative sides = Alternative.TwoSided)
    {
        SampleChecks.RequireSample(values, 2, nameof(values), "a t interval of the mean");
        return T(TwoSampleTests.OneSampleEstimate(values), confidence, sides);
    }

    /// <summary>Interval for mean(A) − mean(B) with Welch's standard error and degrees of freedom.</summary>
    public static ConfidenceInterval WelchDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double confidence = 0.95,
        Alternative sides = Alternative.TwoSided) => T(TwoSampleTests.WelchEstimate(a, b), confidence, sides);

    /// <summary>Interval for mean(A) − mean(B) with the pooled (equal-variance) standard error.</summary>
    public static ConfidenceInterval PooledDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double confidence = 0.95,
        Alternative sides = Alternative.TwoSided) => T(TwoSampleTests.PooledEstimate(a, b), confidence, sides);

    /// <summary>Interval for the mean of a[i] − b[i].</summary>
    public static ConfidenceInterval PairedDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double confidence = 0.95,
        Alternative sides = Alternative.TwoSided) => T(TwoSampleTests.PairedEstimate(a, b), confidence, sides);

    /// <summary>
    /// The two-sided confidence 1 − 2·<paramref name="level"/> whose one-sided ends are judged at the level, kept below 1:
    /// an O'Brien–Fleming design's first look of 5 in 200 seeds has a level near 10⁻²⁰, where 1 − 2·level rounds to 1.
    /// </summary>
    internal static double AtLevel(double level) => Math.Min(1 - 2 * level, 1 - 1e-15);

    internal static ConfidenceInterval T(TwoSampleTests.TEstimate estimate, double confidence, Alternative sides)
    {
        SampleChecks.RequireConfidence(confidence);
        SampleChecks.RequireAlternative(sides);
        var (difference, se, df, extreme) = estimate;
        double low, high;
        if (df is null)
        {
            // No spread: the interval inverts the sign-flip / relabelling test, which rejects every other difference
            // exactly when its most extreme arrangement is rarer than the bound's tail, and none otherwise.
            var tail = sides == Alternative.TwoSided ? (1 - confidence) / 2 : 1 - confidence;
            (low, high) = extreme < tail ? (difference, difference) : (double.NegativeInfinity, double.PositiveInfinity);
        }
        else
        {
            // One-sided bounds use the confidence quantile itself, two-sided ones the (1 + c)/2 quantile.
            var quantile = StudentQuantile.Upper(df.Value, sides == Alternative.TwoSided ? (1 - confidence) / 2 : 1 - confidence);
            low = difference - quantile * se;
            high = difference + quantile * se;
        }
        return sides switch
        {
            Alternative.Greater => new ConfidenceInterval(low, double.PositiveInfinity, confidence),
            Alternative.Less => new ConfidenceInterval(double.NegativeInfinity, high, confidence),
            _ => new ConfidenceInterval(low, high, confidence),
        };
    }
}

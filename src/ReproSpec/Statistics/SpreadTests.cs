using MathNet.Numerics.Distributions;

namespace ReproSpec.Statistics;

/// <summary>Is sample A more spread out than sample B? The Brown–Forsythe test (decides) and the variance-ratio F interval (describes).</summary>
/// <remarks>
/// Brown–Forsythe (1974) is Levene's test centred on the median: a Student t test on the absolute deviations
/// |a − median(a)| against |b − median(b)|. For two samples its two-sided p-value is scipy.stats.levene(a, b,
/// center="median"); the one-sided p-value is Student's t on the deviations. It compares mean absolute deviations,
/// which order like standard deviations when the two samples differ only in scale (a location–scale family);
/// unlike the F test its level does not depend on normality. The F ratio s²(A)/s²(B) and its interval are exact
/// only for normal samples and are reported, not used to decide (docs/statistics.md, "Variance by source").
/// </remarks>
public static class SpreadTests
{
    public const string BrownForsytheName = "Brown–Forsythe (median-centred Levene) t";

    /// <summary>One-sided (or two-sided) Brown–Forsythe test; Greater: A's spread exceeds B's. Estimate: the difference of mean absolute deviations from the median.</summary>
    public static TestResult BrownForsythe(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Alternative alternative = Alternative.Greater, double confidence = 0.95)
    {
        SampleChecks.RequireSample(a, 3, nameof(a), "the Brown–Forsythe test");
        SampleChecks.RequireSample(b, 3, nameof(b), "the Brown–Forsythe test");
        return TwoSampleTests.Student(AbsoluteDeviations(a), AbsoluteDeviations(b), alternative, 0, confidence) with { Test = BrownForsytheName };
    }

    /// <summary>|x − median(x)| for each value, in input order.</summary>
    public static double[] AbsoluteDeviations(ReadOnlySpan<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var median = Descriptive.MedianOfSorted(sorted);
        var deviations = new double[values.Length];
        for (var i = 0; i < values.Length; i++) deviations[i] = Math.Abs(values[i] - median);
        return deviations;
    }

    /// <summary>s²(A)/s²(B); +∞ when only B is constant, NaN when both are.</summary>
    public static double VarianceRatio(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        SampleChecks.RequireSample(a, 2, nameof(a), "a variance ratio");
        SampleChecks.RequireSample(b, 2, nameof(b), "a variance ratio");
        return Descriptive.Variance(a) / Descriptive.Variance(b);
    }

    /// <summary>The F test's p-value for s²(A)/s²(B) against 1 (normal samples only): Greater is P(F ≥ ratio).</summary>
    public static double VarianceRatioPValue(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Alternative alternative = Alternative.Greater)
    {
        SampleChecks.RequireAlternative(alternative);
        var ratio = VarianceRatio(a, b);
        if (double.IsNaN(ratio)) return 1;
        var upper = double.IsPositiveInfinity(ratio) ? 0 : 1 - FisherSnedecor.CDF(a.Length - 1, b.Length - 1, ratio);
        var lower = double.IsPositiveInfinity(ratio) ? 1 : FisherSnedecor.CDF(a.Length - 1, b.Length - 1, ratio);
        return alternative switch
        {
            Alternative.Greater => upper,
            Alternative.Less => lower,
            _ => Math.Min(1, 2 * Math.Min(upper, lower)),
        };
    }

    /// <summary>The two-sided interval of σ²(A)/σ²(B) from the F distribution (exact for normal samples only).</summary>
    public static ConfidenceInterval VarianceRatioInterval(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double confidence = 0.95)
    {
        SampleChecks.RequireConfidence(confidence);
        var ratio = VarianceRatio(a, b);
        if (!double.IsFinite(ratio)) return new ConfidenceInterval(double.NaN, double.NaN, confidence);
        var tail = (1 - confidence) / 2;
        var high = FisherSnedecor.InvCDF(a.Length - 1, b.Length - 1, 1 - tail);
        var low = FisherSnedecor.InvCDF(a.Length - 1, b.Length - 1, tail);
        return new ConfidenceInterval(ratio / high, ratio / low, confidence);
    }
}

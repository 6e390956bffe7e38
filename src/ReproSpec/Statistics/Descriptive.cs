namespace ReproSpec.Statistics;

/// <summary>Moments and order statistics shared by the tests (two-pass, so large offsets such as 0.98 ± 1e-4 keep their precision).</summary>
internal static class Descriptive
{
    /// <summary>2⁻⁵², the spacing of doubles at 1.</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    public static double Mean(ReadOnlySpan<double> values)
    {
        // A constant sample must have exactly its value as mean, so "zero variance" is detected exactly.
        if (IsConstant(values)) return values[0];
        var sum = 0.0;
        foreach (var v in values) sum += v;
        var mean = sum / values.Length;
        // One correction pass: the rounding error of the first sum is removed (as numpy/scipy effectively do).
        var correction = 0.0;
        foreach (var v in values) correction += v - mean;
        return mean + correction / values.Length;
    }

    /// <summary>Sample variance with n − 1 in the denominator; needs n ≥ 2.</summary>
    public static double Variance(ReadOnlySpan<double> values)
    {
        if (IsConstant(values)) return 0;
        var mean = Mean(values);
        var squares = 0.0;
        foreach (var v in values) squares += (v - mean) * (v - mean);
        return squares / (values.Length - 1);
    }

    /// <summary>
    /// The sample variance, or 0 when the spread is no larger than the rounding of values of size <paramref name="scale"/>
    /// (e.g. 0.9 − 0.85 and 0.8 − 0.75 differ in the last bit): such a sample has no spread, and a t statistic on it
    /// would be rounding noise divided by rounding noise.
    /// </summary>
    public static double VarianceBeyondRounding(ReadOnlySpan<double> values, double scale)
    {
        var variance = Variance(values);
        return Math.Sqrt(variance) <= 8 * MachineEpsilon * scale ? 0 : variance;
    }

    /// <summary>Largest absolute value: the scale of a sample's rounding error.</summary>
    public static double MaxAbsolute(ReadOnlySpan<double> values)
    {
        var max = 0.0;
        foreach (var v in values) max = Math.Max(max, Math.Abs(v));
        return max;
    }

    public static bool IsConstant(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (v != values[0]) return false;
        }
        return true;
    }

    public static double MedianOfSorted(ReadOnlySpan<double> sorted)
    {
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>Quantile at level p of sorted values with linear interpolation between order statistics (numpy's default, Hyndman–Fan 7).</summary>
    public static double QuantileOfSorted(ReadOnlySpan<double> sorted, double p)
    {
        var h = (sorted.Length - 1) * Math.Clamp(p, 0, 1);
        var below = (int)Math.Floor(h);
        if (below >= sorted.Length - 1) return sorted[^1];
        return sorted[below] + (h - below) * (sorted[below + 1] - sorted[below]);
    }
}

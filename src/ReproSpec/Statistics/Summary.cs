namespace ReproSpec.Statistics;

/// <summary>Descriptive statistics of one sample (one value per seed).</summary>
/// <remarks>StandardDeviation is the sample (n − 1) standard deviation; with N = 1 it is NaN, because one run shows no spread.</remarks>
public sealed record Summary(int N, double Mean, double StandardDeviation, double Median, double Min, double Max)
{
    /// <summary>Summarises <paramref name="values"/>; throws on an empty sample or a NaN/∞ value.</summary>
    public static Summary Of(ReadOnlySpan<double> values)
    {
        SampleChecks.RequireSize(values, 1, "values", "a summary");
        SampleChecks.RequireFinite(values, "values");
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var mean = Descriptive.Mean(values);
        var sd = values.Length > 1 ? Math.Sqrt(Descriptive.Variance(values)) : double.NaN;
        return new Summary(values.Length, mean, sd, Descriptive.MedianOfSorted(sorted), sorted[0], sorted[^1]);
    }
}

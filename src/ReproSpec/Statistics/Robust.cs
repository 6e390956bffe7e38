namespace ReproSpec.Statistics;

/// <summary>Robust location estimates: the median, trimmed means and the interquartile mean (IQM) used by rliable.</summary>
public static class Robust
{
    /// <summary>The mean of the middle half: <see cref="TrimmedMean"/> with proportion 0.25.</summary>
    /// <remarks>
    /// rliable computes IQM as scipy.stats.trim_mean(x, 0.25), which drops ⌊n/4⌋ values from each end and
    /// averages the rest without fractional weights. For n not a multiple of 4 that keeps slightly more than half
    /// (n = 5 keeps 3, n = 10 keeps 6), and for n &lt; 4 nothing is dropped (the IQM is the mean). We follow that
    /// definition so IQMs match rliable's published numbers.
    /// </remarks>
    public static double InterquartileMean(ReadOnlySpan<double> values) => TrimmedMean(values, 0.25);

    /// <summary>Mean after dropping ⌊proportion · n⌋ of the sorted values from each end (scipy.stats.trim_mean).</summary>
    public static double TrimmedMean(ReadOnlySpan<double> values, double proportion)
    {
        SampleChecks.RequireSample(values, 1, nameof(values), "a trimmed mean");
        if (!(proportion >= 0 && proportion < 0.5))
            throw new ArgumentOutOfRangeException(nameof(proportion), proportion, "The proportion cut from each end must lie in [0, 0.5).");
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var cut = (int)(proportion * sorted.Length);
        return Descriptive.Mean(sorted.AsSpan(cut, sorted.Length - 2 * cut));
    }

    /// <summary>The median (mean of the two middle values for even n).</summary>
    public static double Median(ReadOnlySpan<double> values)
    {
        SampleChecks.RequireSample(values, 1, nameof(values), "a median");
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return Descriptive.MedianOfSorted(sorted);
    }

    /// <summary>The arithmetic mean (a convenience for passing as a bootstrap statistic).</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        SampleChecks.RequireSample(values, 1, nameof(values), "a mean");
        return Descriptive.Mean(values);
    }
}

namespace ReproSpec.Statistics;

/// <summary>One-sample t test of a mean against a bound: "A's mean accuracy is at least 0.9".</summary>
public static class OneSampleTests
{
    public const string TName = "One-sample t";

    /// <summary>Tests mean(x) against <paramref name="bound"/>: Greater has H0 μ ≤ bound, Less has H0 μ ≥ bound.</summary>
    public static TestResult T(ReadOnlySpan<double> x, double bound, Alternative alternative = Alternative.Greater, double confidence = 0.95)
    {
        SampleChecks.RequireSample(x, 2, nameof(x), "the one-sample t test");
        SampleChecks.RequireFiniteNumber(bound, nameof(bound));
        SampleChecks.RequireAlternative(alternative);
        SampleChecks.RequireConfidence(confidence);
        var mean = Descriptive.Mean(x);
        var se = Math.Sqrt(Descriptive.Variance(x) / x.Length);
        if (se == 0)
        {
            var (statistic, p) = Tails.Exact(mean - bound, alternative);
            return new TestResult(TName, alternative, bound, statistic, p, null, new ConfidenceInterval(mean, mean, confidence), mean);
        }
        var df = x.Length - 1;
        var t = (mean - bound) / se;
        return new TestResult(TName, alternative, bound, t, Tails.FromT(t, df, alternative), df,
            Intervals.Mean(x, confidence), mean);
    }
}

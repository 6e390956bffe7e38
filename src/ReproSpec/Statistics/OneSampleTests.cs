namespace ReproSpec.Statistics;

/// <summary>One-sample t test of a mean against a bound: "A's mean accuracy is at least 0.9".</summary>
public static class OneSampleTests
{
    public const string TName = "One-sample t";

    /// <summary>Tests mean(x) against <paramref name="bound"/>: Greater has H0 μ ≤ bound, Less has H0 μ ≥ bound.</summary>
    /// <remarks>Tied values (a metric that takes few values) are judged by the exact sign-flip distribution of t, exact when the values are symmetric about the bound; see docs/statistics.md, "Discrete metrics".</remarks>
    public static TestResult T(ReadOnlySpan<double> x, double bound, Alternative alternative = Alternative.Greater, double confidence = 0.95) =>
        T(x, bound, alternative, confidence, withInterval: true);

    internal static TestResult T(ReadOnlySpan<double> x, double bound, Alternative alternative, double confidence, bool withInterval)
    {
        SampleChecks.RequireSample(x, 2, nameof(x), "the one-sample t test");
        SampleChecks.RequireFiniteNumber(bound, nameof(bound));
        SampleChecks.RequireAlternative(alternative);
        SampleChecks.RequireConfidence(confidence);
        // The one-sample test is the paired test against a constant: the same t and the same sign-flip rule for ties.
        var scale = Math.Max(Descriptive.MaxAbsolute(x), Math.Abs(bound));
        return TwoSampleTests.LocationT(TName, x.ToArray(), TwoSampleTests.OneSampleEstimate(x), scale, alternative, bound, confidence, withInterval);
    }
}

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
        // The one-sample test is the paired test against a constant: the same t and the same sign-flip rule without spread.
        return TwoSampleTests.FromT(TName, TwoSampleTests.OneSampleEstimate(x), alternative, bound, confidence);
    }
}

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

    /// <summary>The suffix of a threshold test whose values are shares of k items, e.g. " with the exact binomial bound (shares of 30 items)".</summary>
    public static string ShareBoundSuffix(int items) => $"{ShareBoundMarker} (shares of {items} item{(items == 1 ? "" : "s")})";

    /// <summary>The start of <see cref="ShareBoundSuffix"/>, which names every threshold test that adds the binomial bound.</summary>
    public const string ShareBoundMarker = " with the exact binomial bound";

    /// <summary>
    /// The test of a threshold claim's mean: <see cref="T(ReadOnlySpan{double}, double, Alternative, double)"/>, and when
    /// every value is a share of k items (accuracy on a test set), the larger of its p-value and the exact binomial
    /// p-value of the pooled counts, which holds for per-seed values skewed towards 0 or 1.
    /// </summary>
    /// <remarks>
    /// The larger of two p-values is valid wherever either is: for normal values (t), values symmetric about the bound
    /// (sign flips) and shares of items each right independently with its own probability (binomial bound,
    /// <see cref="ProportionLattice"/>). Its interval is the hull of the two intervals, the margins that neither test
    /// rejects. docs/statistics.md, "Skewed discrete metrics".
    /// </remarks>
    public static TestResult Threshold(ReadOnlySpan<double> x, double bound, Alternative alternative = Alternative.Greater, double confidence = 0.95) =>
        Threshold(x, bound, alternative, confidence, withInterval: true);

    internal static TestResult Threshold(ReadOnlySpan<double> x, double bound, Alternative alternative, double confidence, bool withInterval)
    {
        var t = T(x, bound, alternative, confidence, withInterval);
        if (ProportionLattice.Items(x) is not { } items) return t;
        var count = ProportionLattice.Count(x, items);
        var trials = x.Length * items;
        var (greater, less) = ProportionLattice.Tails(count, trials, bound);
        var p = alternative switch
        {
            Alternative.Greater => greater,
            Alternative.Less => less,
            _ => Math.Min(1, 2 * Math.Min(greater, less)),
        };
        var interval = t.DifferenceInterval;
        if (withInterval)
        {
            var lattice = ProportionLattice.Interval(count, trials, confidence);
            interval = new ConfidenceInterval(Math.Min(interval.Low, lattice.Low), Math.Max(interval.High, lattice.High), confidence);
        }
        return t with { Test = t.Test + ShareBoundSuffix(items), PValue = Math.Max(t.PValue, p), DifferenceInterval = interval };
    }
}

namespace ReproSpec.Statistics;

/// <summary>Two-sample hypothesis tests of A against B with a margin δ: t tests, rank tests and permutation tests.</summary>
/// <remarks>
/// Every test takes an <see cref="Alternative"/> and a margin δ; the null is μA − μB ≤ δ (Greater), ≥ δ (Less)
/// or = δ (TwoSided). The reported interval is two-sided at <c>confidence</c> whatever the alternative.
/// Inputs must be finite; see docs/statistics.md for degenerate inputs (n &lt; 2, zero variance, ties).
/// </remarks>
public static partial class TwoSampleTests
{
    public const string WelchName = "Welch t";
    public const string StudentName = "Student t";
    public const string PairedTName = "Paired t";

    /// <summary>Welch's unequal-variance t test of mean(A) − mean(B) against δ.</summary>
    public static TestResult Welch(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Alternative alternative = Alternative.Greater,
        double margin = 0, double confidence = 0.95)
    {
        SampleChecks.RequireSample(a, 2, nameof(a), "Welch's t test");
        SampleChecks.RequireSample(b, 2, nameof(b), "Welch's t test");
        return WelchCore(Descriptive.Mean(a), Descriptive.Variance(a), a.Length, Descriptive.Mean(b), Descriptive.Variance(b), b.Length,
            alternative, margin, confidence);
    }

    /// <summary>Welch's t test from summary statistics (sample standard deviations), e.g. a paper's reported mean ± sd over n seeds.</summary>
    public static TestResult WelchFromSummary(double meanA, double sdA, int nA, double meanB, double sdB, int nB,
        Alternative alternative = Alternative.Greater, double margin = 0, double confidence = 0.95)
    {
        CheckSummary(meanA, sdA, nA, "A");
        CheckSummary(meanB, sdB, nB, "B");
        return WelchCore(meanA, sdA * sdA, nA, meanB, sdB * sdB, nB, alternative, margin, confidence);
    }

    static TestResult WelchCore(double meanA, double varA, int nA, double meanB, double varB, int nB,
        Alternative alternative, double margin, double confidence)
    {
        CheckOptions(alternative, margin, confidence);
        var errA = varA / nA;
        var errB = varB / nB;
        var se = Math.Sqrt(errA + errB);
        // Welch–Satterthwaite; undefined (0/0) when both arms have zero variance.
        double? df = se > 0 ? (errA + errB) * (errA + errB) / (errA * errA / (nA - 1) + errB * errB / (nB - 1)) : null;
        return FromT(WelchName, meanA - meanB, se, df, alternative, margin, confidence);
    }

    /// <summary>Builds a t-test result; se = 0 gives the exact result documented in <see cref="Tails.Exact"/>.</summary>
    static TestResult FromT(string test, double difference, double se, double? df, Alternative alternative, double margin, double confidence)
    {
        if (se == 0 || df is null)
        {
            var (statistic, p) = Tails.Exact(difference - margin, alternative);
            return new TestResult(test, alternative, margin, statistic, p, null,
                new ConfidenceInterval(difference, difference, confidence), difference);
        }
        var t = (difference - margin) / se;
        var halfWidth = Tails.TwoSidedT(confidence, df.Value) * se;
        return new TestResult(test, alternative, margin, t, Tails.FromT(t, df.Value, alternative), df,
            new ConfidenceInterval(difference - halfWidth, difference + halfWidth, confidence), difference);
    }

    static void CheckOptions(Alternative alternative, double margin, double confidence)
    {
        SampleChecks.RequireAlternative(alternative);
        SampleChecks.RequireFiniteNumber(margin, nameof(margin));
        SampleChecks.RequireConfidence(confidence);
    }

    static void CheckSummary(double mean, double sd, int n, string arm)
    {
        if (!double.IsFinite(mean))
            throw new ArgumentOutOfRangeException($"mean{arm}", mean, $"The mean of {arm} must be a finite number.");
        if (!(sd >= 0) || !double.IsFinite(sd))
            throw new ArgumentOutOfRangeException($"sd{arm}", sd, $"The standard deviation of {arm} must be a finite number ≥ 0 (a sample standard deviation, not a variance or standard error).");
        if (n < 2)
            throw new ArgumentOutOfRangeException($"n{arm}", n, $"{arm} has n = {n}; a t test needs at least 2 runs per arm. Run more seeds.");
    }
}

namespace ReproSpec.Statistics;

/// <summary>A published result to reproduce: the paper's mean ± standard deviation over N runs.</summary>
/// <param name="Mean">The reported mean.</param>
/// <param name="StandardDeviation">The reported sample standard deviation (not the standard error); 0 with N = 1 for a single reported run.</param>
/// <param name="N">Number of runs (seeds) behind the reported figure.</param>
/// <param name="Source">Where the figure comes from, e.g. "Smith et al. 2021, Table 2".</param>
public sealed record ReportedResult(double Mean, double StandardDeviation, int N, string Source)
{
    /// <summary>"0.953 ± 0.051 (n = 5, Source)", as claim sentences and reports print it.</summary>
    public override string ToString() => $"{Mean:G4} ± {StandardDeviation:G3} (n = {N}, {Source})";
}

/// <summary>The outcome of two one-sided tests (TOST): is mean(A) − mean(B) inside (lower, upper)?</summary>
/// <param name="Estimate">mean(A) − mean(B).</param>
/// <param name="LowerMargin">Lower end of the equivalence range.</param>
/// <param name="UpperMargin">Upper end of the equivalence range.</param>
/// <param name="Alpha">Significance level of each one-sided test.</param>
/// <param name="Lower">Welch test of H0: difference ≤ lower margin.</param>
/// <param name="Upper">Welch test of H0: difference ≥ upper margin.</param>
/// <param name="Interval">The (1 − 2α) two-sided interval: equivalence holds exactly when it lies inside the margins.</param>
public sealed record EquivalenceResult(double Estimate, double LowerMargin, double UpperMargin, double Alpha,
    TestResult Lower, TestResult Upper, ConfidenceInterval Interval)
{
    /// <summary>The TOST p-value: the larger of the two one-sided p-values.</summary>
    public double PValue => Math.Max(Lower.PValue, Upper.PValue);

    /// <summary>True when both one-sided nulls are rejected at α.</summary>
    public bool Equivalent => PValue < Alpha;
}

/// <summary>Equivalence tests (Schuirmann's TOST with Welch's t), including "do our runs reproduce the paper's figure?".</summary>
public static class Equivalence
{
    /// <summary>TOST of mean(A) − mean(B) against the equivalence range (lowerMargin, upperMargin).</summary>
    public static EquivalenceResult Tost(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double lowerMargin, double upperMargin, double alpha = 0.05)
    {
        CheckMargins(lowerMargin, upperMargin, alpha);
        return FromEstimate(TwoSampleTests.WelchEstimate(a, b), lowerMargin, upperMargin, alpha);
    }

    /// <summary>TOST from summary statistics (sample standard deviations, n ≥ 2 per arm).</summary>
    public static EquivalenceResult TostFromSummary(double meanA, double sdA, int nA, double meanB, double sdB, int nB,
        double lowerMargin, double upperMargin, double alpha = 0.05)
    {
        CheckMargins(lowerMargin, upperMargin, alpha);
        // WelchFromSummary validates the summaries with messages that name the arm.
        _ = TwoSampleTests.WelchFromSummary(meanA, sdA, nA, meanB, sdB, nB, Alternative.TwoSided);
        return FromEstimate(TwoSampleTests.WelchEstimate(meanA, sdA * sdA, nA, meanB, sdB * sdB, nB), lowerMargin, upperMargin, alpha);
    }

    /// <summary>
    /// Do our runs reproduce <paramref name="reported"/>? TOST of mean(ours) − reported mean within ±tolerance
    /// (absolute, in the metric's units), Welch's t with the paper's standard deviation and N.
    /// </summary>
    /// <remarks>A single reported run (N = 1, standard deviation 0) is treated as a known constant: a one-sample TOST.</remarks>
    public static EquivalenceResult Reproduces(ReadOnlySpan<double> ours, ReportedResult reported, double tolerance, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(reported);
        if (!(tolerance > 0) || !double.IsFinite(tolerance))
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance must be a positive finite number in the metric's units (e.g. 0.01 for one accuracy point).");
        SampleChecks.RequireSample(ours, 2, nameof(ours), "a reproduction test");
        var source = string.IsNullOrWhiteSpace(reported.Source) ? "the reported result" : reported.Source;
        if (!double.IsFinite(reported.Mean))
            throw new ArgumentException($"The mean reported by {source} is {reported.Mean}; it must be a finite number.", nameof(reported));
        if (!(reported.StandardDeviation >= 0) || !double.IsFinite(reported.StandardDeviation))
            throw new ArgumentException($"The standard deviation reported by {source} is {reported.StandardDeviation}; it must be finite and ≥ 0 (convert a standard error with sd = se·√N).", nameof(reported));
        if (reported.N < 1)
            throw new ArgumentException($"{source} reports N = {reported.N} runs; N must be at least 1.", nameof(reported));
        if (reported.N == 1 && reported.StandardDeviation > 0)
            throw new ArgumentException($"{source} reports N = 1 run with a standard deviation of {reported.StandardDeviation}; one run has no standard deviation. Pass the number of runs behind the figure, or 0 for a single run.", nameof(reported));
        CheckMargins(-tolerance, tolerance, alpha);
        var estimate = TwoSampleTests.WelchEstimate(Descriptive.Mean(ours), Descriptive.Variance(ours), ours.Length,
            reported.Mean, reported.StandardDeviation * reported.StandardDeviation, reported.N);
        return FromEstimate(estimate, -tolerance, tolerance, alpha);
    }

    static EquivalenceResult FromEstimate(TwoSampleTests.TEstimate estimate, double lower, double upper, double alpha)
    {
        var lowerTest = TwoSampleTests.FromT(TwoSampleTests.WelchName, estimate, Alternative.Greater, lower, Intervals.AtLevel(alpha));
        var upperTest = TwoSampleTests.FromT(TwoSampleTests.WelchName, estimate, Alternative.Less, upper, Intervals.AtLevel(alpha));
        return new EquivalenceResult(estimate.Difference, lower, upper, alpha, lowerTest, upperTest, lowerTest.DifferenceInterval);
    }

    static void CheckMargins(double lower, double upper, double alpha)
    {
        SampleChecks.RequireFiniteNumber(lower, "lowerMargin");
        SampleChecks.RequireFiniteNumber(upper, "upperMargin");
        if (!(lower < upper))
            throw new ArgumentException($"The equivalence range ({lower}, {upper}) is empty: the lower margin must be below the upper one, e.g. (-0.01, 0.01).", nameof(lower));
        if (!(alpha > 0 && alpha < 0.5))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must lie strictly between 0 and 0.5 (e.g. 0.05); TOST uses the 1 − 2α interval.");
    }
}

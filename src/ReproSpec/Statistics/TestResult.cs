namespace ReproSpec.Statistics;

/// <summary>The outcome of a two-sample test: statistic, p-value for the stated alternative and margin, and a two-sided interval of the difference.</summary>
/// <param name="Test">The test's name, e.g. "Welch t".</param>
/// <param name="Alternative">The alternative tested; the null is μA − μB ≤ δ (Greater), ≥ δ (Less) or = δ (TwoSided).</param>
/// <param name="Margin">δ, the difference the null hypothesis is centred on.</param>
/// <param name="Statistic">The test statistic (t, U, W, z or the permutation statistic), computed after shifting A by −δ.</param>
/// <param name="PValue">P-value for <paramref name="Alternative"/>.</param>
/// <param name="DegreesOfFreedom">For t tests; null for rank and permutation tests, and for a t test whose two arms both have zero variance.</param>
/// <param name="DifferenceInterval">Two-sided interval of the difference at the requested confidence (not shifted by δ).</param>
/// <param name="Estimate">Mean(A) − mean(B), or the test's own estimator (Hodges–Lehmann for rank tests).</param>
public sealed record TestResult(string Test, Alternative Alternative, double Margin, double Statistic, double PValue,
    double? DegreesOfFreedom, ConfidenceInterval DifferenceInterval, double Estimate)
{
    /// <summary>True when the p-value is below <paramref name="alpha"/>.</summary>
    public bool IsSignificant(double alpha) => PValue < alpha;
}

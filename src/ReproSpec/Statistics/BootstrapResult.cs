namespace ReproSpec.Statistics;

/// <summary>A bootstrap estimate: the statistic on the data, its interval and the bootstrap standard error.</summary>
/// <param name="Estimate">The statistic on the original data (for two samples, statistic(A) − statistic(B)).</param>
/// <param name="Interval">Two-sided interval at the requested confidence.</param>
/// <param name="StandardError">Standard deviation of the bootstrap distribution.</param>
/// <param name="Resamples">Number of bootstrap resamples drawn.</param>
/// <param name="Method">"percentile" or "BCa".</param>
public sealed record BootstrapResult(double Estimate, ConfidenceInterval Interval, double StandardError, int Resamples, string Method);

/// <summary>How <see cref="Bootstrap.Stratified(IReadOnlyList{double[]}, TaskAggregate, double, int, ulong)"/> aggregates runs across tasks.</summary>
public enum TaskAggregate
{
    /// <summary>IQM of all run scores pooled across tasks (rliable's aggregate_iqm).</summary>
    InterquartileMean,

    /// <summary>Mean over tasks of each task's mean score (rliable's aggregate_mean).</summary>
    Mean,
}

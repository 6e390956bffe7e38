namespace ReproSpec.Snapshots;

/// <summary>
/// When an arm counts as drifted from its snapshot on another environment. Where received and verified share
/// seeds, the (1 − 2 <see cref="Alpha"/>) interval of the mean per-seed difference must lie within the practical
/// tolerance max(<see cref="Absolute"/>, <see cref="Relative"/> × |verified mean|) (paired TOST); on the same
/// environment shared seeds must match exactly and no tolerance applies. Without shared seeds, Welch's two-sided
/// test must reject "same mean" at <see cref="Alpha"/> AND the means differ by more than the tolerance.
/// </summary>
public sealed record SnapshotTolerance
{
    /// <summary>Significance level of the drift tests; default 0.01 (a suite of many claims should rarely cry wolf).</summary>
    public double Alpha { get; init; } = 0.01;

    /// <summary>Practical tolerance as a fraction of the verified mean's magnitude; default 0.01 (1 %).</summary>
    public double Relative { get; init; } = 0.01;

    /// <summary>Practical tolerance in the metric's units; default 0 (use for metrics whose mean sits near 0).</summary>
    public double Absolute { get; init; }

    public static SnapshotTolerance Default { get; } = new();

    public double For(double verifiedMean) => Math.Max(Absolute, Relative * Math.Abs(verifiedMean));

    public IEnumerable<string> Problems()
    {
        if (!(Alpha > 0 && Alpha < 1)) yield return $"snapshot Alpha = {Alpha} is outside (0, 1); use e.g. 0.01.";
        if (!(Relative >= 0) || !double.IsFinite(Relative)) yield return $"snapshot relative tolerance {Relative} must be a finite number ≥ 0, e.g. 0.01 for 1 %.";
        if (!(Absolute >= 0) || !double.IsFinite(Absolute)) yield return $"snapshot absolute tolerance {Absolute} must be a finite number ≥ 0.";
    }
}

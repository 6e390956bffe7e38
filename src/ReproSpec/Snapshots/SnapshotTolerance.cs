namespace ReproSpec.Snapshots;

/// <summary>
/// When an arm counts as moved on a machine environment its snapshot has no values for: Welch's (1 − <see cref="Alpha"/>)
/// interval of the shift of the mean must lie wholly beyond the practical tolerance max(<see cref="Absolute"/>,
/// <see cref="Relative"/> × |verified mean|) — shown to have moved, not merely not shown equal. On a machine environment
/// the snapshot knows, shared seeds must match exactly and no tolerance applies.
/// </summary>
public sealed record SnapshotTolerance
{
    /// <summary>Level of the shift test on another environment (split over both directions); default 0.01 (a suite of many claims should rarely cry wolf).</summary>
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

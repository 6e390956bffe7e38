using System.Collections.ObjectModel;

namespace ReproSpec.Execution;

/// <summary>The named scalar results of one run (accuracy, loss, seconds per epoch...).</summary>
public sealed class RunMetrics : ReadOnlyDictionary<string, double>
{
    public RunMetrics(IDictionary<string, double> values) : base(new SortedDictionary<string, double>(values, StringComparer.Ordinal)) { }

    public static RunMetrics Of(params (string Name, double Value)[] values) =>
        new(values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal));

    /// <summary>True when any value is NaN or infinite: the run diverged.</summary>
    public bool HasNonFinite => Values.Any(v => !double.IsFinite(v));
}

namespace ReproSpec.Statistics;

/// <summary>Argument checks whose messages name the problem and the fix.</summary>
internal static class SampleChecks
{
    public static void RequireFinite(ReadOnlySpan<double> values, string name)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
                throw new ArgumentException(
                    $"Sample {name} has a non-finite value ({values[i]}) at index {i}. Drop diverged runs (RunMetrics.HasNonFinite) or report them separately before testing.",
                    name);
        }
    }

    public static void RequireSize(ReadOnlySpan<double> values, int minimum, string name, string what)
    {
        if (values.Length < minimum)
            throw new ArgumentException(
                $"Sample {name} has {values.Length} value(s) but {what} needs at least {minimum}. Run more seeds.",
                name);
    }

    public static void RequireSample(ReadOnlySpan<double> values, int minimum, string name, string what)
    {
        RequireSize(values, minimum, name, what);
        RequireFinite(values, name);
    }

    public static void RequirePaired(ReadOnlySpan<double> a, ReadOnlySpan<double> b, string what)
    {
        if (a.Length != b.Length)
            throw new ArgumentException(
                $"{what} pairs a[i] with b[i] but a has {a.Length} values and b has {b.Length}. Pass runs of the same seeds in the same order, or use an unpaired test.",
                nameof(b));
    }

    public static void RequireConfidence(double confidence, string name = "confidence")
    {
        if (!(confidence > 0 && confidence < 1))
            throw new ArgumentOutOfRangeException(name, confidence, $"{name} must lie strictly between 0 and 1 (e.g. 0.95).");
    }

    public static void RequireAlpha(double alpha, string name = "alpha")
    {
        if (!(alpha > 0 && alpha < 1))
            throw new ArgumentOutOfRangeException(name, alpha, $"{name} must lie strictly between 0 and 1 (e.g. 0.05).");
    }

    public static void RequireFiniteNumber(double value, string name)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number.");
    }

    public static void RequireAlternative(Alternative alternative)
    {
        if (!Enum.IsDefined(alternative))
            throw new ArgumentOutOfRangeException(nameof(alternative), alternative, "Use Alternative.TwoSided, Greater or Less.");
    }
}

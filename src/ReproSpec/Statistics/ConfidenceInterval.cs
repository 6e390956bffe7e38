namespace ReproSpec.Statistics;

/// <summary>An interval [Low, High] at confidence Level (0.95 = 95 %); one-sided intervals have an infinite end.</summary>
public readonly record struct ConfidenceInterval(double Low, double High, double Level)
{
    public double Width => High - Low;

    public bool Contains(double value) => value >= Low && value <= High;

    public override string ToString() => FormattableString.Invariant($"[{Low:G6}, {High:G6}] ({Level:P0})");
}

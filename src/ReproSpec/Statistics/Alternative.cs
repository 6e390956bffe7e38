namespace ReproSpec.Statistics;

/// <summary>Which difference a test looks for: A above B (Greater), below (Less), or either (TwoSided).</summary>
/// <remarks>
/// With a margin δ the null hypotheses are: Greater: μA − μB ≤ δ; Less: μA − μB ≥ δ; TwoSided: μA − μB = δ.
/// </remarks>
public enum Alternative
{
    TwoSided,
    Greater,
    Less,
}

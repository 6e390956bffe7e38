namespace ReproSpec.Statistics;

/// <summary>How a rank test gets its p-value: the exact null distribution or the normal approximation.</summary>
public enum RankMethod
{
    /// <summary>Exact for small samples without ties (and, for Wilcoxon, without zero differences); normal approximation otherwise.</summary>
    Auto,

    /// <summary>The exact null distribution; rejected when ties (or zero differences) make it invalid.</summary>
    Exact,

    /// <summary>The normal approximation with tie correction.</summary>
    Approximate,
}

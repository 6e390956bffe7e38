using ReproSpec.Claims;

namespace ReproSpec.Reports;

/// <summary>A test run's claims, for the suite summary and HTML page; <see cref="Errors"/> are claims that could not be decided.</summary>
public sealed record SuiteRecord(IReadOnlyList<ClaimRecord> Claims, IReadOnlyList<(string Test, string Error)> Errors, string? Environment = null)
{
    /// <summary>The reproducibility card of the run, when the adapter gathered one.</summary>
    public ReproducibilityCard? Card { get; init; }

    public int Count(Verdict verdict) => Claims.Count(c => c.Verdict == verdict);

    public int RunsTrained => Claims.Sum(c => c.RunsTrained);

    public int RunsCached => Claims.Sum(c => c.RunsCached);
}

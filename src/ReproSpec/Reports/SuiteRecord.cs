using ReproSpec.Claims;

namespace ReproSpec.Reports;

/// <summary>A test run's claims, for the suite summary and HTML page; <see cref="Errors"/> are claims that could not be decided.</summary>
public sealed record SuiteRecord(IReadOnlyList<ClaimRecord> Claims, IReadOnlyList<(string Test, string Error)> Errors, string? Environment = null)
{
    /// <summary>The reproducibility card of the run, when the adapter gathered one.</summary>
    public ReproducibilityCard? Card { get; init; }

    public int Count(Verdict verdict) => Claims.Count(c => c.Verdict == verdict);

    /// <summary>Distinct runs the test run trained and read from the store, when the run counted them (claims share runs, so per-claim counts do not add up to these).</summary>
    public (int Trained, int FromStore)? Runs { get; init; }

    public int RunsTrained => Runs?.Trained ?? Claims.Sum(c => c.RunsTrained);

    public int RunsCached => Runs?.FromStore ?? Claims.Sum(c => c.RunsCached);

    /// <summary>The counts every report of the run states.</summary>
    public SuiteTotals Totals(RunInfo? run) =>
        new(Count(Verdict.Supported), Count(Verdict.Refuted), Count(Verdict.Inconclusive), Errors.Count, RunsTrained, RunsCached)
        {
            Run = run,
            Claims = Claims.Select(c => c.Test).ToList(),
            Errors = Errors.Select(e => new DeclarationError(e.Test, e.Error)).ToList(),
        };

    /// <summary>"S supported, R refuted, I inconclusive, B badly declared; runs: T trained, C from the store": one sentence for every report.</summary>
    public string Headline => $"{Count(Verdict.Supported)} supported, {Count(Verdict.Refuted)} refuted, {Count(Verdict.Inconclusive)} inconclusive, {Errors.Count} badly declared; runs: {RunsTrained} trained, {RunsCached} from the store";
}

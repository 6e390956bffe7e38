namespace ReproSpec.Reports;

/// <summary>Which test run wrote a report file: its id, the claims assembly, the run store and when it started.</summary>
/// <remarks>
/// Report directories outlive runs: the id and store tie each saved outcome to the run that wrote it, so a
/// summary or `reprospec gate --outcomes` never mixes in files from an earlier run against another store.
/// </remarks>
public sealed record RunInfo(string Id, string Assembly, string Store, DateTimeOffset Started)
{
    /// <summary>A fresh run: the id is the start time (UTC, sortable), the process id and a random suffix.</summary>
    public static RunInfo Start(string assembly, string store)
    {
        var now = DateTimeOffset.UtcNow;
        return new RunInfo($"{now:yyyyMMdd'T'HHmmss'Z'}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}", assembly, Path.GetFullPath(store), now);
    }
}

/// <summary>A claim test that could not be decided (badly declared): its test name and the error, saved as *.error.json.</summary>
public sealed record DeclarationError(string Test, string Error)
{
    public RunInfo? Run { get; init; }
}

/// <summary>
/// The totals of one test run, as the console, summary.md, index.html and summary.json all state them: claims by
/// verdict, badly declared claim tests, and distinct runs trained by this run or read from the store.
/// </summary>
public sealed record SuiteTotals(int Supported, int Refuted, int Inconclusive, int BadlyDeclared, int RunsTrained, int RunsFromStore)
{
    public RunInfo? Run { get; init; }
    public IReadOnlyList<string> Claims { get; init; } = [];
    public IReadOnlyList<DeclarationError> Errors { get; init; } = [];
}

namespace ReproSpec.Decisions;

/// <summary>A claim that cannot be decided as declared (bad settings, unknown metric), or whose arm failed on every seed (<see cref="RunsFailed"/>).</summary>
public sealed class ClaimDeclarationException : Exception
{
    public ClaimDeclarationException(string message) : base(message) { }

    public ClaimDeclarationException() { }

    public ClaimDeclarationException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Keys of failed runs the claim read from the store rather than trained (their records can be deleted to retrain them).</summary>
    public IReadOnlyList<string> StoredFailures { get; init; } = [];

    /// <summary>True when nothing is wrong with the declaration: every run of an arm failed (a crash, a missing module), so there is nothing to decide from.</summary>
    public bool RunsFailed { get; init; }
}

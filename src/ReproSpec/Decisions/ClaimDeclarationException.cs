namespace ReproSpec.Decisions;

/// <summary>A claim that cannot be decided as declared (bad settings, unknown metric, an arm failing on every seed).</summary>
public sealed class ClaimDeclarationException : Exception
{
    public ClaimDeclarationException(string message) : base(message) { }

    public ClaimDeclarationException() { }

    public ClaimDeclarationException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Keys of failed runs the claim read from the store rather than trained (their records can be deleted to retrain them).</summary>
    public IReadOnlyList<string> StoredFailures { get; init; } = [];
}

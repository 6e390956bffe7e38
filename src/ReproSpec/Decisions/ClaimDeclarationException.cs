namespace ReproSpec.Decisions;

/// <summary>A claim that cannot be decided as declared (bad settings, unknown metric, an arm failing on every seed).</summary>
public sealed class ClaimDeclarationException : Exception
{
    public ClaimDeclarationException(string message) : base(message) { }

    public ClaimDeclarationException() { }

    public ClaimDeclarationException(string message, Exception inner) : base(message, inner) { }
}

namespace ReproSpec.Claims;

/// <summary>
/// Collects the claims a claim method declares while it runs. The test adapter opens a scope around the
/// method; <see cref="Claim"/>'s sentences add to it. Nothing trains while the method body runs.
/// </summary>
public sealed class ClaimScope : IDisposable
{
    static readonly AsyncLocal<ClaimScope?> current = new();
    readonly ClaimScope? outer;
    readonly List<IClaimBuilder> builders = [];

    ClaimScope(ClaimScope? outer)
    {
        this.outer = outer;
    }

    /// <summary>The open scope, or null outside a claim method.</summary>
    public static ClaimScope? Current => current.Value;

    public static ClaimScope Open()
    {
        var scope = new ClaimScope(current.Value);
        current.Value = scope;
        return scope;
    }

    internal static ClaimScope Require() => current.Value ?? throw new InvalidOperationException(
        "Claim.That(…) was called outside a claim method: mark the test method with [Claim] (ReproSpec.NUnit) so the claim is evaluated.");

    internal void Add(IClaimBuilder builder) => builders.Add(builder);

    /// <summary>The declared claims, or the problems that keep them from being complete.</summary>
    public IReadOnlyList<ClaimDeclaration> Build(out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        var claims = new List<ClaimDeclaration>();
        foreach (var builder in builders)
        {
            var claim = builder.Build(out var incomplete);
            if (claim is null) found.Add(incomplete ?? "an incomplete claim");
            else claims.Add(claim);
        }
        problems = found;
        return claims;
    }

    public void Dispose() => current.Value = outer;
}

/// <summary>A claim sentence under construction.</summary>
interface IClaimBuilder
{
    ClaimDeclaration? Build(out string? incomplete);
}

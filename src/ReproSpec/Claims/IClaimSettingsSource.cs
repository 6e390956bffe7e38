namespace ReproSpec.Claims;

/// <summary>
/// An attribute that marks a claim method and carries its pre-registration; lets the engine find claims
/// (for planning runs on a cluster) without the test framework that owns the attribute.
/// </summary>
public interface IClaimSettingsSource
{
    /// <summary>The claim's settings as the attribute declares them.</summary>
    ClaimSettings Settings { get; }
}

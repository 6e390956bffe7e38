using ReproSpec.Claims;
using ReproSpec.NUnit;

namespace ReproSpec.KnownVerdicts;

/// <summary>Claims whose snapshots ReproSpec.NUnit.Tests writes, accepts and tampers with (in a temporary REPROSPEC_SNAPSHOTS_DIR).</summary>
public class SnapshotClaims
{
    [Claim(Seeds = 8)]
    public void High_beats_low() => Claim.That(new Gaussian(1.0, 0.1, "snap-high")).Beats(new Gaussian(0.0, 0.1, "snap-low")).On("score");

    [Claim(Seeds = 5, Snapshot = false)]
    public void Without_snapshot() => Claim.That(new Gaussian(1.0, 0.1, "snap-high")).On("score").IsAtLeast(0.5);
}

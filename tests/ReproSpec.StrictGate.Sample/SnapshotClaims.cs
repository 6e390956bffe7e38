using ReproSpec.Claims;
using ReproSpec.KnownVerdicts;
using ReproSpec.NUnit;

namespace ReproSpec.StrictGate.Sample;

/// <summary>
/// A clear, deterministic claim with a committed verified snapshot beside this file: the end-to-end test puts an
/// orphaned snapshot next to it and checks that a CI run fails on it.
/// </summary>
public class SnapshotClaims
{
    [Claim(Seeds = 5)]
    public void Clear_difference_is_supported() =>
        Claim.That(new Gaussian(1.0, 0.1, "clear-a")).Beats(new Gaussian(0.0, 0.1, "clear-b")).On("score");
}

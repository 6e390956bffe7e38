using ReproSpec.Claims;
using ReproSpec.KnownVerdicts;
using ReproSpec.NUnit;

namespace ReproSpec.StrictGate.Sample;

/// <summary>
/// A claim that 5 seeds cannot decide: a 0.05 difference under noise of sd 1. No [TestFixture] and no
/// [assembly: ClaimSuite]: the imported build props supply both, as they do for package users.
/// </summary>
public class StrictGateClaims
{
    [Claim(Seeds = 5, Snapshot = false)]
    public void Noisy_difference_is_inconclusive() =>
        Claim.That(new Gaussian(0.05, 1.0, "noisy-a")).Beats(new Gaussian(0.0, 1.0, "noisy-b")).On("score");
}

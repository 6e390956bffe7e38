using ReproSpec.Claims;
using ReproSpec.KnownVerdicts;
using ReproSpec.NUnit;

namespace ReproSpec.PreRegistration.Sample;

/// <summary>
/// A documented non-reproduction with a clear answer (b sits a full unit below a, sd 0.1): Refuted at any margin
/// from 0 to 0.5. The end-to-end test edits the margin, the seeds and the Because text of this declaration.
/// </summary>
public class PreRegisteredClaims
{
    [Claim(Seeds = 5, Expect = ExpectedVerdict.Refuted, Because = "the reversed claim: b is lower than a")]
    public void Reversed_claim_is_refuted() =>
        Claim.That(new Gaussian(0.0, 0.1, "pre-b")).Beats(new Gaussian(1.0, 0.1, "pre-a")).On("score").ByAtLeast(0);
}

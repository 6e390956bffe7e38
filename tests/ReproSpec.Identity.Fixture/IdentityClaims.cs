using ReproSpec.Claims;
using ReproSpec.NUnit;

namespace ReproSpec.Identity.Fixture;

/// <summary>One claim per experiment, 3 seeds each. No [TestFixture]: the imported build props make this a test assembly.</summary>
public class IdentityClaims
{
    [Claim(Seeds = 3, Snapshot = false)]
    public void Local_helper() => Claim.That(new UsesLocalHelper()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Other_project() => Claim.That(new UsesOtherProject()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Model_class() => Claim.That(new UsesModel()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Data_loader() => Claim.That(new UsesDataLoader()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Evaluation_code() => Claim.That(new UsesEvaluation()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Package_version() => Claim.That(new UsesPackage()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Helper_that_throws() => Claim.That(new UsesGuard()).On("score").IsAtLeast(0.5);

    [Claim(Seeds = 3, Snapshot = false)]
    public void Partly_failing() => Claim.That(new UsesPartlyFailing()).On("score").IsAtLeast(0.5);
}

using NUnit.Framework;
using ReproSpec.Claims;
using ReproSpec.KnownVerdicts;
using ReproSpec.NUnit;

namespace ReproSpec.Gate.Fixtures;

/// <summary>Claims of every outcome a gate must tell apart; the names say what each one is.</summary>
public class GateClaims
{
    static readonly Gaussian High = new(1.0, 0.1, "gate-high");
    static readonly Gaussian Low = new(0.0, 0.1, "gate-low");

    [Claim(Seeds = 5, Snapshot = false)]
    public void Supported_claim() => Claim.That(High).Beats(Low).On("score");

    [Claim(Seeds = 5, Snapshot = false)]
    public void Refuted_claim() => Claim.That(Low).Beats(High).On("score");

    [Claim(Seeds = 5, Snapshot = false)]
    public void Inconclusive_claim() =>
        Claim.That(new Gaussian(0.05, 1.0, "gate-noisy-a")).Beats(new Gaussian(0.0, 1.0, "gate-noisy-b")).On("score");

    [Claim(Snapshot = false)]
    public void Unknown_metric() => Claim.That(High).Beats(Low).On("acuracy");

    [Claim(Snapshot = false)]
    public void Parameter_that_does_not_serialise() => Claim.That(new Shaped(1.0, x => 2 * x)).Beats(Low).On("score");

    [Claim(Snapshot = false)]
    public void Claim_method_with_a_parameter(int seeds) => Claim.That(High).Beats(Low).On("score");

    [Claim(Alpha = 1.5, Snapshot = false)]
    public void Invalid_attribute_values() => Claim.That(High).Beats(Low).On("score");

    [Claim(Snapshot = false)]
    public void Claim_method_that_throws() => throw new InvalidOperationException("the claim's data file is missing (simulated)");

    /// <summary>Snapshot-checked: the end-to-end test points REPROSPEC_SNAPSHOTS_DIR at a temporary directory and edits the verified file there.</summary>
    [Claim(Seeds = 5)]
    public void Snapshot_claim() => Claim.That(new Gaussian(2.0, 0.1, "gate-snap-a")).Beats(new Gaussian(1.0, 0.1, "gate-snap-b")).On("score");
}

/// <summary>Ordinary NUnit tests in a claims project: they count in the gate too.</summary>
public class PlainTests
{
    [Test]
    public void Plain_passing_test() => Assert.That(1 + 1, Is.EqualTo(2));

    [Test]
    public void Plain_failing_test() => Assert.That(1 + 1, Is.EqualTo(3));

    [Test]
    public void Errored_test() => throw new InvalidOperationException("a plain test that throws");
}

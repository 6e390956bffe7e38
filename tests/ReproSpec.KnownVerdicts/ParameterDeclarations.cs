using ReproSpec.Claims;
using ReproSpec.NUnit;

namespace ReproSpec.KnownVerdicts;

/// <summary>
/// Experiment parameters that do not round-trip through JSON: each is a bad declaration on its own test, and
/// the well-declared claim beside them is still decided.
/// </summary>
public class ParameterDeclarations
{
    static readonly Gaussian Low = new(0.0, 0.1, "low");

    [Claim(Snapshot = false)]
    public void Well_declared_beside_them() => Claim.That(new Gaussian(1.0, 0.1, "high")).Beats(Low).On("score");

    [Claim(Snapshot = false)]
    public void Delegate_parameter() => Claim.That(new Shaped(1.0, x => 2 * x)).Beats(Low).On("score");

    [Claim(Snapshot = false)]
    public void NaN_parameter() => Claim.That(new Spread(1.0, double.NaN)).Beats(Low).On("score");

    [Claim(Snapshot = false)]
    public void Infinite_parameter() => Claim.That(new Spread(1.0, double.PositiveInfinity)).Beats(Low).On("score");

    [Claim(Snapshot = false)]
    public void Parameter_that_cannot_be_read_back() => Claim.That(new Weighted(1.0, 3)).Beats(Low).On("score");

    [Claim(Snapshot = false)]
    public void Parameter_that_reads_back_different() => Claim.That(new Tuned(1.0).WithLearningRate(0.2)).Beats(Low).On("score");
}

using ReproSpec.Claims;
using ReproSpec.NUnit;
using ReproSpecClaims;

namespace ReproSpec.Samples;

/// <summary>
/// The continuation that keeps α over two attempts, from docs/sequential-design.md: compiled here, never run (abstract:
/// NUnit builds no fixture from it; tests/ReproSpec.KnownVerdicts runs the same pair of claims on synthetic arms).
/// </summary>
public abstract class ContinuationExample
{
    static readonly SpiralClassifier Wide = new(Hidden: 32);
    static readonly SpiralClassifier Narrow = new(Hidden: 8);

    #region continuation
    // First attempt: 10 seeds, 20 % of α kept back before any run.
    [Claim(Seeds = 10, ContinuationShare = 0.2)]
    public void Wide_beats_narrow() => Claim.That(Wide).Beats(Narrow).On("test_accuracy");

    // Its Inconclusive message printed this continuation: 24 fresh seeds (10–33), combined with the first attempt.
    [Claim(Seeds = 24, FirstSeed = 10, Continues = "10 of 10 seeds, p(for) 0.0831, p(against) 0.9169, level 0.010000000000000002")]
    public void Wide_beats_narrow_continued() => Claim.That(Wide).Beats(Narrow).On("test_accuracy");
    #endregion
}

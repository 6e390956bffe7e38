using NUnit.Framework;
using ReproSpec.Claims;
using ReproSpec.NUnit;
using ReproSpec.Torch.Experiments;

namespace ReproSpec.Samples.LeftThePaperList;

/// <summary>
/// A reproduction across frameworks: the LeCun1998 MLP as trained by the PyTorch script a researcher would write
/// without ReproSpec (bench/python/lecun_claim.py: Debian's PyTorch 1.13, numpy's split generator, torch's default
/// initialisation and data order) against the same model here in TorchSharp. The reported figures are that script's
/// own output, committed in docs/benchmarks.md (peer row, 20 seeds): test accuracy 0.92625 ± 0.0061 (n = 20).
/// Same data, split sizes, architecture, optimiser and epochs; the random streams differ, so seeds are not paired,
/// only the distributions are compared. Tolerance ±1 pp, fixed before the run: a quarter of the MLP-vs-linear gap
/// the LeCun1998 claim rests on, and about 1.5 seed-to-seed standard deviations. Supported means the two implementations reach
/// the same accuracy within ±1 pp, which is what lets the PyTorch peer stand in for this claim in the benchmarks.
/// Left the paper list (issue #26): not a paper, and not independent evidence: its TorchSharp arm is the same experiment as
/// LeCun1998's MLP arm and PyTorchCrossFramework's TorchSharp arm (the store shares runs with equal keys and seeds), and
/// its question (TorchSharp and PyTorch agree within 1 pp) is the cross-framework claim's, which trains both sides live.
/// Kept as the sample of `Reproduces` against a committed peer's output. Explicit: compiled in CI, run on demand
/// (`dotnet test samples/ReproSpec.Samples --filter "FullyQualifiedName~PyTorchReference"`), no snapshot.
/// </summary>
[TestFixture, Explicit("a sample: 10 runs of the LeCun1998 MLP; see the summary for why it left the paper list")]
public class PyTorchReference
{
    const string Source = "bench/python/lecun_claim.py (PyTorch 1.13), 20 seeds, docs/benchmarks.md peer row";

    static readonly Arm Mlp = new("MLP 784-256-10", new MnistClassifier(Architecture: "mlp", Hidden: 256));

    [Claim(Seeds = 10, Snapshot = false)]
    public void TorchSharp_mlp_reproduces_the_pytorch_accuracy() =>
        Claim.That(Mlp).On("test_accuracy").Reproduces(Reported.MeanSd(0.92625, 0.0061, 20, Source)).Within(0.01).AssumingNearNormal();
}

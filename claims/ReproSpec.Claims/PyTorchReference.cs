namespace PaperClaims;

/// <summary>
/// A reproduction across frameworks: the LeCun1998 MLP as trained by the PyTorch script a researcher would write
/// without ReproSpec (bench/python/lecun_claim.py: Debian's PyTorch 1.13, numpy's split generator, torch's default
/// initialisation and data order) against the same model here in TorchSharp. The reported figures are that script's
/// own output, committed in docs/benchmarks.md (peer row, 20 seeds): test accuracy 0.92625 ± 0.0061 (n = 20).
/// Same data, split sizes, architecture, optimiser and epochs; the random streams differ, so seeds are not paired,
/// only the distributions are compared. Tolerance ±1 pp, fixed before the run: a quarter of the MLP-vs-linear gap
/// the LeCun1998 claim rests on, and about 1.5 seed-to-seed standard deviations. Supported means the two implementations reach
/// the same accuracy within ±1 pp, which is what lets the PyTorch peer stand in for this claim in the benchmarks.
/// </summary>
[TestFixture]
public class PyTorchReference
{
    const string Source = "bench/python/lecun_claim.py (PyTorch 1.13), 20 seeds, docs/benchmarks.md peer row";

    static readonly Arm Mlp = new("MLP 784-256-10", new MnistClassifier(Architecture: "mlp", Hidden: 256));

    [Claim(Seeds = 10)]
    public void TorchSharp_mlp_reproduces_the_pytorch_accuracy() =>
        Claim.That(Mlp).On("test_accuracy").Reproduces(Reported.MeanSd(0.92625, 0.0061, 20, Source)).Within(0.01);
}

using NUnit.Framework;
using ReproSpec.Claims;
using ReproSpec.NUnit;
using ReproSpec.Torch.Experiments;

namespace PaperClaims;

/// <summary>
/// LeCun, Bottou, Bengio, Haffner (1998), "Gradient-based learning applied to document recognition",
/// Proc. IEEE 86(11). Fig. 9 / Appendix C: on full MNIST a 2-layer 784-300-10 net has 4.7 % test error and
/// a linear classifier 12.0 %: the hidden layer buys about 7 pp. Here: the vendored 10,000 MNIST digits,
/// a seeded stratified 8k/2k split, Adam 1e-3, batch 64, 3 epochs.
/// </summary>
[TestFixture]
public class LeCun1998
{
    static readonly Arm Mlp = new("MLP 784-256-10", new MnistClassifier(Architecture: "mlp", Hidden: 256));
    static readonly Arm Linear = new("softmax regression", new MnistClassifier(Architecture: "linear"));

    [Claim(Seeds = 5, Test = TestKind.Welch)]
    public void Mlp_beats_linear_classifier_by_3pp() =>
        Claim.That(Mlp).Beats(Linear).On("test_accuracy").ByAtLeast(0.03);
}

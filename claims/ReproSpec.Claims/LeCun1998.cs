namespace PaperClaims;

/// <summary>
/// LeCun, Bottou, Bengio, Haffner (1998), "Gradient-based learning applied to document recognition",
/// Proc. IEEE 86(11). Fig. 9 / Appendix C: on full MNIST a 2-layer 784-300-10 net has 4.7 % test error and
/// a linear classifier 12.0 %: the hidden layer buys about 7 pp. Here: the vendored 10,000 MNIST digits,
/// a seeded stratified 8k/2k split, Adam 1e-3, batch 64, 3 epochs. Seeds are added five at a time up to 20:
/// at 5 seeds per arm the one-sided Welch p was 0.017, enough for a fixed 5-seed design but a margin another
/// set of seeds could miss; the sequential budget decides at 15 seeds (p = 0.0025).
/// Table / Fig. 9 also: LeNet-5 has 0.95 % test error against the 2-layer net's 4.7 % (3.75 pp). The CNN claim is
/// pre-registered at half that gap, 2 pp, on the same small setting, with a sequential budget of 3 to 12 seeds per arm;
/// it came out on the margin and is declared Inconclusive (see Because), not re-tuned.
/// </summary>
[TestFixture]
public class LeCun1998
{
    static readonly Arm Mlp = new("MLP 784-256-10", new MnistClassifier(Architecture: "mlp", Hidden: 256));
    static readonly Arm Linear = new("softmax regression", new MnistClassifier(Architecture: "linear"));
    static readonly Arm LeNet = new("LeNet-5 (ReLU, max-pool)", new MnistClassifier(Architecture: "cnn"));

    [Claim(MinSeeds = 5, MaxSeeds = 20, Batch = 5, Test = TestKind.Welch)]
    public void Mlp_beats_linear_classifier_by_3pp() =>
        Claim.That(Mlp).Beats(Linear).On("test_accuracy").ByAtLeast(0.03);

    [Claim(MinSeeds = 3, MaxSeeds = 12, Batch = 3, Expect = ExpectedVerdict.Inconclusive,
        Because = "the CNN wins on every seed, but after 3 epochs on 8k digits by 2.2 pp (90 % CI 1.7 to 2.7 pp at 12 seeds): the pre-registered 2 pp is neither shown nor excluded; about 100 seeds per arm would decide it")]
    public void Lenet5_beats_the_mlp_by_2pp() =>
        Claim.That(LeNet).Beats(Mlp).On("test_accuracy").ByAtLeast(0.02);
}

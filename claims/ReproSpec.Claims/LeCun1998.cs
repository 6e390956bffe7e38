namespace PaperClaims;

/// <summary>
/// LeCun, Bottou, Bengio, Haffner (1998), "Gradient-based learning applied to document recognition", Proc. IEEE
/// 86(11). Sec. III.C, "Results and comparison with other classifiers", and Fig. 9 (a bar chart of test error rates,
/// not a table): the linear classifier of Sec. III.C.1 has 12.0 % test error on MNIST, the 2-layer fully connected
/// net of Sec. III.C.5 with 300 hidden units 4.7 %: the hidden layer buys about 7 pp. Sec. III.B and Fig. 9: LeNet-5
/// has 0.95 % test error, 3.75 pp below the 300-unit net. The paper trains on 60,000 digits and tests on 10,000
/// (Appendix C is the stochastic diagonal Levenberg–Marquardt training method, not these results).
/// Here: the vendored 10,000 MNIST digits, a seeded stratified 8k/2k split, a 784-256-10 ReLU MLP (the paper's
/// has 300 hidden units), softmax regression and a LeNet-5-style CNN (ReLU, max-pooling, not the paper's sub-sampling
/// and RBF output), Adam 1e-3, batch 64, 3 epochs. The MLP claim keeps less than half of the paper's gap as its
/// margin (3 pp); seeds are added five at a time up to 20: at 5 seeds per arm the one-sided Welch p was 0.017,
/// enough for a fixed 5-seed design but a margin another set of seeds could miss; the sequential budget decides
/// at 15 seeds (p = 0.0025). The CNN claim is pre-registered at about half the paper's 3.75 pp, 2 pp, with a
/// sequential budget of 3 to 12 seeds per arm; it came out on the margin and is declared Inconclusive, not re-tuned.
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

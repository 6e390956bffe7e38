using ReproSpec.Torch.Models;

namespace PaperClaims;

/// <summary>
/// Srivastava, Hinton, Krizhevsky, Sutskever, Salakhutdinov (2014), "Dropout: a simple way to prevent neural
/// networks from overfitting", JMLR 15. Table 2 (MNIST, permutation invariant): "Standard Neural Net (Simard et al.,
/// 2003)", logistic units, 2 layers of 800, no dropout: 1.60 % test error; "Dropout NN", ReLU, 3 layers of 1024:
/// 1.25 % (no max-norm in that row; the max-norm rows are below it). The 0.35 pp between those two rows mixes
/// activation, depth and width with dropout: it is not a same-architecture effect. The paper's same-architecture
/// comparison is Fig. 4 (test error of several architectures with and without dropout: every net is better with
/// it; a figure, no printed numbers).
/// Here: the vendored 10,000 digits (8k/2k split), one 784-256-10 ReLU MLP, Adam 1e-3, batch 64, 10 epochs, dropout
/// 0.5 after the hidden layer (no input dropout, no max-norm) against the same net without dropout. The claim asks
/// whether Table 2's 0.35 pp appears as a same-architecture dropout gain at this scale; seeds are added five at a
/// time up to 20. Measured: a smaller gain (about 0.15 pp over 20 seeds), so it is declared Refuted. That the gain
/// is positive (Fig. 4's direction) was seen on these runs, so it is not claimed from these runs.
/// Fig. 4 ("Test error for different architectures with and without dropout"; App. B.1: "all combinations of 2, 3,
/// and 4 layer networks with 1024 and 2048 units in each layer", "p = 0.5 in all hidden layers and p = 0.8 in the
/// input layer", p being the probability of keeping a unit) plots test error against weight updates for the six
/// nets, each with and without dropout (we could not view the figure; a stored summary, apaperaday.com, describes
/// the dropout runs as a separate cluster with the advantage, and the caption names no exception). Its same-architecture
/// reading is the second claim: the same MLP, trained alike, has the higher test accuracy with dropout. Here: one
/// net, 784-256-256-10 ReLU (two hidden layers as in Fig. 4's smallest nets, a quarter of their width; the
/// activation is ours), dropout 0.5 after each hidden layer and 0.2 on the input pixels (the paper's keep rates
/// 0.5 and 0.8), no max-norm, Adam 1e-3 for both arms (the paper used SGD with momentum and a larger rate for the
/// dropout nets), batch 64, 15 epochs on 8k digits; seeds are added five at a time up to 10. Pre-registered before
/// its first run: this net had not been run; the one-layer claim above had shown a small positive gain. Its one run
/// came out Inconclusive (a gain of 0.15 pp at 10 seeds, p = 0.11), declared as such after the run, not re-tuned.
/// On a new machine (AMD EPYC, 2026-12-02) the same seeds trained to test accuracies a few digits apart (every seed
/// within the snapshot's cross-environment tolerance: at most 0.3 pp with dropout, 0.5 pp without), and the verdict
/// fell the other way: 0.9587 ± 0.0040 vs 0.9560 ± 0.0049, gain 0.27 pp, paired p = 0.0137 at look 2 of 2 (nominal
/// 0.046), Supported. Its declared expectation now records that verdict, as the verdict of the machine the suite is
/// run on; the lesson is the claim's: at 10 seeds this gain sits on the decision boundary, so floating-point rounding
/// alone decides it.
/// </summary>
[TestFixture]
public class Srivastava2014
{
    static readonly Arm WithDropout = new("MLP 784-256-10, dropout 0.5", new MnistClassifier(Architecture: "mlp", Hidden: 256, Dropout: 0.5, Epochs: 10));
    static readonly Arm Plain = new("MLP 784-256-10", new MnistClassifier(Architecture: "mlp", Hidden: 256, Epochs: 10));

    [Claim(MinSeeds = 5, MaxSeeds = 20, Batch = 5, Expect = ExpectedVerdict.Refuted,
        Because = "Table 2's 0.35 pp (1.60 % to 1.25 %) compares a logistic 2x800 net without dropout with a ReLU 3x1024 net with it, on 60k digits trained far longer; the same-architecture dropout gain here, one ReLU layer of 256 on 8k digits for 10 epochs, is about 0.15 pp (95 % upper bound 0.28 pp)")]
    public void Dropout_beats_the_plain_net_by_0_35pp() =>
        Claim.That(WithDropout).Beats(Plain).On("test_accuracy").ByAtLeast(0.0035);

    static readonly Arm TwoLayerDropout = new("MLP 784-256-256-10, dropout 0.2 in / 0.5 hidden", TwoLayerNet(inputDropout: 0.2, dropout: 0.5));
    static readonly Arm TwoLayerPlain = new("MLP 784-256-256-10", TwoLayerNet(inputDropout: 0, dropout: 0));

    // Inconclusive on the machine of its first run (environment 8265fdf2729bb2a7); Supported, with the same design
    // and seeds, on the AMD EPYC machine CI runs on since 2026-12-02 (see the summary above).
    [Claim(MinSeeds = 5, MaxSeeds = 10, Batch = 5)]
    public void The_same_mlp_is_better_with_dropout() =>
        Claim.That(TwoLayerDropout).Beats(TwoLayerPlain).On("test_accuracy");

    static MnistClassifier TwoLayerNet(double inputDropout, double dropout) =>
        new(Architecture: "deep-mlp", Hidden: 256, Depth: 3, Activation: Activation.ReLU, Dropout: dropout, InputDropout: inputDropout, Epochs: 15);
}

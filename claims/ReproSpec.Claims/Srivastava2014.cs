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
/// is positive (Fig. 4's direction) was seen on these runs, so it is not claimed here as pre-registered evidence.
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
}

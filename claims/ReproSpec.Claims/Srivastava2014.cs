namespace PaperClaims;

/// <summary>
/// Srivastava, Hinton, Krizhevsky, Sutskever, Salakhutdinov (2014), "Dropout: a simple way to prevent neural
/// networks from overfitting", JMLR 15. Table 2: on full MNIST (60k training images, long training) a standard
/// net has 1.60 % test error and a dropout ReLU net 1.25 %: dropout buys 0.35 pp of accuracy. Here: the
/// vendored 10,000 digits (8k/2k split), 784-256-10 ReLU MLP, Adam 1e-3, batch 64, 10 epochs, dropout 0.5
/// after the hidden layer (no input dropout, no max-norm) against the same net without dropout. The claim is
/// the paper's gap, 0.35 pp; seeds are added five at a time up to 20. Measured: a smaller gain (about 0.15 pp over
/// 20 seeds), so the claim of a 0.35 pp gain does not reproduce at this scale and is declared Refuted.
/// </summary>
[TestFixture]
public class Srivastava2014
{
    static readonly Arm WithDropout = new("MLP 784-256-10, dropout 0.5", new MnistClassifier(Architecture: "mlp", Hidden: 256, Dropout: 0.5, Epochs: 10));
    static readonly Arm Plain = new("MLP 784-256-10", new MnistClassifier(Architecture: "mlp", Hidden: 256, Epochs: 10));

    [Claim(MinSeeds = 5, MaxSeeds = 20, Batch = 5, Expect = ExpectedVerdict.Refuted,
        Because = "at 8k training digits and 10 epochs dropout 0.5 gains only about 0.15 pp (95 % upper bound 0.28 pp), short of the paper's 0.35 pp on 60k digits trained far longer, with input dropout and max-norm")]
    public void Dropout_beats_the_plain_net_by_0_35pp() =>
        Claim.That(WithDropout).Beats(Plain).On("test_accuracy").ByAtLeast(0.0035);
}

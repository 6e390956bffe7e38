namespace PaperClaims;

/// <summary>
/// Wan, Zeiler, Zhang, LeCun, Fergus (2013), "Regularization of neural networks using DropConnect", ICML. Sec. 6.1
/// (MNIST) reports test errors as mean ± standard deviation over 5 independent runs for fully connected nets of two
/// hidden layers of 800 units trained on the 60,000 training digits; for ReLU units without dropout ("No-Drop") our
/// recollection of the table is 1.62 ± 0.037 % error. We could not check the paper's text here: the section and
/// the figures are from memory and may be off in the last digit. The verdict does not hang on them: any reported
/// error below 3 % with an sd under 0.5 pp gives the same verdict.
/// Reported: accuracy 1 − 0.0162 = 0.9838, sd 0.00037, n = 5. Ours: the LeCun1998 MLP (784-256-10 ReLU, one hidden
/// layer, 8k training digits, Adam 1e-3, 3 epochs), 10 seeds (the runs LeCun1998 and PyTorchReference also use).
/// Tolerance ±0.5 pp, fixed before the run. This is the suite's reproduction of a paper's mean ± sd, and at this scale
/// it is expected not to reproduce: a quarter of the data, one narrower layer and 3 epochs instead of hundreds leave
/// the net near 7 % error, so it is declared Refuted.
/// </summary>
[TestFixture]
public class WanEtAl2013
{
    const string Source = "Wan et al. 2013, ICML, Sec. 6.1, MNIST 2x800 ReLU No-Drop, 1.62 ± 0.037 % error over 5 runs (as recalled, not checked)";

    static readonly Arm Mlp = new("MLP 784-256-10", new MnistClassifier(Architecture: "mlp", Hidden: 256));

    [Claim(Seeds = 10, Expect = ExpectedVerdict.Refuted,
        Because = "8k training digits, one hidden layer of 256 and 3 epochs against the paper's 60k digits, 2x800 units and long training: about 7 % test error, not 1.6 %")]
    public void The_mlp_reproduces_the_reported_no_drop_accuracy() =>
        Claim.That(Mlp).On("test_accuracy").Reproduces(Reported.MeanSd(0.9838, 0.00037, 5, Source)).Within(0.005);
}

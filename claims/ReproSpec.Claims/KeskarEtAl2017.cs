namespace PaperClaims;

/// <summary>
/// Keskar, Mudigere, Nocedal, Smelyanskiy, Tang (2017), "On large-batch training for deep learning: generalization
/// gap and sharp minima", ICLR. Sec. 2.2 and Table 2 ("Performance of small-batch (SB) and large-batch (LB) variants
/// of ADAM on the 6 networks listed in Table 1"), row F1 (Table 1: "Fully Connected", architecture in Section B.1,
/// MNIST): testing accuracy SB 98.03% ± 0.07%, LB 97.81% ± 0.07%. Sec. 2.2: "we used 10% of the training data as
/// batch size for the large-batch experiments and 256 data points for small-batch experiments. We used the ADAM
/// optimizer for both regimes"; "All experiments were conducted 5 times from different (uniformly distributed
/// random) starting points and we report both mean and standard-deviation of measured quantities"; "The networks
/// were trained, without any budget or limits, until the loss function ceased to improve."
/// Reported: the SB row, accuracy 0.9803, sd 0.0007 (taken as the sample sd), n = 5, on MNIST's 60,000 training
/// and 10,000 test digits. The stored copy we read ends before the appendices, so Section B.1's architecture was not
/// checked; ours is our recollection of it, fixed before the run: five hidden layers of 512 ReLU units, batch norm
/// before each activation, a 10-way softmax (784-512x5-10), TorchSharp's default uniform initialisation, Adam at
/// its default 1e-3 (the paper gives no rate in the part we read), batches of 256 as in the SB runs.
/// Here: the vendored 10,000 digits, 8k/2k split per seed, 5 epochs (160 Adam steps) instead of training to
/// convergence, 5 seeds as the paper's 5 trials. Tolerance ±0.5 pp, fixed before the run. Declared Refuted before
/// its first run: with 8k of the paper's 60k training digits and a fixed short budget, an MLP on this split has been
/// near 92-96 % in every other claim here (LeCun1998, Srivastava2014), far more than 0.5 pp below 98.03 %. A
/// timing probe of this net (one epoch, seeds 1000-1001, its accuracy not looked at) was run before the claim
/// was written, to keep its cost near 30 s. It replaces WanEtAl2013 (DropConnect, 2x800 No-Drop), whose
/// numbers could not be read in any stored copy.
/// Measured (its one run, seeds 0-4): 0.9500 ± 0.0027, difference −0.0303, 90 % CI [−0.0329, −0.0277], p(against)
/// = 1.2·10⁻⁵: Refuted, as declared. The last epoch's training loss was 0.02-0.05 against a test loss of
/// 0.17-0.20: the 8k digits were fitted, and the 3 pp are lost in generalisation.
/// </summary>
[TestFixture]
public class KeskarEtAl2017
{
    const string Source = "Keskar et al. 2017, ICLR, Sec. 2.2, Table 2, row F1 (fully connected, MNIST), Testing Accuracy SB (batch 256, ADAM): 98.03% ± 0.07% over 5 trials";

    static readonly Arm SmallBatch = new("MLP 784-512x5-10, batch norm, Adam, batch 256",
        new MnistClassifier(Architecture: "deep-mlp", Hidden: 512, Depth: 6, BatchNorm: true, BatchSize: 256, Epochs: 5));

    [Claim(Seeds = 5, Expect = ExpectedVerdict.Refuted,
        Because = "8k training digits and 5 epochs against the paper's 60k digits trained until the loss stopped improving: an MLP on this split stays well below 98 %")]
    public void The_small_batch_mlp_reproduces_the_reported_f1_accuracy() =>
        Claim.That(SmallBatch).On("test_accuracy").Reproduces(Reported.MeanSd(0.9803, 0.0007, 5, Source)).Within(0.005);
}

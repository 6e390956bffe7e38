using ReproSpec.Torch.Models;

namespace PaperClaims;

/// <summary>
/// Ioffe, Szegedy (2015), "Batch normalization: accelerating deep network training by reducing internal
/// covariate shift", ICML (arXiv:1502.03167). Sec. 4.1 ("Activations over time") and Fig. 1(a): on MNIST, "a very
/// simple network, with a 28x28 binary image as input, and 3 fully-connected hidden layers with 100 activations
/// each", each computing y = g(Wu + b) "with sigmoid nonlinearity", weights "initialized to small random Gaussian
/// values", a 10-way softmax output with cross-entropy, "trained for 50000 steps, with 60 examples per mini-batch",
/// with batch norm added to each hidden layer. Fig. 1(a) plots test accuracy against training steps (curves, no
/// table); both nets train, and the text says "the batch-normalized network enjoys the higher test accuracy" (the
/// caption: "Batch Normalization helps the network train faster and achieve higher accuracy"). The optimiser and
/// learning rate are not given in Sec. 4.1.
/// Reading checked (restated in issue #26): with the paper's net, both nets trained, the batch-normalised net has the
/// higher test accuracy after the same number of steps; and the comparison is not against an untrained net: the
/// plain net itself reaches at least 90 % test accuracy (the paper's plain curve is above 90 % from its first tick).
/// Here: binary 28×28 inputs (a pixel is 1 from grey level 128 up; the paper does not give its threshold),
/// 784-100-100-100-10 sigmoid MLP, batch norm before each hidden sigmoid (as in the paper's Sec. 3.1) or none,
/// mini-batches of 60, SGD lr 0.1 with momentum 0.9 (ours), 20 epochs on the vendored 10,000 digits (8k/2k split):
/// about 2,680 steps. Budget fixed before the claim's runs from a pilot on seeds 90000–90001 that looked at the
/// final-epoch training loss only: 0.09 plain, 0.036 with batch norm, so both nets train at this budget.
/// Stated deviations: TorchSharp's default initialisation (not the paper's small Gaussian), momentum SGD at a rate of
/// ours, 8k training digits, about 2,680 steps instead of 50,000 (a nineteenth).
/// The earlier claim of this class (plain SGD lr 0.1, grey-level inputs, 10 epochs, seeds 0–5) compared the
/// batch-normalised net (0.897) with a plain net that never trained (0.102 ± 0.005, chance): a foregone verdict. It is
/// replaced by this design, pre-registered in a commit of its own before its first run, on seeds 2000 and up; both
/// parts must be supported (intersection–union), seeds added five at a time from 5 to 15. Expected: Supported.
/// Measured (its pre-registered run, cold, AMD EPYC AVX2, 2026-12-07, seeds 2000–2014, look 3 of 3): plain net 0.9222 ±
/// 0.0068 (trains: Supported, p = 3·10⁻⁵); batch norm 0.9255 ± 0.0071, ahead by 0.33 pp, paired p = 0.038 at nominal
/// 0.0436: Supported, as pre-registered, but close to the last look's level: a gain this small (a third of a point on
/// 2,000 test digits) is decided by 15 seeds only just. The earlier AMD and Intel machines gave bit-identical runs of
/// this sigmoid net, so another CPU is not expected to move it.
/// Re-registered (issue #25) in a commit of its own, before its run, on seeds 3000 and up, its old snapshot deleted.
/// A threshold claim on values in [0, 1] is now judged by the betting test on [0, 1] unless it says otherwise; on the
/// plain net's 0.922 ± 0.007 against 0.90 that test needs about 180 seeds of this net (re-decided before this commit),
/// too many for a suite run on every commit. The plain-net part therefore declares .AssumingNearNormal(): its verdict
/// rests, as before, on near-normal (or symmetric) per-seed accuracies, and it says so; docs/calibration.md has what
/// that waiver costs on collapsing or over-dispersed seeds. The batch-norm part, decided at 15 seeds only just, gets
/// more seeds: 10 to 40 by 10 (O'Brien–Fleming). Expected: Supported; both the expectation and the larger budget were
/// chosen after the earlier run (0.33 pp at p = 0.038), so this re-run replicates it on fresh seeds.
/// Measured (its re-registered run, cold, AMD EPYC native and with ATEN_CPU_CAPABILITY=avx2, bit-identical, 2026-12-07,
/// seeds 3000–3029, look 3 of 4): plain net 0.9216 ± 0.0060 (≥ 0.90 under the waiver: p = 9·10⁻¹⁰); batch norm
/// 0.9273 ± 0.0059, ahead by 0.57 pp, paired p = 9.3·10⁻⁵ at nominal 0.0211: Supported, as re-registered.
/// </summary>
[TestFixture]
public class IoffeSzegedy2015
{
    static readonly Arm WithBatchNorm = new("3x100 sigmoid MLP, binary inputs, batch norm", PaperNet(batchNorm: true));
    static readonly Arm Plain = new("3x100 sigmoid MLP, binary inputs", PaperNet(batchNorm: false));

    const string PlainNetTrains = "the plain net trains (test accuracy at least 90 %)";
    const string BatchNormAhead = "batch norm ahead";

    [Paper("Ioffe & Szegedy 2015, ICML (arXiv:1502.03167), Sec. 4.1 and Fig. 1(a)", Reported = "test-accuracy curves over 50,000 steps of a 3x100 sigmoid net with and without batch norm; \"the batch-normalized network enjoys the higher test accuracy\"")]
    [Claim(MinSeeds = 10, MaxSeeds = 40, Batch = 10, FirstSeed = 3000)]
    public void Both_nets_train_and_batch_norm_is_ahead_in_the_papers_sigmoid_net() =>
        Claim.Across([PlainNetTrains, BatchNormAhead], part =>
        {
            if (part == PlainNetTrains) Claim.That(Plain).On("test_accuracy").IsAtLeast(0.90).AssumingNearNormal();
            else Claim.That(WithBatchNorm).Beats(Plain).On("test_accuracy");
        });

    static MnistClassifier PaperNet(bool batchNorm) =>
        new(Architecture: "deep-mlp", Hidden: 100, Depth: 4, Activation: Activation.Sigmoid, BatchNorm: batchNorm, BinaryInputs: true,
            Optimizer: "sgd", LearningRate: 0.1, Momentum: 0.9, BatchSize: 60, Epochs: 20);
}

namespace PaperClaims;

/// <summary>
/// He, Zhang, Ren, Sun (2015), "Delving deep into rectifiers: surpassing human-level performance on ImageNet
/// classification", ICCV. Sec. 2.2 ("Comparisons with 'Xavier' initialization") and Fig. 3: a 30-layer plain ReLU
/// network initialised as they derive (zero-mean Gaussian, variance 2/fan-in) converges, while the same net with
/// Xavier initialisation "completely stalls" (ImageNet, training curves only, no numbers): "the 30-layer model
/// with our initialization converges"; with Xavier, "it completely stalls, and we also observe the diminishing
/// gradients". Converging in the paper's sense is the training error going down; stalling is its not moving.
/// Reading checked (restated in issue #26): the He net's training loss falls far below chance and the Xavier net's
/// stays there. Here: a 30-Linear-layer plain ReLU MLP of width 64 on a stratified 3,000-digit subset of the vendored
/// MNIST (2,400 train / 600 test), SGD lr 0.01 with momentum 0.9, batch 64, 10 epochs (about 380 steps); the metric
/// is the final epoch's mean training cross-entropy (chance: ln 10 ≈ 2.30). "Converges": at most 1.5 (a third below
/// chance); "stalls": at least 2.2; each on at least 80 % of 15 seeds (binomial test), both parts supported
/// (intersection–union, each at α). Thresholds and budget fixed before the claim's runs from a pilot on seeds 90000+
/// that looked at training loss only: after 10 epochs the He net was at 1.01 ± 0.05 (3 seeds), the Xavier net at
/// 2.30 (2 seeds); both far from their thresholds, so a CPU that redraws the deep net's per-seed values (as AVX2 and
/// AVX-512 machines did for this net's test accuracy) cannot move the verdict.
/// Stated deviations: MNIST digits and an MLP instead of ImageNet and a 30-layer convolutional net; 10 epochs.
/// The earlier claim of this class ("Xavier within 10 pp of chance and He ahead", 2 epochs, seeds 0–14, δ = 10 pp and
/// the 80 %-of-seeds rule chosen after seeds 0–4 had been seen; Supported, He at 0.28 ± 0.07 test accuracy) tested
/// "does better", not "converges"; it is replaced by this design, pre-registered in a commit of its own before its
/// run, on seeds 2000 and up. Expected: Supported. The card should show both arms' training-loss distributions against
/// ln 10 and the thresholds, and their test accuracies for information.
/// Measured (its pre-registered run, cold, AMD EPYC AVX2, 2026-12-07, seeds 2000–2014): Xavier 2.301 ± 0.0002 on every
/// seed (stalls: Supported, binomial p = 0.035); He 1.22 ± 0.32, at most 1.5 on 11 of 15 seeds (0.82 to 1.83; the
/// pilot's 3 seeds had shown 1.01 ± 0.05), binomial p(for) = 0.84, p(against) = 0.35: Inconclusive, so the family is
/// Inconclusive. THE PRE-REGISTERED EXPECTATION (Supported) WAS MISSED, and the test fails; Expect is not changed after
/// the fact. What the run says: at 10 epochs the He net is on its way down on every seed (every loss below 1.84,
/// against 2.30 for chance and for Xavier) but not yet below 1.5 on 80 % of seeds; a restated design (a longer budget,
/// or another threshold) needs a new pre-registration on fresh seeds.
/// </summary>
[TestFixture]
public class HeZhangRenSun2015
{
    static readonly Arm He = new("30-layer ReLU MLP, He init", DeepNet("he"));
    static readonly Arm Xavier = new("30-layer ReLU MLP, Xavier init", DeepNet("xavier"));

    const string XavierStalls = "Xavier stalls (final training loss at least 2.2)";
    const string HeConverges = "He converges (final training loss at most 1.5)";

    [Claim(Seeds = 15, FirstSeed = 2000)]
    public void Xavier_stalls_and_he_init_converges() =>
        Claim.Across([XavierStalls, HeConverges], part =>
        {
            if (part == XavierStalls) Claim.That(Xavier).On("train_loss").IsAtLeast(2.2).InFractionOfSeeds(0.8);
            else Claim.That(He).On("train_loss").IsAtMost(1.5).InFractionOfSeeds(0.8);
        });

    static MnistClassifier DeepNet(string init) =>
        new(Architecture: "deep-mlp", Hidden: 64, Depth: 30, Init: init, Optimizer: "sgd", LearningRate: 0.01, Momentum: 0.9, Epochs: 10, Subset: 3000);
}

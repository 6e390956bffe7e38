namespace PaperClaims;

/// <summary>
/// Kingma, Ba (2015), "Adam: A method for stochastic optimization", ICLR. Sec. 6.2 and Fig. 2: on MNIST a network
/// of two fully connected hidden layers of 1000 ReLU units (minibatches of 128) reaches a lower training cost with
/// Adam than with SGD with Nesterov momentum, AdaGrad, RMSProp and AdaDelta over the epochs shown (curves only, no
/// numbers). Sec. 6 says the hyper-parameters (learning rate, momentum) of every optimiser were chosen by a dense
/// grid search and the curves show each at its best setting. A claim of Adam at one learning rate against SGD at one
/// other would mostly test those two learning rates.
/// What is tested here, pre-registered before its first run: Adam at the paper's recommended default
/// (α = 0.001, Algorithm 1) reaches a lower mean training loss over the first epoch than SGD with classical momentum 0.9
/// (TorchSharp's SGD here has no Nesterov switch) at every learning rate of the grid {0.001, 0.003, 0.01, 0.03, 0.1}
/// — that is, than SGD at its best grid learning rate, whichever that is, without choosing it from the data.
/// Adam is not tuned (a stronger claim for SGD than the paper's grid, a weaker one for Adam). A diverged SGD run
/// counts as the worst loss of its comparison. Setting: the vendored 10,000 MNIST digits (8k/2k split), one hidden
/// layer 784-256-10 (not 2×1000), batch 64, one epoch; every comparison must be supported (intersection–union);
/// seeds are added five at a time up to 20. The earlier claim of this file (Adam 1e-3 against SGD 0.01 only) had
/// been run: the 0.01 comparison was seen, the other four were not.
/// The first run of this design (seeds 0–9, decided at look 2 of 4): Adam 0.699 ± 0.011 beat SGD at 0.001, 0.003, 0.01
/// and 0.03 (2.19, 1.90, 1.21, 0.779), but SGD at 0.1 reached 0.587 ± 0.010: Refuted. Its expectation had been set
/// after that run; it is now pre-registered (issue #26) in a commit of its own before its run, on fresh seeds 2000 and
/// up, as Refuted, because that run showed it: at this scale (125 steps, one layer of 256) well-tuned SGD with momentum
/// is ahead of untuned Adam in the first epoch. The paper's ordering is over many epochs of a 2×1000 net with every
/// optimiser tuned, which this does not test; the verdict is a documented non-reproduction of the one reading above.
/// Stated deviations: one hidden layer of 256 instead of 2×1000, batch 64 instead of 128, 8k digits, one epoch,
/// classical momentum instead of Nesterov's, Adam untuned.
/// Measured (its pre-registered run, cold, AMD EPYC AVX2, 2026-12-07, seeds 2000–2009, look 2 of 4): Adam 0.704 ±
/// 0.010; SGD 2.196, 1.913, 1.219, 0.787 and 0.593 ± 0.013 at lr 0.1: Refuted through the lr-0.1 member (Holm, p =
/// 1.6·10⁻¹¹ at nominal 0.00024), as pre-registered.
/// </summary>
[TestFixture]
public class KingmaBa2015
{
    static readonly Arm Adam = new("Adam 1e-3", new MnistClassifier(Architecture: "mlp", Hidden: 256, Epochs: 1));

    static readonly string[] SgdLearningRates = ["0.001", "0.003", "0.01", "0.03", "0.1"];

    static Arm Sgd(string learningRate) => new($"SGD {learningRate}, momentum 0.9",
        new MnistClassifier(Architecture: "mlp", Hidden: 256, Optimizer: "sgd", LearningRate: double.Parse(learningRate, System.Globalization.CultureInfo.InvariantCulture), Momentum: 0.9, Epochs: 1));

    [Paper("Kingma & Ba 2015, ICLR, Sec. 6.2 (multi-layer neural networks) and Fig. 2; default step size 0.001 from Algorithm 1", Reported = "training-cost curves only (MNIST, 2 hidden layers of 1000 ReLU units); each optimiser's hyper-parameters grid-searched")]
    [Claim(MinSeeds = 5, MaxSeeds = 20, Batch = 5, FirstSeed = 2000, Divergence = DivergencePolicy.CountAsWorst, Expect = ExpectedVerdict.Refuted,
        Because = "on seeds 0-9 SGD with momentum 0.9 at lr 0.1, the top of the pre-declared grid, reached a lower first-epoch training loss (0.587 ± 0.010) than Adam at its default 1e-3 (0.699 ± 0.011), 11 sd apart; Adam beat the four smaller learning rates")]
    public void Adam_reaches_lower_first_epoch_loss_than_sgd_at_every_grid_learning_rate() =>
        Claim.Across(SgdLearningRates, learningRate =>
            Claim.That(Adam).Beats(Sgd(learningRate)).On(Metric.Lower("train_loss_epoch1")));
}

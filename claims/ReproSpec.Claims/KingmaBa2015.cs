namespace PaperClaims;

/// <summary>
/// Kingma, Ba (2015), "Adam: A method for stochastic optimization", ICLR. Fig. 2: on MNIST a multilayer
/// network trained with Adam (α = 0.001) reaches a lower training cost than SGD with Nesterov momentum over
/// the first epochs (the figure shows curves, no numbers). Here: the vendored 10,000 MNIST digits, a 784-256-10
/// MLP without dropout, one epoch, batch 64; Adam 1e-3 (the paper's default) against SGD lr 0.01 with
/// classical momentum 0.9 (TorchSharp's SGD here has no Nesterov switch); the mean training loss of the
/// first epoch is compared seed by seed; seeds are added five at a time up to 20 (the first look decides).
/// </summary>
[TestFixture]
public class KingmaBa2015
{
    static readonly Arm Adam = new("Adam 1e-3", new MnistClassifier(Architecture: "mlp", Hidden: 256, Epochs: 1));
    static readonly Arm Sgd = new("SGD 0.01, momentum 0.9",
        new MnistClassifier(Architecture: "mlp", Hidden: 256, Optimizer: "sgd", LearningRate: 0.01, Momentum: 0.9, Epochs: 1));

    [Claim(MinSeeds = 5, MaxSeeds = 20, Batch = 5)]
    public void Adam_reaches_lower_training_loss_than_sgd_in_the_first_epoch() =>
        Claim.That(Adam).Beats(Sgd).On(Metric.Lower("train_loss_epoch1"));
}

namespace PaperClaims;

/// <summary>
/// Ioffe, Szegedy (2015), "Batch normalization: accelerating deep network training by reducing internal
/// covariate shift", ICML. Sec. 4.1 and Fig. 1(a): on MNIST a fully connected net of 3 hidden layers of 100 sigmoid
/// units (mini-batches of 60, 50,000 steps) reaches a higher test accuracy with batch norm than without; the figure
/// shows curves, no table, and our reading of them is that the BN net is ahead at every step shown and the gap is
/// largest early. Sigmoid saturation is the mechanism the paper discusses (Fig. 1(b, c)).
/// Here the net is not the paper's: one hidden layer of 100 ReLU units (the MLP this project builds has one hidden
/// layer and ReLU only), with or without batch norm, plain SGD lr 0.01, mini-batches of 60, one epoch (about 133
/// steps) on the vendored 10,000 digits (8k/2k split); seeds are added three at a time up to 15. So the claim
/// tests the early-training gap of Fig. 1(a) in a shallower ReLU net, not the sigmoid net the paper trained.
/// </summary>
[TestFixture]
public class IoffeSzegedy2015
{
    static readonly Arm WithBatchNorm = new("MLP 784-100-10, batch norm",
        new MnistClassifier(Architecture: "mlp", Hidden: 100, BatchNorm: true, Optimizer: "sgd", LearningRate: 0.01, BatchSize: 60, Epochs: 1));
    static readonly Arm Plain = new("MLP 784-100-10",
        new MnistClassifier(Architecture: "mlp", Hidden: 100, Optimizer: "sgd", LearningRate: 0.01, BatchSize: 60, Epochs: 1));

    [Claim(MinSeeds = 3, MaxSeeds = 15, Batch = 3)]
    public void Batch_norm_is_ahead_after_one_epoch() =>
        Claim.That(WithBatchNorm).Beats(Plain).On("test_accuracy");
}

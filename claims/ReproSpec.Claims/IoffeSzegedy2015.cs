namespace PaperClaims;

/// <summary>
/// Ioffe, Szegedy (2015), "Batch normalization: accelerating deep network training by reducing internal
/// covariate shift", ICML. Fig. 1(a): on MNIST a fully connected net (3 hidden layers of 100 sigmoid units,
/// mini-batches of 60) with batch norm reaches a higher test accuracy than without it at every point of
/// training, the gap being largest early (the figure shows curves, no table). Here: the vendored 10,000 digits
/// (8k/2k split), one hidden layer of 100 ReLU units with or without batch norm, plain SGD lr 0.01,
/// mini-batches of 60, one epoch (about 133 steps); seeds are added three at a time up to 15.
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

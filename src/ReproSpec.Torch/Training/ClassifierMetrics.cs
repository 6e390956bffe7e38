namespace ReproSpec.Torch.Training;

/// <summary>Names of the metrics classifier runs report.</summary>
public static class ClassifierMetrics
{
    /// <summary>Fraction of the held-out test set classified correctly, in [0, 1].</summary>
    public const string TestAccuracy = "test_accuracy";

    /// <summary>Mean cross-entropy on the test set.</summary>
    public const string TestLoss = "test_loss";

    /// <summary>Mean training cross-entropy over the final epoch (while training, so with dropout active).</summary>
    public const string TrainLoss = "train_loss";

    /// <summary>Wall-clock seconds for training and evaluation; the one metric that is not a function of the seed.</summary>
    public const string Seconds = "seconds";

    /// <summary>"train_loss_epoch1", "train_loss_epoch2", ...: mean training loss of each epoch.</summary>
    public static string TrainLossOfEpoch(int epoch) => $"train_loss_epoch{epoch}";
}

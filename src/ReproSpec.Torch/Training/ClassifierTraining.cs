using System.Diagnostics;
using ReproSpec.Execution;
using ReproSpec.Torch.Data;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ReproSpec.Torch.Training;

/// <summary>Per-epoch mean training loss; <see cref="Diverged"/> when a loss became NaN or infinite and training stopped.</summary>
public sealed record TrainingHistory(IReadOnlyList<double> EpochLosses, bool Diverged)
{
    /// <summary>The last epoch's mean loss, NaN if training diverged.</summary>
    public double FinalLoss => Diverged ? double.NaN : EpochLosses[^1];
}

/// <summary>Accuracy in [0, 1] and mean cross-entropy on a labelled set.</summary>
public sealed record Evaluation(double Accuracy, double Loss);

/// <summary>Mini-batch training of a classifier with cross-entropy: seeded data order, divergence detection, prompt cancellation.</summary>
public static class ClassifierTraining
{
    const int EvaluationBatch = 1000;

    /// <summary>
    /// Trains on a split and evaluates on its test set, returning test_accuracy, test_loss, train_loss,
    /// train_loss_epoch1..k and seconds. A run whose loss stops being finite reports NaN for the metrics it
    /// could not compute (the engine records it as diverged) instead of throwing.
    /// </summary>
    public static RunMetrics Run(TorchRunContext context, Module<Tensor, Tensor> model, DatasetSplit split, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(options);
        var stopwatch = Stopwatch.StartNew();
        using var trainX = ToTensor(split.Train, context.Device, out var trainY);
        using var testX = ToTensor(split.Test, context.Device, out var testY);
        using (trainY)
        using (testY)
        {
            var history = Fit(model, trainX, trainY, options, context.Seeds.For(SeedSet.Sources.Order), context.Progress, context.Cancellation);
            var evaluation = history.Diverged ? new Evaluation(double.NaN, double.NaN) : Evaluate(model, testX, testY);
            var metrics = new Dictionary<string, double>
            {
                [ClassifierMetrics.TestAccuracy] = evaluation.Accuracy,
                [ClassifierMetrics.TestLoss] = evaluation.Loss,
                [ClassifierMetrics.TrainLoss] = history.FinalLoss,
                [ClassifierMetrics.Seconds] = stopwatch.Elapsed.TotalSeconds,
            };
            for (var e = 0; e < options.Epochs; e++)
                metrics[ClassifierMetrics.TrainLossOfEpoch(e + 1)] = e < history.EpochLosses.Count ? history.EpochLosses[e] : double.NaN;
            return new RunMetrics(metrics);
        }
    }

    /// <summary>
    /// Trains <paramref name="model"/> in place. Each epoch visits the examples in an order drawn from
    /// <paramref name="orderSeed"/> with <see cref="SeededShuffle"/>; cancellation is checked before every batch.
    /// </summary>
    public static TrainingHistory Fit(Module<Tensor, Tensor> model, Tensor features, Tensor labels, TrainingOptions options, int orderSeed,
        IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var count = (int)features.shape[0];
        if (count == 0 || labels.shape[0] != count)
            throw new ArgumentException($"Training needs as many labels as examples, and at least one; got {count} examples and {labels.shape[0]} labels.", nameof(labels));

        using var optimizer = Optimizer.Create(options, model.parameters());
        var order = new SeededShuffle(orderSeed);
        var losses = new List<double>(options.Epochs);
        model.train();
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var permutation = order.Permutation(count).Select(i => (long)i).ToArray();
            using var positions = tensor(permutation, device: features.device);
            double sum = 0;
            long seen = 0;
            for (var start = 0; start < count; start += options.BatchSize)
            {
                var size = Math.Min(options.BatchSize, count - start);
                // Batch norm cannot normalise a lone example; dropping one example per epoch is negligible.
                if (size == 1 && count > 1) break;
                cancellation.ThrowIfCancellationRequested();
                using var batchScope = NewDisposeScope();
                var index = positions.narrow(0, start, size);
                var x = features.index_select(0, index);
                var y = labels.index_select(0, index);
                optimizer.zero_grad();
                var loss = functional.cross_entropy(model.forward(x), y);
                var value = loss.item<float>();
                if (!float.IsFinite(value))
                {
                    losses.Add(double.NaN);
                    progress?.Report($"epoch {epoch}/{options.Epochs}: loss became {value} at example {start}; training stopped (diverged)");
                    return new TrainingHistory(losses, Diverged: true);
                }
                loss.backward();
                optimizer.step();
                sum += (double)value * size;
                seen += size;
            }
            losses.Add(sum / seen);
            progress?.Report($"epoch {epoch}/{options.Epochs}: train loss {sum / seen:F4}");
        }
        return new TrainingHistory(losses, Diverged: false);
    }

    /// <summary>Accuracy and mean cross-entropy in evaluation mode (dropout off, batch norm on running statistics), without gradients.</summary>
    public static Evaluation Evaluate(Module<Tensor, Tensor> model, Tensor features, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        var count = features.shape[0];
        if (count == 0)
            throw new ArgumentException("Cannot evaluate on an empty set.", nameof(features));
        model.eval();
        try
        {
            using var noGrad = no_grad();
            double lossSum = 0;
            long correct = 0;
            for (long start = 0; start < count; start += EvaluationBatch)
            {
                using var batchScope = NewDisposeScope();
                var size = Math.Min(EvaluationBatch, count - start);
                var x = features.narrow(0, start, size);
                var y = labels.narrow(0, start, size);
                var logits = model.forward(x);
                lossSum += functional.cross_entropy(logits, y, reduction: Reduction.Sum).item<float>();
                correct += logits.argmax(1).eq(y).sum().item<long>();
            }
            return new Evaluation((double)correct / count, lossSum / count);
        }
        finally
        {
            model.train();
        }
    }

    /// <summary>Features as a float tensor of shape [N, ..SampleShape] and labels as int64, on <paramref name="device"/>.</summary>
    public static Tensor ToTensor(LabelledDataset data, Device device, out Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(data);
        labels = tensor(data.Labels.Select(l => (long)l).ToArray(), device: device);
        return tensor(data.Features, data.Shape, device: device);
    }
}

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
        // The epoch's loss sum stays on the device, in float64, summed in the order the host used to sum
        // item<float>() values: the same figures bit for bit, with one device sync per epoch instead of one per step.
        using var lossSum = zeros(1, dtype: ScalarType.Float64, device: features.device);
        model.train();
        var chunk = GatherChunk(features, count, options.BatchSize);
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var permutation = order.Permutation(count).Select(i => (long)i).ToArray();
            using var positions = tensor(permutation, device: features.device);
            lossSum.zero_();
            long seen = 0;
            Tensor? chunkX = null, chunkY = null;
            var (chunkStart, chunkEnd) = (0, 0);
            try
            {
                for (var start = 0; start < count; start += options.BatchSize)
                {
                    var size = Math.Min(options.BatchSize, count - start);
                    // Batch norm cannot normalise a lone example; dropping one example per epoch is negligible.
                    if (size == 1 && count > 1) break;
                    cancellation.ThrowIfCancellationRequested();
                    if (start >= chunkEnd)
                    {
                        // The examples of many batches in their shuffled order, copied at once: each batch is then a view
                        // of the same rows a per-batch index_select would copy, without a gather and its tensors per step.
                        chunkX?.Dispose();
                        chunkY?.Dispose();
                        (chunkStart, chunkEnd) = (start, Math.Min(count, start + chunk));
                        using var index = positions.narrow(0, chunkStart, chunkEnd - chunkStart);
                        chunkX = features.index_select(0, index);
                        chunkY = labels.index_select(0, index);
                    }
                    Step(model, optimizer, chunkX!, chunkY!, start - chunkStart, size, lossSum);
                    seen += size;
                }
            }
            finally
            {
                chunkX?.Dispose();
                chunkY?.Dispose();
            }
            // A non-finite batch loss makes the sum non-finite (cross-entropy is never negative), so divergence
            // is still caught, at the end of its epoch: that epoch's remaining steps are wasted, its figures are not changed.
            var mean = lossSum.item<double>() / seen;
            if (!double.IsFinite(mean))
            {
                losses.Add(double.NaN);
                progress?.Report($"epoch {epoch}/{options.Epochs}: loss became {mean}; training stopped (diverged)");
                return new TrainingHistory(losses, Diverged: true);
            }
            losses.Add(mean);
            progress?.Report($"epoch {epoch}/{options.Epochs}: train loss {mean:F4}");
        }
        return new TrainingHistory(losses, Diverged: false);
    }

    // Rows gathered at once: whole batches, up to 32 MB (MNIST's 8,000 training digits are 25 MB, one gather an epoch),
    // so a large dataset is not copied whole each epoch.
    const long GatherBytes = 32L << 20;

    static int GatherChunk(Tensor features, int count, int batchSize)
    {
        var rowBytes = Math.Max(1, features.NumberOfElements / count * features.ElementSize);
        var batches = Math.Max(1, GatherBytes / rowBytes / batchSize);
        return (int)Math.Min(count, batches * batchSize);
    }

    /// <summary>One optimiser step on rows [offset, offset + size) of a gathered chunk; the loss, weighted by size, is added to <paramref name="lossSum"/>.</summary>
    static void Step(Module<Tensor, Tensor> model, Optimizer optimizer, Tensor chunkX, Tensor chunkY, int offset, int size, Tensor lossSum)
    {
        using var batchScope = NewDisposeScope();
        var x = chunkX.narrow(0, offset, size);
        var y = chunkY.narrow(0, offset, size);
        optimizer.zero_grad();
        var loss = functional.cross_entropy(model.forward(x), y);
        loss.backward();
        optimizer.step();
        lossSum.add_(loss.detach().to(ScalarType.Float64).mul_(size));
    }

    /// <summary>Accuracy and mean cross-entropy in evaluation mode (dropout off, batch norm on running statistics), in inference mode (no autograd bookkeeping).</summary>
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
            using var inference = inference_mode();
            // Sums stay on the device (loss in float64, added in batch order as the host did): one sync at the end.
            using var lossSum = zeros(1, dtype: ScalarType.Float64, device: features.device);
            using var correct = zeros(1, dtype: ScalarType.Int64, device: features.device);
            for (long start = 0; start < count; start += EvaluationBatch)
            {
                using var batchScope = NewDisposeScope();
                var size = Math.Min(EvaluationBatch, count - start);
                var x = features.narrow(0, start, size);
                var y = labels.narrow(0, start, size);
                var logits = model.forward(x);
                lossSum.add_(functional.cross_entropy(logits, y, reduction: Reduction.Sum).to(ScalarType.Float64));
                correct.add_(logits.argmax(1).eq(y).sum());
            }
            return new Evaluation((double)correct.item<long>() / count, lossSum.item<double>() / count);
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

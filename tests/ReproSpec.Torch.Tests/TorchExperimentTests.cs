using ReproSpec.Torch.Experiments;
using TorchSharp;
using static ReproSpec.Torch.Tests.Experiments.Runs;

namespace ReproSpec.Torch.Tests;

/// <summary>What every TorchExperiment run does around the experiment's own code: threads, tensors, cancellation.</summary>
public class TorchExperimentTests
{
    static readonly MnistClassifier Quick = new(Subset: 1000, Epochs: 1);

    [Test]
    public void A_run_uses_the_thread_budget_it_is_given()
    {
        Run(Quick, 0, threads: 2);
        var two = torch.get_num_threads();
        Run(Quick, 0, threads: 1);
        var one = torch.get_num_threads();

        Assert.Multiple(() =>
        {
            Assert.That(two, Is.EqualTo(2));
            Assert.That(one, Is.EqualTo(1));
        });
    }

    [Test]
    public void A_thread_budget_below_one_is_refused()
    {
        Assert.That(() => Run(Quick, 0, threads: 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("RunContext.Threads must be at least 1"));
    }

    [Test]
    public void Runs_dispose_every_tensor_they_create()
    {
        Run(Quick with { BatchNorm = true, Dropout = 0.2 }, 0); // warm-up: lazily created process-wide tensors
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        for (var seed = 0; seed < 3; seed++) Run(Quick with { BatchNorm = true, Dropout = 0.2 }, seed);
        Run(Quick with { Architecture = "cnn" }, 0);

        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(live));
    }

    [Test]
    public void A_cancelled_run_stops_before_training()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var progress = new Recorder();

        Assert.Throws<OperationCanceledException>(() => Run(Quick, 0, progress: progress, cancellation: cancelled.Token));
        Assert.That(progress.Messages, Is.Empty);
    }

    [Test]
    public void Cancelling_during_training_stops_at_the_next_batch()
    {
        using var cancellation = new CancellationTokenSource();
        // Cancel as epoch 1 ends: epoch 2 must not complete.
        var progress = new Recorder(_ => cancellation.Cancel());

        Assert.Throws<OperationCanceledException>(() => Run(Quick with { Epochs = 5 }, 0, progress: progress, cancellation: cancellation.Token));
        Assert.That(progress.Messages, Has.Count.EqualTo(1).And.One.StartsWith("epoch 1/5"));
    }

    [Test]
    public void Progress_reports_each_epoch()
    {
        var progress = new Recorder();

        Run(Quick with { Epochs = 3 }, 0, progress: progress);

        Assert.That(progress.Messages, Has.Count.EqualTo(3));
        Assert.That(progress.Messages[2], Does.StartWith("epoch 3/3: train loss "));
    }
}

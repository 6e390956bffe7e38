using ReproSpec.Torch.Models;
using ReproSpec.Torch.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ReproSpec.Torch.Tests.Training;

public class OptimizerTests
{
    static float[] Flat(nn.Module model) => model.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();

    // Trains two identically initialised copies for a few steps, one with ours, one with TorchSharp's.
    static (float[] Ours, float[] Theirs) TrainBoth(TrainingOptions options, Func<IEnumerable<Parameter>, optim.Optimizer> reference, int steps = 20)
    {
        using var scope = NewDisposeScope();
        manual_seed(3).Dispose();
        var x = randn(32, 12);
        var y = randint(0, 3, [32]);
        manual_seed(4).Dispose();
        using var ours = new Mlp([12, 16, 3]);
        manual_seed(4).Dispose();
        using var theirs = new Mlp([12, 16, 3]);
        using var oursOptimizer = Optimizer.Create(options, ours.parameters());
        using var theirsOptimizer = reference(theirs.parameters());
        for (var i = 0; i < steps; i++)
        {
            using var step = NewDisposeScope();
            oursOptimizer.zero_grad();
            nn.functional.cross_entropy(ours.forward(x), y).backward();
            oursOptimizer.step();
            theirsOptimizer.zero_grad();
            nn.functional.cross_entropy(theirs.forward(x), y).backward();
            theirsOptimizer.step();
        }
        return (Flat(ours), Flat(theirs));
    }

    [Test]
    public void Adam_matches_TorchSharps_Adam()
    {
        var (ours, theirs) = TrainBoth(new TrainingOptions(OptimizerKind.Adam, LearningRate: 0.01), p => optim.Adam(p, lr: 0.01));

        Assert.That(ours, Is.EqualTo(theirs), "bit for bit: the same operations in the same order");
    }

    [Test]
    public void SGD_with_momentum_matches_TorchSharps_SGD()
    {
        var (ours, theirs) = TrainBoth(new TrainingOptions(OptimizerKind.Sgd, LearningRate: 0.05, Momentum: 0.9), p => optim.SGD(p, 0.05, momentum: 0.9));

        Assert.That(ours, Is.EqualTo(theirs), "bit for bit: the same operations in the same order");
    }

    [Test]
    public void Plain_SGD_matches_TorchSharps_SGD()
    {
        var (ours, theirs) = TrainBoth(new TrainingOptions(OptimizerKind.Sgd, LearningRate: 0.1), p => optim.SGD(p, 0.1));

        Assert.That(ours, Is.EqualTo(theirs), "bit for bit: the same operations in the same order");
    }

    [Test]
    public void The_comparison_would_notice_a_different_update()
    {
        // Guards the tests above: a different learning rate must give different weights after 20 steps.
        var (ours, theirs) = TrainBoth(new TrainingOptions(OptimizerKind.Adam, LearningRate: 0.01), p => optim.Adam(p, lr: 0.011));

        Assert.That(ours, Is.Not.EqualTo(theirs));
    }

    [Test]
    public void Batch_normalisation_matches_TorchSharps_BatchNorm1d_in_training_and_evaluation()
    {
        using var scope = NewDisposeScope();
        manual_seed(5).Dispose();
        var batches = Enumerable.Range(0, 3).Select(i => randn(16, 4) * (i + 1) + i).ToArray();
        using var ours = new BatchNormalization(4);
        using var theirs = nn.BatchNorm1d(4);

        foreach (var batch in batches)
            Assert.That(ours.forward(batch).data<float>().ToArray(), Is.EqualTo(theirs.forward(batch).data<float>().ToArray()));
        ours.eval();
        theirs.eval();
        var test = randn(8, 4);

        Assert.That(ours.forward(test).data<float>().ToArray(), Is.EqualTo(theirs.forward(test).data<float>().ToArray()), "running statistics agree");
    }

    /// <summary>
    /// Under constant garbage collection, TorchSharp 0.107's Adam, SGD and BatchNorm1d fail within a few
    /// hundred steps (a temporary Scalar is finalised while libtorch reads it). Ours must not.
    /// </summary>
    [TestCase(OptimizerKind.Adam, 0.0)]
    [TestCase(OptimizerKind.Sgd, 0.9)]
    public void Training_survives_constant_garbage_collection(OptimizerKind kind, double momentum)
    {
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }) { IsBackground = true };
        collector.Start();
        try
        {
            using var scope = NewDisposeScope();
            manual_seed(6).Dispose();
            var x = randn(64, 20);
            var y = randint(0, 3, [64]);
            using var model = new Mlp([20, 32, 3], batchNorm: true);
            using var optimizer = Optimizer.Create(new TrainingOptions(kind, LearningRate: 0.01, Momentum: momentum), model.parameters());

            Assert.DoesNotThrow(() =>
            {
                for (var i = 0; i < 300; i++)
                {
                    using var step = NewDisposeScope();
                    optimizer.zero_grad();
                    nn.functional.cross_entropy(model.forward(x), y).backward();
                    optimizer.step();
                }
            });
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }
    }
}

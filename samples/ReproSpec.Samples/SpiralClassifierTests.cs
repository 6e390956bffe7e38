using NUnit.Framework;
using ReproSpec.Execution;
using ReproSpec.Experiments;
using ReproSpecClaims;

namespace ReproSpec.Samples;

#region experiment-test
/// <summary>An experiment is a function of its parameters and seed: test it like one, before any claim uses it.</summary>
public class SpiralClassifierTests
{
    static RunMetrics RunOnce(SpiralClassifier experiment, int seed) => experiment.Run(new RunContext(new SeedSet(seed)));

    [Test]
    public void The_same_seed_gives_the_same_metrics()
    {
        var experiment = new SpiralClassifier(Hidden: 8, Epochs: 5);
        var first = RunOnce(experiment, 3);
        var second = RunOnce(experiment, 3);
        // Every metric but the wall-clock "seconds".
        Assert.That(second["test_accuracy"], Is.EqualTo(first["test_accuracy"]));
        Assert.That(second["train_loss"], Is.EqualTo(first["train_loss"]));
    }

    [Test]
    public void Test_accuracy_is_a_fraction()
    {
        var accuracy = RunOnce(new SpiralClassifier(Hidden: 8, Epochs: 5), 0)["test_accuracy"];
        Assert.That(accuracy, Is.InRange(0.0, 1.0));
    }

    [Test]
    public void A_bad_parameter_is_rejected_before_training()
    {
        var e = Assert.Throws<ArgumentException>(() => RunOnce(new SpiralClassifier(Epochs: 0), 0));
        Assert.That(e!.Message, Does.Contain("Epochs is 0"));
    }

    [Test]
    public void The_data_file_is_found_and_part_of_the_identity()
    {
        Assert.That(new SpiralClassifier().DataFingerprint, Has.Length.EqualTo(64));
        Assert.That(File.Exists(ProjectFiles.Find("data/two_spirals.csv", typeof(SpiralClassifier))), Is.True);
    }
}
#endregion

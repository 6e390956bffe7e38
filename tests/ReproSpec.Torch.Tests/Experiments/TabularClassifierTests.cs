using System.Text.Json;
using ReproSpec.Torch.Data;
using ReproSpec.Torch.Experiments;
using static ReproSpec.Torch.Tests.Experiments.Runs;

namespace ReproSpec.Torch.Tests.Experiments;

public class TabularClassifierTests
{
    // Measured over seeds 0-2 with the defaults (50 epochs): iris MLP 0.90-0.97, breast cancer MLP 0.98,
    // wine linear 0.89-1.0, digits MLP (10 epochs) ~0.95.
    [TestCase("iris", "mlp", 50, 0.8)]
    [TestCase("breast_cancer", "mlp", 50, 0.9)]
    [TestCase("wine", "linear", 50, 0.8)]
    [TestCase("digits", "mlp", 10, 0.85)]
    public void Each_table_is_learned(string dataset, string model, int epochs, double atLeast)
    {
        var metrics = Run(new TabularClassifier(dataset, model, Epochs: epochs), seed: 0);

        Assert.Multiple(() =>
        {
            Assert.That(metrics["test_accuracy"], Is.GreaterThan(atLeast));
            Assert.That(metrics.HasNonFinite, Is.False);
        });
    }

    [Test]
    public void The_same_seed_gives_identical_metrics_and_another_seed_differs()
    {
        var experiment = new TabularClassifier("wine", Dropout: 0.2, BatchNorm: true, Epochs: 5);

        var first = Seeded(Run(experiment, 1));
        var again = Seeded(Run(experiment, 1));
        var other = Seeded(Run(experiment, 2));

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo(first));
            Assert.That(other["test_loss"], Is.Not.EqualTo(first["test_loss"]));
        });
    }

    [Test]
    public void The_fingerprint_follows_the_dataset()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new TabularClassifier("iris").DataFingerprint, Is.EqualTo(Datasets.Iris().Fingerprint));
            Assert.That(new TabularClassifier("wine").DataFingerprint, Is.EqualTo(Datasets.Wine().Fingerprint));
        });
    }

    [Test]
    public void The_parameters_round_trip_through_JSON()
    {
        var experiment = new TabularClassifier("digits", "linear", Optimizer: "sgd", LearningRate: 0.1, Epochs: 12);

        Assert.That(JsonSerializer.Deserialize<TabularClassifier>(JsonSerializer.Serialize(experiment)), Is.EqualTo(experiment));
    }

    [Test]
    public void Bad_parameters_are_refused_with_the_parameter_named()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Run(new TabularClassifier("mnist10k"), 0),
                Throws.ArgumentException.With.Message.Contains("TabularClassifier.Dataset is \"mnist10k\"; use one of \"breast_cancer\", \"wine\", \"digits\", \"iris\""));
            Assert.That(() => Run(new TabularClassifier("iris", "svm"), 0),
                Throws.ArgumentException.With.Message.Contains("TabularClassifier.Model is \"svm\"; use \"mlp\" or \"linear\""));
            Assert.That(() => Run(new TabularClassifier("iris", "linear", BatchNorm: true), 0),
                Throws.ArgumentException.With.Message.Contains("apply to the \"mlp\" model only"));
        });
    }
}

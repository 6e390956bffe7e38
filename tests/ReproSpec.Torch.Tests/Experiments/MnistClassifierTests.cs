using System.Text.Json;
using ReproSpec.Execution;
using ReproSpec.Torch.Data;
using ReproSpec.Torch.Experiments;
using ReproSpec.Torch.Models;
using static ReproSpec.Torch.Tests.Experiments.Runs;

namespace ReproSpec.Torch.Tests.Experiments;

/// <summary>MNIST runs on a stratified 2,000-example subset for one epoch: enough to learn, quick enough for CI.</summary>
public class MnistClassifierTests
{
    static readonly MnistClassifier Quick = new(Subset: 2000, Epochs: 1);

    [Test]
    public void A_run_reports_the_documented_metrics()
    {
        var metrics = Run(Quick with { Epochs = 2 }, seed: 0);

        Assert.Multiple(() =>
        {
            Assert.That(metrics.Keys, Is.EquivalentTo(new[] { "test_accuracy", "test_loss", "train_loss", "train_loss_epoch1", "train_loss_epoch2", "seconds" }));
            Assert.That(metrics["train_loss"], Is.EqualTo(metrics["train_loss_epoch2"]));
            Assert.That(metrics["train_loss_epoch2"], Is.LessThan(metrics["train_loss_epoch1"]), "a second epoch lowers the training loss");
            Assert.That(metrics["seconds"], Is.GreaterThan(0));
            Assert.That(metrics.HasNonFinite, Is.False);
        });
    }

    [Test]
    public void An_MLP_learns_far_above_chance()
    {
        // Measured over seeds 0-9: 0.75-0.85 (chance is 0.10).
        Assert.That(Run(Quick, seed: 0)["test_accuracy"], Is.GreaterThan(0.65));
    }

    [Test]
    public void Softmax_regression_learns_far_above_chance()
    {
        // Measured over seeds 0-9: 0.68-0.76.
        Assert.That(Run(Quick with { Architecture = "linear" }, seed: 0)["test_accuracy"], Is.GreaterThan(0.6));
    }

    [Test]
    public void The_CNN_learns_above_chance_in_one_short_epoch()
    {
        // Measured over seeds 0-9: 0.45-0.62; LeNet needs more than 25 steps to pass the MLP.
        Assert.That(Run(Quick with { Architecture = "cnn" }, seed: 0)["test_accuracy"], Is.GreaterThan(0.3));
    }

    [Test]
    public void The_deep_plain_MLP_and_batch_norm_with_dropout_run()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Run(Quick with { Architecture = "deep-mlp", Hidden = 32, Depth = 8, Init = "he", Subset = 500 }, 0).HasNonFinite, Is.False);
            Assert.That(Run(Quick with { BatchNorm = true, Dropout = 0.3 }, 0)["test_accuracy"], Is.GreaterThan(0.65));
        });
    }

    [Test]
    public void The_same_seed_gives_identical_metrics_twice_in_one_process()
    {
        var experiment = Quick with { Dropout = 0.3, BatchNorm = true };

        var first = Seeded(Run(experiment, seed: 3));
        var second = Seeded(Run(experiment, seed: 3));

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Different_seeds_give_different_runs()
    {
        var first = Seeded(Run(Quick, seed: 3));
        var second = Seeded(Run(Quick, seed: 4));

        Assert.That(second["test_loss"], Is.Not.EqualTo(first["test_loss"]));
    }

    [Test]
    public void Holding_the_split_fixed_keeps_the_same_split()
    {
        var fixedSplit = new[] { SeedSet.Sources.Split };

        var one = Quick.SplitFor(new SeedSet(1, fixedSplit));
        var two = Quick.SplitFor(new SeedSet(2, fixedSplit));
        var free = Quick.SplitFor(new SeedSet(2));

        Assert.Multiple(() =>
        {
            Assert.That(two.Test.Rows, Is.EqualTo(one.Test.Rows));
            Assert.That(two.Train.Rows, Is.EqualTo(one.Train.Rows));
            Assert.That(free.Test.Rows, Is.Not.EqualTo(one.Test.Rows));
        });
    }

    [Test]
    public void With_every_source_fixed_the_run_seed_changes_nothing()
    {
        // Proves the run draws all its randomness from the declared sources: nothing hides in torch's generator.
        var all = new[] { SeedSet.Sources.Split, SeedSet.Sources.Init, SeedSet.Sources.Order, SeedSet.Sources.Dropout };
        var experiment = Quick with { Dropout = 0.3 };

        Assert.That(Seeded(Run(experiment, 8, all)), Is.EqualTo(Seeded(Run(experiment, 9, all))));
    }

    [TestCase(SeedSet.Sources.Split)]
    [TestCase(SeedSet.Sources.Init)]
    [TestCase(SeedSet.Sources.Order)]
    [TestCase(SeedSet.Sources.Dropout)]
    public void Each_source_of_variance_alone_changes_the_run(string varying)
    {
        var others = new[] { SeedSet.Sources.Split, SeedSet.Sources.Init, SeedSet.Sources.Order, SeedSet.Sources.Dropout }.Where(s => s != varying).ToArray();
        var experiment = Quick with { Dropout = 0.3 };

        var first = Seeded(Run(experiment, 8, others));
        var second = Seeded(Run(experiment, 9, others));

        Assert.That(second["test_loss"], Is.Not.EqualTo(first["test_loss"]));
    }

    [Test]
    public void Without_dropout_the_dropout_source_is_not_used()
    {
        var others = new[] { SeedSet.Sources.Split, SeedSet.Sources.Init, SeedSet.Sources.Order };

        Assert.That(Seeded(Run(Quick, 8, others)), Is.EqualTo(Seeded(Run(Quick, 9, others))));
    }

    [Test]
    public void A_diverging_run_reports_NaN_instead_of_crashing()
    {
        var exploding = Quick with { Optimizer = "sgd", LearningRate = 1e10, Epochs = 2 };

        var metrics = Run(exploding, seed: 0);

        Assert.Multiple(() =>
        {
            Assert.That(metrics.HasNonFinite, Is.True, "the engine records such a run as diverged");
            Assert.That(metrics["test_accuracy"], Is.NaN);
            Assert.That(metrics["test_loss"], Is.NaN);
            Assert.That(metrics["train_loss"], Is.NaN);
            Assert.That(metrics["train_loss_epoch2"], Is.NaN);
            Assert.That(metrics.Keys, Is.EquivalentTo(Run(Quick with { Epochs = 2 }, 0).Keys), "the same metric names as a healthy run");
        });
    }

    [Test]
    public void The_parameters_round_trip_through_JSON()
    {
        var experiment = new MnistClassifier("cnn", Hidden: 128, Dropout: 0.25, Init: "he", Optimizer: "sgd", LearningRate: 0.05, Momentum: 0.9, Epochs: 7, Subset: 1234);

        var json = JsonSerializer.Serialize(experiment);
        var back = JsonSerializer.Deserialize<MnistClassifier>(json);

        Assert.Multiple(() =>
        {
            Assert.That(back, Is.EqualTo(experiment));
            Assert.That(json, Does.Contain("\"Architecture\":\"cnn\"").And.Contain("\"Momentum\":0.9"));
            Assert.That(json, Does.Not.Contain("DataFingerprint").And.Not.Contain("SharesProcessState"));
        });
    }

    [Test]
    public void Activation_and_input_dropout_enter_the_JSON_only_when_set()
    {
        // Left out at their defaults, so every design recorded before they existed keeps its identity.
        var plain = JsonSerializer.Serialize(Quick);
        var sigmoid = Quick with { Architecture = "deep-mlp", Hidden = 100, Depth = 4, Activation = Activation.Sigmoid, InputDropout = 0.2 };
        var json = JsonSerializer.Serialize(sigmoid);

        Assert.Multiple(() =>
        {
            Assert.That(plain, Does.Not.Contain("Activation").And.Not.Contain("InputDropout"));
            Assert.That(plain, Does.EndWith("\"Subset\":2000}"));
            Assert.That(json, Does.Contain("\"Activation\":\"Sigmoid\"").And.Contain("\"InputDropout\":0.2"));
            Assert.That(JsonSerializer.Deserialize<MnistClassifier>(json), Is.EqualTo(sigmoid));
            Assert.That(JsonSerializer.Deserialize<MnistClassifier>(plain), Is.EqualTo(Quick));
            Assert.That(ReproSpec.Planning.ExperimentParameters.Problems(sigmoid), Is.Empty);
            Assert.That(ReproSpec.Planning.ExperimentParameters.Problems(Quick), Is.Empty);
        });
    }

    [Test]
    public void A_sigmoid_deep_mlp_with_batch_norm_and_dropout_learns()
    {
        var sigmoid = Quick with { Architecture = "deep-mlp", Hidden = 64, Depth = 4, Activation = Activation.Sigmoid, BatchNorm = true, Dropout = 0.2, InputDropout = 0.1, Epochs = 2 };

        Assert.That(Run(sigmoid, seed: 0)["test_accuracy"], Is.GreaterThan(0.5));
    }

    [Test]
    public void The_run_identity_holds_the_declared_parameters_only()
    {
        // Overriding a [JsonIgnore] property drops the attribute: each override must carry its own.
        var parameters = ReproSpec.Planning.RunIdentity.ParametersOf(Quick);
        var tabular = ReproSpec.Planning.RunIdentity.ParametersOf(new TabularClassifier());

        Assert.Multiple(() =>
        {
            foreach (var json in new[] { parameters, tabular })
                Assert.That(json, Does.Not.Contain("DataFingerprint").And.Not.Contain("SharesProcessState").And.Not.Contain("\"Device\"").And.Not.Contain("\"Name\""));
            Assert.That(parameters, Does.StartWith("{\"Architecture\":\"mlp\""));
        });
    }

    [Test]
    public void The_data_fingerprint_is_the_MNIST_hash_and_runs_share_process_state()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Quick.DataFingerprint, Is.EqualTo(Datasets.Mnist10k().Fingerprint));
            Assert.That(Quick.SharesProcessState, Is.True);
        });
    }

    [TestCase("rnn", "Architecture is \"rnn\"; use one of \"mlp\", \"linear\", \"cnn\", \"deep-mlp\"")]
    public void An_unknown_architecture_is_refused(string architecture, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => Run(Quick with { Architecture = architecture }, 0));

        Assert.That(error!.Message, Does.Contain(message));
    }

    [Test]
    public void Bad_parameters_are_refused_with_the_parameter_named()
    {
        var cases = new (MnistClassifier Experiment, string Message)[]
        {
            (Quick with { Init = "orthogonal" }, "MnistClassifier.Init is \"orthogonal\""),
            (Quick with { Optimizer = "rmsprop" }, "MnistClassifier.Optimizer is \"rmsprop\"; use \"adam\" or \"sgd\""),
            (Quick with { Momentum = 0.9 }, "only SGD takes a momentum"),
            (Quick with { Architecture = "linear", Dropout = 0.5 }, "apply to the \"mlp\" and \"deep-mlp\" architectures only"),
            (Quick with { Architecture = "cnn", Activation = Activation.Sigmoid }, "apply to the \"mlp\" and \"deep-mlp\" architectures only"),
            (Quick with { InputDropout = 1 }, "MnistClassifier.InputDropout is 1"),
            (Quick with { Activation = (Activation)7 }, "MnistClassifier.Activation is 7"),
            (Quick with { Subset = 20_000 }, "MnistClassifier.Subset is 20000"),
            (Quick with { BatchSize = 0 }, "BatchSize is 0"),
            (Quick with { Epochs = 0 }, "Epochs is 0"),
            (Quick with { LearningRate = -1 }, "LearningRate is -1"),
            (Quick with { TestFraction = 1.5 }, "MnistClassifier.TestFraction is 1.5"),
            (Quick with { Architecture = "deep-mlp", Depth = 1 }, "MnistClassifier.Depth is 1"),
        };
        Assert.Multiple(() =>
        {
            foreach (var (experiment, message) in cases)
                Assert.That(() => Run(experiment, 0), Throws.ArgumentException.With.Message.Contains(message), message);
        });
    }
}

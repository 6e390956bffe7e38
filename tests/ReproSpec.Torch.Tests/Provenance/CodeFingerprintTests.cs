using System.Diagnostics;
using ReproSpec.Planning;
using ReproSpec.Provenance;
using ReproSpec.Torch.Experiments;

namespace ReproSpec.Torch.Tests.Provenance;

/// <summary>
/// The code identity of the shipped TorchSharp experiments: the closure reaches the training loop, the
/// evaluation, the models and the data loaders in ReproSpec.Torch, and names TorchSharp and libtorch by version.
/// The mutation tests through `dotnet test` are in ReproSpec.NUnit.Tests/RunIdentityMutationTests.cs.
/// </summary>
public class CodeFingerprintTests
{
    [Test]
    public void The_mnist_experiment_reaches_training_evaluation_models_and_data_loading()
    {
        var identity = CodeFingerprint.Describe(typeof(MnistClassifier));
        TestContext.Out.WriteLine($"{identity.Methods.Count} methods; packages: {string.Join(", ", identity.Packages)}");
        Assert.Multiple(() =>
        {
            Assert.That(identity.Methods, Has.Some.StartsWith("ReproSpec.Torch.Training.ClassifierTraining::").And.Contain(" Evaluate("));
            Assert.That(identity.Methods, Has.Some.StartsWith("ReproSpec.Torch.Models.LeNet5::").And.Contain("forward("));
            Assert.That(identity.Methods, Has.Some.StartsWith("ReproSpec.Torch.Models.Mlp"));
            Assert.That(identity.Methods, Has.Some.StartsWith("ReproSpec.Torch.Data.IdxFormat::"));
            Assert.That(identity.Methods, Has.Some.StartsWith("ReproSpec.Execution.RunContext::"));
            Assert.That(identity.Methods, Has.None.StartsWith("System."), "framework code is not hashed");
            Assert.That(identity.Methods, Has.None.StartsWith("TorchSharp."), "package code is identified by version, not hashed");
            Assert.That(identity.Packages, Has.Member("TorchSharp/0.107.0"));
            Assert.That(identity.Packages, Has.Some.StartsWith("libtorch-cpu-linux-x64/"), "the native libtorch enters the key through TorchSharp-cpu");
            Assert.That(identity.Packages, Has.None.StartsWith("NUnit"), "a package the experiment does not use is not in its key");
        });
    }

    [Test]
    public void Two_experiments_sharing_the_training_loop_still_differ_by_their_own_code()
    {
        var mnist = CodeFingerprint.Describe(typeof(MnistClassifier));
        var tabular = CodeFingerprint.Describe(typeof(TabularClassifier));
        Assert.Multiple(() =>
        {
            Assert.That(tabular.Hash, Is.Not.EqualTo(mnist.Hash));
            Assert.That(tabular.Methods, Has.Some.StartsWith("ReproSpec.Torch.Data.TabularCsv::"));
            Assert.That(tabular.Methods, Has.None.StartsWith("ReproSpec.Torch.Models.LeNet5::"), "the tabular experiment never builds a LeNet-5");
        });
    }

    /// <summary>The figure in docs/engine.md ("Run identity"): the claims suite's experiment types, each from nothing.</summary>
    [Test]
    public void The_cost_of_fingerprinting_each_experiment_type_is_printed()
    {
        foreach (var type in new[] { typeof(MnistClassifier), typeof(TabularClassifier) })
        {
            var times = new List<double>();
            CodeIdentity? identity = null;
            for (var i = 0; i < 5; i++)
            {
                var clock = Stopwatch.StartNew();
                identity = CodeFingerprint.Recompute(type);
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
            Assert.That(identity!.Hash, Is.EqualTo(CodeFingerprint.Of(type)), "computing again from nothing gives the same fingerprint");
            Assert.That(identity.Notes, Is.Empty, "the shipped experiments load nothing by name: no assembly is widened");
            Assert.That(identity.ReadsThreads, Is.True, "TorchExperiment sets libtorch's threads from RunContext.Threads: the count is in the key");
            Assert.That(identity.Environment, Has.Some.StartsWith("REPROSPEC_DEVICE"), "the device variable Devices reads by name is in the key");
            times.Sort();
            TestContext.Out.WriteLine($"{type.Name}: {identity.Methods.Count} methods, {identity.Packages.Count} packages; {times[2]:F0} ms median of 5 from nothing (first {times.Max():F0} ms); environment {string.Join(", ", identity.Environment)}");
        }
    }
}

using TorchSharp;

namespace ReproSpec.Torch.Tests;

[NonParallelizable] // REPROSPEC_DEVICE is process-wide.
public class DevicesTests
{
    string? saved;

    [SetUp]
    public void ClearOverride()
    {
        saved = Environment.GetEnvironmentVariable(Devices.EnvironmentVariable);
        Environment.SetEnvironmentVariable(Devices.EnvironmentVariable, null);
    }

    [TearDown]
    public void RestoreOverride() => Environment.SetEnvironmentVariable(Devices.EnvironmentVariable, saved);

    [Test]
    public void Without_a_GPU_the_CPU_is_selected()
    {
        // This repository builds against TorchSharp-cpu: CUDA is never available here, so the GPU path of
        // Select is covered only by the Resolve tests below, never run for real.
        Assert.Multiple(() =>
        {
            Assert.That(torch.cuda.is_available(), Is.False);
            Assert.That(Devices.Select().type, Is.EqualTo(DeviceType.CPU));
            Assert.That(Devices.Select("auto").type, Is.EqualTo(DeviceType.CPU));
        });
    }

    [TestCase(null, true, DeviceType.CUDA)]
    [TestCase(null, false, DeviceType.CPU)]
    [TestCase("auto", true, DeviceType.CUDA)]
    [TestCase("", false, DeviceType.CPU)]
    [TestCase("cpu", true, DeviceType.CPU)]
    [TestCase(" CPU ", false, DeviceType.CPU)]
    [TestCase("cuda", true, DeviceType.CUDA)]
    [TestCase("Cuda", true, DeviceType.CUDA)]
    public void Requests_are_resolved(string? requested, bool cudaAvailable, DeviceType expected)
    {
        Assert.That(Devices.Resolve(requested, "REPROSPEC_DEVICE", cudaAvailable), Is.EqualTo(expected));
    }

    [Test]
    public void Asking_for_CUDA_without_it_says_why_and_how_to_fix_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Devices.Resolve("cuda", "REPROSPEC_DEVICE", cudaAvailable: false));

        Assert.That(error!.Message, Does.Contain("REPROSPEC_DEVICE asks for \"cuda\"")
            .And.Contain("torch.cuda.is_available() is false")
            .And.Contain("TorchSharp-cuda")
            .And.Contain("REPROSPEC_DEVICE=cpu"));
    }

    [TestCase("gpu")]
    [TestCase("cuda:0")]
    [TestCase("mps")]
    public void Unknown_devices_are_refused_with_the_accepted_values(string requested)
    {
        var error = Assert.Throws<ArgumentException>(() => Devices.Resolve(requested, "REPROSPEC_DEVICE", cudaAvailable: true));

        Assert.That(error!.Message, Does.Contain($"REPROSPEC_DEVICE is \"{requested}\"").And.Contain("\"cpu\", \"cuda\" or \"auto\""));
    }

    [Test]
    public void REPROSPEC_DEVICE_overrides_the_requested_device()
    {
        Environment.SetEnvironmentVariable(Devices.EnvironmentVariable, "cuda");

        var error = Assert.Throws<InvalidOperationException>(() => Devices.Select("cpu"));

        Assert.That(error!.Message, Does.StartWith("REPROSPEC_DEVICE asks for \"cuda\""));
    }

    [Test]
    public void REPROSPEC_DEVICE_cpu_is_honoured()
    {
        Environment.SetEnvironmentVariable(Devices.EnvironmentVariable, "cpu");

        Assert.That(Devices.Select("auto").type, Is.EqualTo(DeviceType.CPU));
    }

    [Test]
    public void A_run_asking_for_CUDA_here_fails_before_training()
    {
        var experiment = new ReproSpec.Torch.Experiments.MnistClassifier(Subset: 200, Epochs: 1);

        var error = Assert.Throws<InvalidOperationException>(() => experiment.Run(new ReproSpec.Execution.RunContext(new ReproSpec.Execution.SeedSet(0), device: "cuda")));

        Assert.That(error!.Message, Does.StartWith("the run's requested device asks for \"cuda\""));
    }
}

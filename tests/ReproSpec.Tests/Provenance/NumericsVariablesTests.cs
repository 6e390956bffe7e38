using ReproSpec.Provenance;

namespace ReproSpec.Tests.Provenance;

/// <summary>libtorch's and CUDA's numerics settings belong to the machine environment: recorded, never silently ignored (issue 21).</summary>
[NonParallelizable] // sets process environment variables
public class NumericsVariablesTests
{
    [Test]
    public void ATEN_and_CUDA_settings_are_recorded_in_the_manifest()
    {
        Environment.SetEnvironmentVariable("ATEN_CPU_CAPABILITY", "default");
        Environment.SetEnvironmentVariable("CUDA_LAUNCH_BLOCKING", "1");
        try
        {
            var variables = EnvironmentManifest.Capture(null, 1, 1, null).Variables;
            Assert.Multiple(() =>
            {
                Assert.That(variables, Does.ContainKey("ATEN_CPU_CAPABILITY").WithValue("default"));
                Assert.That(variables, Does.ContainKey("CUDA_LAUNCH_BLOCKING").WithValue("1"));
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable("ATEN_CPU_CAPABILITY", null);
            Environment.SetEnvironmentVariable("CUDA_LAUNCH_BLOCKING", null);
        }
    }

    [Test]
    public void The_sessions_device_is_recorded_in_the_manifest()
    {
        Assert.That(EnvironmentManifest.Capture(null, 1, 1, null, device: "cpu").Variables, Does.ContainKey("REPROSPEC_DEVICE").WithValue("cpu"));
        Assert.That(EnvironmentManifest.Capture(null, 1, 1, null).Variables, Does.Not.ContainKey("REPROSPEC_DEVICE"));
    }
}

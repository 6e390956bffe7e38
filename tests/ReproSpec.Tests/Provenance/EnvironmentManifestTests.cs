using ReproSpec.Provenance;

namespace ReproSpec.Tests.Provenance;

public class EnvironmentManifestTests
{
    static EnvironmentManifest Sample() => new()
    {
        Os = "Linux", Kernel = "6.1", Architecture = "X64", Cpu = "Test CPU", Cores = 2, MemoryBytes = 1 << 30, Gpu = "none",
        Runtime = ".NET 10.0.0", TorchSharp = "not used", LibTorch = "not used",
        Packages = new(StringComparer.Ordinal) { ["MathNet.Numerics"] = "5.0.0" }, Workers = 2, ThreadsPerRun = 1,
        Variables = new(StringComparer.Ordinal) { ["OMP_NUM_THREADS"] = "1" }, GitCommit = "abc", GitDirty = "no",
    };

    [Test]
    public void Capture_describes_this_machine_and_the_claims_packages()
    {
        var repository = TestContext.CurrentContext.TestDirectory;
        var manifest = EnvironmentManifest.Capture(typeof(EnvironmentManifestTests).Assembly, 2, 1, repository);
        Assert.Multiple(() =>
        {
            Assert.That(manifest.Cores, Is.EqualTo(Environment.ProcessorCount));
            Assert.That(manifest.MemoryBytes, Is.GreaterThan(0));
            Assert.That(manifest.Runtime, Does.StartWith(".NET"));
            Assert.That(manifest.Cpu, Is.Not.Empty);
            Assert.That(manifest.Packages, Does.ContainKey("NUnit"));
            Assert.That(manifest.Packages["MathNet.Numerics"], Is.EqualTo("5.0.0"));
            // The test directory is inside the git worktree.
            Assert.That(manifest.GitCommit, Does.Match("^[0-9a-f]{40}$"));
            Assert.That(manifest.GitDirty, Is.AnyOf("yes", "no"));
            Assert.That(manifest.Variables, Does.Not.ContainKey("PATH"));
        });
    }

    [Test]
    public void Outside_a_repository_the_revision_is_unknown()
    {
        var manifest = EnvironmentManifest.Capture(null, 1, 1, Path.GetTempPath());
        Assert.That((manifest.GitCommit, manifest.GitDirty), Is.EqualTo(("unknown", "unknown")));
    }

    [Test]
    public void The_id_is_a_function_of_the_content()
    {
        var a = Sample();
        Assert.Multiple(() =>
        {
            Assert.That(EnvironmentManifest.FromJson(a.ToJson()).Id, Is.EqualTo(a.Id));
            Assert.That((a with { Cpu = "Other CPU" }).Id, Is.Not.EqualTo(a.Id));
            Assert.That((a with { CpuFeatures = ["avx2", "avx512f"] }).Id, Is.Not.EqualTo(a.Id), "one model name, another ISA");
            Assert.That((a with { TorchSharp = a.TorchSharp + " (loaded)" }).Id, Is.EqualTo(a.Id), "when the manifest was captured is not the machine");
            // Where and when the machine was seen is not the machine: one id per machine, whatever the code or data.
            Assert.That((a with { Cores = 4, Workers = 9, GitCommit = "def", GitDirty = "yes" }).WithDataset("Mlp", "da7a").Id, Is.EqualTo(a.Id));
        });
    }

    [Test]
    public void Differences_name_each_changed_field_and_key()
    {
        var a = Sample();
        var b = a with
        {
            Cpu = "Other CPU",
            Packages = new(StringComparer.Ordinal) { ["MathNet.Numerics"] = "5.0.1", ["TorchSharp"] = "0.107.0" },
        };
        Assert.Multiple(() =>
        {
            Assert.That(EnvironmentManifest.Differences(a, b), Is.EqualTo(new[]
            {
                "cpu: Test CPU → Other CPU",
                "packages.MathNet.Numerics: 5.0.0 → 5.0.1",
                "packages.TorchSharp: (absent) → 0.107.0",
            }));
            Assert.That(EnvironmentManifest.Differences(a, Sample()), Is.Empty);
        });
    }

    [Test]
    public void Text_form_lists_every_field()
    {
        var text = Sample().ToText();
        Assert.That(text, Does.Contain("gitCommit: abc").And.Contain("  OMP_NUM_THREADS = 1").And.Contain("datasets: (none)"));
    }
}

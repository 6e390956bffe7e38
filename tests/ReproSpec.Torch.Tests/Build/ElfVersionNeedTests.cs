using System.Diagnostics;

namespace ReproSpec.Torch.Tests.Build;

/// <summary>The GLIBCXX_3.4.32 fix of build/ReproSpec.Torch.targets, on copies of the library TorchSharp ships.</summary>
public class ElfVersionNeedTests
{
    const string Glibcxx = "GLIBCXX_3.4.32";
    const string Library = "libLibTorchSharp.so";
    string workDirectory = "";

    static string NuGetCacheCopy()
    {
        var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", Library);
        Assert.That(File.Exists(path), Is.True, $"TorchSharp's native library should be in the NuGet cache after restore: {path}");
        return path;
    }

    [SetUp]
    public void CreateWorkDirectory()
    {
        workDirectory = Path.Combine(Path.GetTempPath(), "reprospec-elf-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workDirectory);
    }

    [TearDown]
    public void DeleteWorkDirectory() => Directory.Delete(workDirectory, recursive: true);

    // NUnit's collection equality walks 2.4 MB element by element; a hash says the same at once.
    static string HashOf(string path) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    string CopyOfCachedLibrary()
    {
        var copy = Path.Combine(workDirectory, Library);
        File.Copy(NuGetCacheCopy(), copy);
        return copy;
    }

    [Test]
    public void Marking_sets_the_weak_flag_on_a_copy_and_leaves_the_NuGet_cache_untouched()
    {
        var cache = NuGetCacheCopy();
        var cacheHashBefore = HashOf(cache);
        var copy = CopyOfCachedLibrary();
        Assert.That(ReproSpecElfVersionNeed.ReadFlags(copy, Glibcxx), Is.Zero, "TorchSharp 0.107.0 ships the need without flags");

        var outcome = ReproSpecElfVersionNeed.MarkWeak(copy, Glibcxx);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo("marked GLIBCXX_3.4.32 weak"));
            Assert.That(ReproSpecElfVersionNeed.ReadFlags(copy, Glibcxx), Is.EqualTo(ReproSpecElfVersionNeed.VerFlgWeak));
            Assert.That(ReproSpecElfVersionNeed.ReadFlags(cache, Glibcxx), Is.Zero, "the NuGet cache copy must keep flags none");
            Assert.That(HashOf(cache), Is.EqualTo(cacheHashBefore));
        });
    }

    [Test]
    public void Marking_changes_exactly_two_bytes_and_keeps_the_timestamp()
    {
        var copy = CopyOfCachedLibrary();
        var stamp = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(copy, stamp);
        var before = File.ReadAllBytes(copy);

        ReproSpecElfVersionNeed.MarkWeak(copy, Glibcxx);

        var after = File.ReadAllBytes(copy);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(after, Has.Length.EqualTo(before.Length));
            Assert.That(changed, Has.Length.EqualTo(1), "only the low byte of vna_flags gains VER_FLG_WEAK (0x2)");
            Assert.That(after[changed[0]] ^ before[changed[0]], Is.EqualTo(0x2));
            Assert.That(File.GetLastWriteTimeUtc(copy), Is.EqualTo(stamp));
        });
    }

    [Test]
    public void A_second_run_changes_nothing()
    {
        var copy = CopyOfCachedLibrary();
        ReproSpecElfVersionNeed.MarkWeak(copy, Glibcxx);
        var once = HashOf(copy);

        var outcome = ReproSpecElfVersionNeed.MarkWeak(copy, Glibcxx);

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Is.EqualTo("GLIBCXX_3.4.32 already weak"));
            Assert.That(HashOf(copy), Is.EqualTo(once));
        });
    }

    [Test]
    public void A_version_the_library_does_not_need_is_left_alone()
    {
        var copy = CopyOfCachedLibrary();
        var before = HashOf(copy);

        var outcome = ReproSpecElfVersionNeed.MarkWeak(copy, "GLIBCXX_9.9.99");

        Assert.Multiple(() =>
        {
            Assert.That(outcome, Does.StartWith("no need for GLIBCXX_9.9.99"));
            Assert.That(ReproSpecElfVersionNeed.ReadFlags(copy, "GLIBCXX_9.9.99"), Is.EqualTo(-1));
            Assert.That(HashOf(copy), Is.EqualTo(before));
        });
    }

    [Test]
    public void A_file_that_is_not_ELF_gets_a_clear_error()
    {
        var text = Path.Combine(workDirectory, Library);
        File.WriteAllText(text, "this is a text file pretending to be a shared library, long enough to have a header");

        var error = Assert.Throws<InvalidDataException>(() => ReproSpecElfVersionNeed.MarkWeak(text, Glibcxx));

        Assert.That(error!.Message, Does.Contain("not an ELF file"));
    }

    [Test]
    public void A_truncated_library_gets_a_clear_error_not_an_index_exception()
    {
        var truncated = Path.Combine(workDirectory, Library);
        File.WriteAllBytes(truncated, File.ReadAllBytes(NuGetCacheCopy())[..4096]);

        var error = Assert.Throws<InvalidDataException>(() => ReproSpecElfVersionNeed.MarkWeak(truncated, Glibcxx));

        Assert.That(error!.Message, Does.Contain("truncated or malformed ELF file"));
    }

    [Test]
    public void The_copy_in_this_build_output_is_patched()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", Library);
        Assert.That(File.Exists(output), Is.True, $"the build should copy TorchSharp's native library to {output}");

        Assert.That(ReproSpecElfVersionNeed.ReadFlags(output, Glibcxx) & ReproSpecElfVersionNeed.VerFlgWeak, Is.EqualTo(ReproSpecElfVersionNeed.VerFlgWeak));
    }

    /// <summary>The real task, compiled by MSBuild from the shipped targets, turns a bad file into a build error that says what to do.</summary>
    [Test]
    public void The_MSBuild_task_reports_a_non_ELF_file_as_a_build_error_with_a_remedy()
    {
        var notElf = Path.Combine(workDirectory, Library);
        File.WriteAllText(notElf, "not a library");
        var targets = Path.GetFullPath(Path.Combine(RepositoryRoot(), "src", "ReproSpec.Torch", "build", "ReproSpec.Torch.targets"));
        var project = Path.Combine(workDirectory, "patch.proj");
        File.WriteAllText(project, $"""
            <Project>
              <Import Project="{targets}" />
              <Target Name="Patch">
                <ReproSpecMarkGlibcxxNeedWeak Files="{notElf}" VersionName="{Glibcxx}" />
              </Target>
            </Project>
            """);

        var (exitCode, output) = RunDotnet(workDirectory, "msbuild", project, "-t:Patch", "-nologo", "-nodeReuse:false", "-v:m");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Not.Zero, output);
            Assert.That(output, Does.Contain("ReproSpec could not mark GLIBCXX_3.4.32 weak in " + notElf + ": not an ELF file"));
            Assert.That(output, Does.Contain("ReproSpecSkipLibTorchSharpPatch=true"));
        });
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ReproSpec.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No ReproSpec.sln above {AppContext.BaseDirectory}: run the tests from the repository.");
    }

    static (int ExitCode, string Output) RunDotnet(string workingDirectory, params string[] arguments)
    {
        // dotnet test sets DOTNET_HOST_PATH to the host running it; fall back to PATH.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var start = new ProcessStartInfo(string.IsNullOrEmpty(host) ? "dotnet" : host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // No MSBuild node or compiler server outlives the child: one would hold its output pipes open, and the reads never end.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Only a hang should reach this (the build takes seconds); without it a hung child would stall the whole test run.
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)) || !Task.WaitAll([stdout, stderr], TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`dotnet {string.Join(' ', arguments)}` did not finish within 10 min");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}

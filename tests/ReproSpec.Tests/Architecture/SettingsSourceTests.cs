using System.Text.RegularExpressions;

namespace ReproSpec.Tests.Architecture;

/// <summary>
/// Every REPROSPEC_* variable is read in one place, src/ReproSpec/Sessions/SessionSettings.cs, so the settings table of
/// docs/engine.md is the whole list and `dotnet test`, `reprospec` and a Slurm job read them alike (issue #23).
/// </summary>
public partial class SettingsSourceTests
{
    const string SettingsFile = "src/ReproSpec/Sessions/SessionSettings.cs";

    /// <summary>
    /// Reads that remain in engine stages below Sessions, which may not use it (DependencyTests): each runs where no
    /// session is (a worker process, a user's experiment) and needs its value passed down before it can go. Strike an
    /// entry when its read moves; a new read elsewhere fails the test. The two in ReproSpec.Torch run inside a run, in
    /// code its key covers: a variable read there by a constant name enters the run key with its value (issue #21), which
    /// a read through SessionSettings would hide, and their code is in the key of every TorchSharp experiment.
    /// </summary>
    static readonly string[] KnownReads =
    [
        "src/ReproSpec/Planning/RunIdentity.cs: REPROSPEC_WORKERS",
        "src/ReproSpec/Experiments/CommandProcess.cs: REPROSPEC_SANDBOX",
        "src/ReproSpec/Experiments/ProjectFiles.cs: REPROSPEC_DATA",
        "src/ReproSpec.Torch/Devices.cs: REPROSPEC_DEVICE",
        "src/ReproSpec.Torch/Data/DataDirectory.cs: REPROSPEC_DATA",
    ];

    static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ReproSpec.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException("ReproSpec.sln not found above the test directory");
    }

    // GetEnvironmentVariable( followed by a string literal or a (qualified) name, e.g. EnvironmentVariable or Sandbox.Variable.
    [GeneratedRegex(@"GetEnvironmentVariable\(\s*(?:""(?<literal>[^""]*)""|(?<name>[A-Za-z_][\w.]*)\s*[,)])")]
    private static partial Regex Read();

    [GeneratedRegex(@"const\s+string\s+(?<name>\w+)\s*=\s*""(?<value>REPROSPEC_\w*)""")]
    private static partial Regex Constant();

    /// <summary>Each file's REPROSPEC_* reads: a literal name, or a constant of src/ holding one.</summary>
    static List<string> ReadsOutsideSettings(string root)
    {
        var files = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText);
        var constants = files.Values.SelectMany(text => Constant().Matches(text)).ToLookup(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
        var reads = new List<string>();
        foreach (var (file, text) in files.Where(f => f.Key != SettingsFile))
        {
            // A name is the file's own constant when it has one (several types call theirs EnvironmentVariable), else any of src/.
            var own = Constant().Matches(text).ToLookup(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
            foreach (Match match in Read().Matches(text))
            {
                var name = match.Groups["name"].Value.Split('.')[^1];
                var variables = match.Groups["literal"].Success
                    ? [match.Groups["literal"].Value]
                    : (own.Contains(name) ? own[name] : constants[name]).ToArray();
                reads.AddRange(variables.Where(v => v.StartsWith("REPROSPEC_", StringComparison.Ordinal)).Select(v => $"{file}: {v}"));
            }
        }
        return [.. reads.Distinct().Order(StringComparer.Ordinal)];
    }

    [Test]
    public void Only_the_session_settings_read_REPROSPEC_variables()
    {
        var reads = ReadsOutsideSettings(RepositoryRoot());
        Assert.That(reads, Is.EquivalentTo(KnownReads),
            $"read REPROSPEC_* variables through SessionSettings ({SettingsFile}); a removed read is struck from KnownReads");
    }

    [Test]
    public void The_scan_sees_reads_by_literal_and_by_constant()
    {
        var root = Directory.CreateTempSubdirectory("reprospec-settings-scan-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "src", "X"));
            File.WriteAllText(Path.Combine(root, "src", "X", "A.cs"), "var a = Environment.GetEnvironmentVariable(\"REPROSPEC_A\"); var h = Environment.GetEnvironmentVariable(\"HOME\");");
            File.WriteAllText(Path.Combine(root, "src", "X", "B.cs"), "const string Variable = \"REPROSPEC_B\"; var b = Environment.GetEnvironmentVariable(Holder.Variable);");
            Assert.That(ReadsOutsideSettings(root), Is.EqualTo(new[] { "src/X/A.cs: REPROSPEC_A", "src/X/B.cs: REPROSPEC_B" }));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

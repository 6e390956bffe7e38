using System.Diagnostics;
using ReproSpec.Cli;
using ReproSpec.Cli.Commands;

namespace ReproSpec.NUnit.Tests;

/// <summary>
/// A sample claims project under tests/ copied to a temporary directory outside the repository, built and tested
/// through child `dotnet` processes the way a user runs them, with its own store and reports: the end-to-end tests
/// edit the copy between runs.
/// </summary>
sealed class SampleCopy : IDisposable
{
    readonly string label;
    bool built;

    /// <param name="sample">The sample's folder name under tests/ (its .csproj has the same name).</param>
    /// <param name="label">A short name for progress lines.</param>
    public SampleCopy(string sample, string label)
    {
        this.label = label;
        Work = Directory.CreateTempSubdirectory($"reprospec-{label}-").FullName;
        Project = Path.Combine(Work, "sample");
        Directory.CreateDirectory(Project);
        var root = ChildDotnet.RepositoryRoot();
        var source = Path.Combine(root, "tests", sample);
        // The copy lives outside the repository: import its build settings and central package versions by absolute path.
        File.WriteAllText(Path.Combine(Work, "Directory.Build.props"),
            $"<Project><Import Project=\"{Path.Combine(root, "Directory.Build.props")}\" /><PropertyGroup><RestorePackagesWithLockFile>false</RestorePackagesWithLockFile></PropertyGroup></Project>");
        File.WriteAllText(Path.Combine(Work, "Directory.Packages.props"), $"<Project><Import Project=\"{Path.Combine(root, "Directory.Packages.props")}\" /></Project>");
        File.WriteAllText(Path.Combine(Work, "Directory.Build.targets"), $"<Project><Import Project=\"{Path.Combine(root, "Directory.Build.targets")}\" /></Project>");
        foreach (var file in Directory.EnumerateFiles(source).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file)
                .Replace(@"..\..\src\", Path.Combine(root, "src") + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                .Replace(@"..\ReproSpec.KnownVerdicts\", Path.Combine(root, "tests", "ReproSpec.KnownVerdicts") + Path.DirectorySeparatorChar, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(Project, Path.GetFileName(file)), text);
        }
    }

    /// <summary>The temporary directory (stores and reports live here too).</summary>
    public string Work { get; }

    /// <summary>The copied project's directory.</summary>
    public string Project { get; }

    /// <summary>A file of the copy.</summary>
    public string PathOf(string name) => Path.Combine(Project, name);

    /// <summary>Replaces text in a source file of the copy; fails when the text is not there (the sample changed).</summary>
    public void Edit(string file, string from, string to)
    {
        var path = PathOf(file);
        var text = File.ReadAllText(path);
        Assert.That(text, Does.Contain(from), $"{file} changed: update this test's edits");
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    /// <summary>Edits a source file, rebuilds and tests the copy, then restores the file and rebuilds: the test's output of the edited copy.</summary>
    public (int Code, string Output) TestEdited(string file, string from, string to, IReadOnlyDictionary<string, string>? settings = null)
    {
        Edit(file, from, to);
        try
        {
            Build();
            return Test(settings: settings);
        }
        finally
        {
            Edit(file, to, from);
            Build();
        }
    }

    /// <summary>Builds the copy; after the first build only its own source changes, so restore and referenced projects are skipped.</summary>
    public void Build()
    {
        string[] again = built ? ["--no-restore", "-p:BuildProjectReferences=false"] : [];
        var clock = Stopwatch.StartNew();
        var build = Dotnet(["build", Project, "-nologo", "-v", "q", .. again], new Dictionary<string, string>());
        TestContext.Progress.WriteLine($"[{label}] build {(built ? "again" : "first")}: {clock.Elapsed.TotalSeconds:F1} s");
        Assert.That(build.Code, Is.Zero, $"building the sample copy failed:\n{build.Output}");
        built = true;
    }

    /// <summary>`dotnet test` on the copy against the store named <paramref name="store"/> (a folder of the work directory), with extra settings.</summary>
    public (int Code, string Output) Test(string store = "store", IReadOnlyDictionary<string, string>? settings = null)
    {
        var clock = Stopwatch.StartNew();
        var variables = new Dictionary<string, string>
        {
            ["REPROSPEC_STORE"] = Path.Combine(Work, store),
            ["REPROSPEC_REPORTS"] = Reports,
            ["REPROSPEC_SNAPSHOTS"] = "1",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) variables[name] = value;
        var run = Dotnet(["test", Project, "--no-build", "--no-restore", "-nologo", "--logger", "console;verbosity=normal"], variables);
        TestContext.Progress.WriteLine($"[{label}] test ({store}): {clock.Elapsed.TotalSeconds:F1} s, exit {run.Code}");
        return run;
    }

    /// <summary>The reports directory every test run of the copy writes.</summary>
    public string Reports => Path.Combine(Work, "reports");

    /// <summary>`reprospec` in this process, over the copy (e.g. accept --path).</summary>
    public static (int Code, string Output) Cli(params string[] args)
    {
        using var output = new StringWriter();
        var code = CliExit.Run(ReproSpecCli.Root(), args, output, output);
        return (code, output.ToString());
    }

    /// <summary>`reprospec accept` over the copy.</summary>
    public (int Code, string Output) Accept(params string[] extra) => Cli(["accept", "--path", Project, .. extra]);

    // Not CI (the child's default): a new snapshot must be writable for `reprospec accept` (on CI it fails and is never accepted).
    (int Code, string Output) Dotnet(IEnumerable<string> args, IReadOnlyDictionary<string, string> settings) => ChildDotnet.Run(Work, args, settings);

    public void Dispose()
    {
        if (Directory.Exists(Work)) Directory.Delete(Work, recursive: true);
    }
}

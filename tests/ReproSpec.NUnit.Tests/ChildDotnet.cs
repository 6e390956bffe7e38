using System.Diagnostics;
using System.Text;

namespace ReproSpec.NUnit.Tests;

/// <summary>
/// A child <c>dotnet</c> process, run the way a user runs it: the end-to-end tests build and test fixture
/// projects through it. The child starts from none of the parent's ReproSpec settings (CI sets
/// REPROSPEC_STRICT=1 and CI=true for this whole run) and gets only the ones its test states.
/// </summary>
sealed class ChildDotnet : IDisposable
{
    readonly Process process;
    readonly string command;
    readonly string outputFile;

    ChildDotnet(Process process, string command, string outputFile)
    {
        this.process = process;
        this.command = command;
        this.outputFile = outputFile;
    }

    /// <summary>
    /// How long a child may run before its test fails as hung. Only a hang should reach it: no test asserts a child's
    /// speed, and CI runs the test projects side by side on a busy machine, where a cold build of a fixture copy has
    /// taken over 5 min and a `dotnet test` child over a minute (the 90-120 s and 4 min limits these tests had).
    /// </summary>
    public static readonly TimeSpan HangTimeout = TimeSpan.FromMinutes(12);

    /// <summary>Runs <c>dotnet args</c> in <paramref name="workingDirectory"/> to its end; fails the test when it outlives <see cref="HangTimeout"/>.</summary>
    public static (int Code, string Output) Run(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string> settings)
    {
        using var child = Start(workingDirectory, args, settings);
        return child.Finish();
    }

    /// <summary>Starts <c>dotnet args</c>; <see cref="Finish"/> waits for it. For children that run side by side.</summary>
    public static ChildDotnet Start(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string> settings)
    {
        // The child writes its output to a file, not to pipes of this process: the compiler server a build starts
        // outlives it and keeps its output open, which a file does not mind. So the builds share one warm compiler
        // (about 10 s less per fixture build on this machine), while no MSBuild node outlives a child.
        var outputFile = Path.Combine(Path.GetTempPath(), $"reprospec-child-{Guid.NewGuid():N}.log");
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = workingDirectory };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("out=$1; shift; exec \"$@\" > \"$out\" 2>&1");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(outputFile);
        start.ArgumentList.Add(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        foreach (var a in args) start.ArgumentList.Add(a);
        var env = start.Environment;
        foreach (var name in env.Keys.Where(k => k.StartsWith("REPROSPEC_", StringComparison.Ordinal)).ToList()) env.Remove(name);
        // Whether a missing snapshot is fatal follows CI: a child is not CI unless its test says so.
        env["CI"] = "false";
        env["REPROSPEC_NO_DIFFTOOL"] = "1";
        env["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        env["DOTNET_NOLOGO"] = "1";
        env["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in settings) env[name] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        return new ChildDotnet(process, "dotnet " + string.Join(' ', start.ArgumentList.Skip(5)), outputFile);
    }

    /// <summary>Waits for the child's end and returns its exit code and its interleaved standard output and error.</summary>
    public (int Code, string Output) Finish()
    {
        if (!process.WaitForExit(HangTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`{command}` did not finish within {HangTimeout.TotalMinutes:0} min:\n{Output()}");
        }
        return (process.ExitCode, Output());
    }

    public void Dispose()
    {
        process.Dispose();
        File.Delete(outputFile);
    }

    string Output()
    {
        // Shared for reading: a compiler server the child started may still hold the file open for writing.
        using var stream = new FileStream(outputFile, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The repository this test run was built from: the end-to-end tests build its fixture projects.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ReproSpec.sln"))) return dir.FullName;
        throw new InvalidOperationException(
            $"ReproSpec.sln not found above {TestContext.CurrentContext.TestDirectory}: the end-to-end tests build fixture projects from the repository.");
    }
}

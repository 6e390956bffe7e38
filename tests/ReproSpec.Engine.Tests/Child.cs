using System.Diagnostics;

namespace ReproSpec.Engine.Tests;

/// <summary>Starts this assembly's <see cref="Program"/> as a separate process, the way a worker is started.</summary>
static class Child
{
    public static Process Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dll = typeof(Program).Assembly.Location;
        var stem = dll[..^".dll".Length];
        var start = new ProcessStartInfo(Execution.WorkerLaunch.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        foreach (var a in new[] { "exec", "--depsfile", stem + ".deps.json", "--runtimeconfig", stem + ".runtimeconfig.json", dll }.Concat(args))
            start.ArgumentList.Add(a);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start child process");
    }

    /// <summary>Runs to completion and returns stdout; fails the test on a non-zero exit or after two minutes.</summary>
    public static string Run(params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("child process did not finish in two minutes");
        }
        Assert.That(process.ExitCode, Is.Zero, () => "child failed: " + error.Result);
        return output.Result;
    }

    /// <summary>The keys of the runs the suite trained itself, from its "trained-keys=…" line.</summary>
    public static IReadOnlyList<string> TrainedKeys(string output) =>
        output.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("trained-keys=", StringComparison.Ordinal))["trained-keys=".Length..]
            .Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Parses the suite's "trained=N cached=M" line.</summary>
    public static (int Trained, int Cached) Counters(string output)
    {
        var line = output.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("trained=", StringComparison.Ordinal) && !l.StartsWith("trained-keys=", StringComparison.Ordinal));
        var parts = line.Split(' ').Select(p => int.Parse(p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (parts[0], parts[1]);
    }
}

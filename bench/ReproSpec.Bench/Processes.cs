using System.Diagnostics;

namespace ReproSpec.Bench;

/// <summary>The outcome of one child process: exit code, wall time, captured output.</summary>
sealed record ProcessResult(int ExitCode, double Seconds, string Output, string Error);

/// <summary>Runs the commands the table cites (dotnet test, python3, apt-get) and times them end to end.</summary>
static class Processes
{
    public static ProcessResult Run(string file, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var seconds = clock.Elapsed.TotalSeconds;
        return new ProcessResult(process.ExitCode, seconds, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }

    /// <summary>The last lines of a process's output, for error messages.</summary>
    public static string Tail(ProcessResult result, int lines = 15) =>
        string.Join('\n', (result.Output + result.Error).Split('\n').TakeLast(lines));
}

using System.Diagnostics;
using System.Text;

namespace ReproSpec.Experiments;

/// <summary>Starts a program with arguments and extra environment, captures its output, and kills its whole tree on timeout or cancellation.</summary>
static class CommandProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr, bool TimedOut);

    public static Result Run(string program, IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment,
        TimeSpan timeout, CancellationToken cancellation, string? writableOnly = null, IReadOnlyList<(string Source, string Target)>? readOnlyBinds = null)
    {
        if (writableOnly is not null && Sandbox.Wrapper() is { } bwrap)
        {
            if (Locate(program) is null) throw new CommandRunException($"could not start '{program}' (not found): is it installed and on PATH?");
            // Mounts of a repository run in place: shown read-only at the paths the script expects.
            var binds = (readOnlyBinds ?? []).SelectMany(b => new[] { "--ro-bind", b.Source, b.Target }).ToList();
            // The whole file system read-only except the run's own folder: the command cannot write anywhere else.
            arguments = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--bind", writableOnly, writableOnly, .. binds,
                // Its own process namespace: killing bwrap on a timeout ends everything the command started.
                "--unshare-pid", "--die-with-parent", "--chdir", workingDirectory, "--", Locate(program) ?? program, .. arguments];
            program = bwrap;
        }
        else if (readOnlyBinds is { Count: > 0 })
        {
            throw new CommandRunException("mounts into a repository run in place need the sandbox (bubblewrap), which is not usable here");
        }
        var start = new ProcessStartInfo(Locate(program) ?? program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;

        using var process = new Process { StartInfo = start };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.Append(e.Data).Append('\n'); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.Append(e.Data).Append('\n'); };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CommandRunException($"could not start '{program}' ({e.Message}): is it installed and on PATH?", e);
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var registration = cancellation.Register(() => Kill(process));
        var finished = process.WaitForExit(timeout);
        if (!finished) Kill(process);
        process.WaitForExit(); // drains the asynchronous readers
        cancellation.ThrowIfCancellationRequested();
        string Read(StringBuilder b) { lock (b) return b.ToString(); }
        return new Result(finished ? process.ExitCode : -1, Read(stdout), Read(stderr), !finished);
    }

    /// <summary>The full path of <paramref name="program"/> (a path, or a name on PATH), or null when there is none.</summary>
    public static string? Locate(string program)
    {
        if (string.IsNullOrEmpty(program)) return null;
        if (program.Contains('/', StringComparison.Ordinal) || program.Contains('\\', StringComparison.Ordinal))
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate)) return candidate;
            if (OperatingSystem.IsWindows() && File.Exists(candidate + ".exe")) return candidate + ".exe";
        }
        return null;
    }

    /// <summary>The last <paramref name="lines"/> non-empty lines of <paramref name="text"/>, each on its own line and indented (a traceback stays readable), or "(empty)".</summary>
    public static string Tail(string text, int lines)
    {
        var all = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToArray();
        if (all.Length == 0) return "(empty)";
        var tail = string.Join("\n", all.TakeLast(lines).Select(l => "  " + l));
        return tail.Length <= 2000 ? tail : "…" + tail[^2000..];
    }

    static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended between the check and the kill.
        }
    }

    /// <summary>REPROSPEC_SANDBOX: "bwrap" requires bubblewrap, "off" never uses it, unset uses it when it works here.</summary>
    public static class Sandbox
    {
        public const string Variable = "REPROSPEC_SANDBOX";
        static readonly Lazy<string?> Probed = new(Probe);

        /// <summary>The bwrap to run commands under, or null for none; throws when REPROSPEC_SANDBOX=bwrap and it cannot be used.</summary>
        public static string? Wrapper()
        {
            var mode = (Environment.GetEnvironmentVariable(Variable) ?? "").Trim().ToLowerInvariant();
            return mode switch
            {
                "off" or "none" or "0" => null,
                "" or "auto" => Probed.Value,
                "bwrap" => Probed.Value ?? throw new CommandRunException(
                    $"{Variable}=bwrap, but bubblewrap is not on PATH or cannot create a sandbox here (user namespaces off?): install it (apt-get install bubblewrap) or unset {Variable}."),
                _ => throw new CommandRunException($"{Variable}='{mode}' is not understood: use bwrap, off, or leave it unset (bwrap when it works)."),
            };
        }

        static string? Probe()
        {
            if (!OperatingSystem.IsLinux() || Locate("bwrap") is not { } bwrap) return null;
            var check = Run(bwrap, ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--die-with-parent", "--", "/bin/sh", "-c", "true"],
                Directory.GetCurrentDirectory(), new Dictionary<string, string?>(), TimeSpan.FromSeconds(30), CancellationToken.None);
            return check.ExitCode == 0 ? bwrap : null;
        }
    }
}

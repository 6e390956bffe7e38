using System.Text.RegularExpressions;

namespace ReproSpec.Experiments;

/// <summary>Tells a failure of the machine (a module missing, disk full, out of memory) from a failure of the script, from its exit and stderr.</summary>
static partial class CommandFailure
{
    /// <summary>What on this machine made the command fail, with the fix; null when the failure is the script's own (a result worth storing).</summary>
    public static string? OfEnvironment(int exitCode, string stderr)
    {
        var tail = string.Join('\n', stderr.Split('\n').TakeLast(40));
        if (MissingModule().Match(tail) is { Success: true } module)
            return $"the Python module '{module.Groups[1].Value}' is not installed for this interpreter; install it (pip install, apt-get install python3-…) or put it on PYTHONPATH through Variables.";
        if (tail.Contains("No space left on device", StringComparison.Ordinal) || tail.Contains("[Errno 28]", StringComparison.Ordinal))
            return "the disk is full (No space left on device); free space in the temporary folder (TMPDIR) and where the script writes.";
        if (tail.Contains("MemoryError", StringComparison.Ordinal) || tail.Contains("CUDA out of memory", StringComparison.Ordinal) || tail.Contains("std::bad_alloc", StringComparison.Ordinal))
            return "the machine ran out of memory; run fewer workers at once (REPROSPEC_WORKERS) or on a larger machine.";
        // 137 = 128 + SIGKILL: what the kernel's out-of-memory killer sends (a timeout is reported separately, before this).
        if (exitCode == 137)
            return "the process was killed (SIGKILL), most likely by the out-of-memory killer; run fewer workers at once (REPROSPEC_WORKERS) or on a larger machine.";
        // bwrap and shells report a program they cannot execute with 126/127.
        if (exitCode is 126 or 127 && (tail.Contains("No such file or directory", StringComparison.Ordinal) || tail.Contains("not found", StringComparison.Ordinal) || tail.Contains("Permission denied", StringComparison.Ordinal)))
            return "the program could not be executed (not installed, or not executable); install it or fix the path in Command.";
        return null;
    }

    [GeneratedRegex(@"(?:ModuleNotFoundError|ImportError): No module named '([^']+)'")]
    private static partial Regex MissingModule();
}

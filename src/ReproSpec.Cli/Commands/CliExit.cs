using System.CommandLine;
using ReproSpec.Sessions;

namespace ReproSpec.Cli.Commands;

/// <summary>The documented exit codes (docs/cli.md) and the one place that maps parse errors and bad input to them.</summary>
public static class CliExit
{
    public const int Ok = 0;
    public const int GateFailed = 1;
    public const int BadInput = 2;
    public const int Failed = 3;

    /// <summary>
    /// Parses and runs; a parse error or <see cref="BadInputException"/> prints to stderr and exits 2. Any other
    /// error prints its message (the stack trace only with REPROSPEC_DEBUG=1) and exits 3: no raw exception reaches a user.
    /// </summary>
    public static int Run(RootCommand root, string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var e in parsed.Errors) error.WriteLine($"reprospec: {e.Message}");
            error.WriteLine("Run `reprospec --help` for usage.");
            return BadInput;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (BadInputException e)
        {
            error.WriteLine($"reprospec: {e.Message}");
            return BadInput;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            error.WriteLine($"reprospec: {string.Join(' ', parsed.Tokens.Take(1).Select(t => t.Value))} stopped: {e.Message}");
            error.WriteLine(SessionSettings.FromEnvironmentOnly(nameof(SessionSettings.Debug)).Debug
                ? e.ToString()
                : "Runs stored before this error are kept. Set REPROSPEC_DEBUG=1 for the stack trace.");
            return Failed;
        }
    }
}

/// <summary>Input the user must fix (missing file, unreadable TRX, nothing to act on); exit code 2.</summary>
public sealed class BadInputException : Exception
{
    public BadInputException(string message) : base(message) { }

    public BadInputException() { }

    public BadInputException(string message, Exception inner) : base(message, inner) { }
}

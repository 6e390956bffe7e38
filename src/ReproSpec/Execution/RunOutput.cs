using System.Text.Json.Serialization;

namespace ReproSpec.Execution;

/// <summary>What a run printed and the environment it saw (an interpreter probe), kept with its record: the last <see cref="MaxChars"/> characters of each.</summary>
/// <param name="Stdout">The run's standard output (its tail).</param>
/// <param name="Stderr">The run's standard error (its tail).</param>
/// <param name="Environment">What the experiment's environment probe printed (interpreter, version, packages); empty when none.</param>
public sealed record RunOutput(string Stdout, string Stderr, string Environment)
{
    /// <summary>The most characters kept of each stream: a record stays small however much a script prints.</summary>
    public const int MaxChars = 64 * 1024;

    /// <summary>This output with each text cut to its last <see cref="MaxChars"/> characters.</summary>
    public static RunOutput Bounded(string stdout, string stderr, string environment) =>
        new(Tail(stdout), Tail(stderr), Tail(environment));

    /// <summary>True when any stream was cut.</summary>
    [JsonIgnore]
    public bool Truncated => Stdout.StartsWith(Cut, StringComparison.Ordinal) || Stderr.StartsWith(Cut, StringComparison.Ordinal);

    const string Cut = "[…earlier output not kept…]\n";

    static string Tail(string text) => text.Length <= MaxChars ? text : Cut + text[^MaxChars..];
}

/// <summary>
/// A run could not run on this machine as it is (an interpreter or module missing, disk full, out of memory): not a result
/// of the experiment, so it is never stored and runs again next time. The message says what is missing and how to fix it.
/// </summary>
public sealed class RunEnvironmentException : Exception
{
    public RunEnvironmentException(string message) : base(message) { }

    public RunEnvironmentException() { }

    public RunEnvironmentException(string message, Exception inner) : base(message, inner) { }
}

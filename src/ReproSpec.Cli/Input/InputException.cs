namespace ReproSpec.Cli.Input;

/// <summary>Input the command cannot use; the message is the one line printed on stderr (exit code 2).</summary>
public sealed class InputException(string message) : Exception(message);

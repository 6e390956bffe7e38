using System.CommandLine;
using ReproSpec.Cli.Commands;

namespace ReproSpec.Cli;

/// <summary>The `reprospec` command tree: one static class per command under Commands/.</summary>
public static class ReproSpecCli
{
    /// <summary>Exit code for unusable input (a missing column, a non-numeric cell, an empty file).</summary>
    public const int BadInput = 2;

    /// <summary>Builds the root command; tests invoke it in-process with their own output writers.</summary>
    public static RootCommand Root()
    {
        var root = new RootCommand("reprospec: statistics and verdicts for reproducibility claims in machine learning.");
        // Add new commands here, each as Commands/<Name>Command.cs with a static Create().
        root.Subcommands.Add(CompareCommand.Create());
        root.Subcommands.Add(EnvCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(AcceptCommand.Create());
        root.Subcommands.Add(GateCommand.Create());
        return root;
    }
}

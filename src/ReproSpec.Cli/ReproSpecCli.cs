using System.CommandLine;
using ReproSpec.Cli.Commands;

namespace ReproSpec.Cli;

/// <summary>The `reprospec` command tree: one static class per command under Commands/.</summary>
public static class ReproSpecCli
{
    /// <summary>Builds the root command; Program.cs and the tests run it through <see cref="CliExit.Run"/>.</summary>
    public static RootCommand Root()
    {
        var root = new RootCommand("reprospec: statistics, reports and the CI gate for reproducibility claims in machine learning. Exit codes: 0 ok, 1 a claim failed the gate, 2 bad input.");
        // Add new commands here, each as Commands/<Name>Command.cs with a static Create().
        root.Subcommands.Add(CompareCommand.Create());
        root.Subcommands.Add(EnvCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(AcceptCommand.Create());
        root.Subcommands.Add(RecordDesignsCommand.Create());
        root.Subcommands.Add(GateCommand.Create());
        root.Subcommands.Add(PowerCommand.Create());
        root.Subcommands.Add(PlanCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(SlurmCommand.Create());
        root.Subcommands.Add(ExportCommand.Create());
        return root;
    }
}

using System.CommandLine;
using ReproSpec.Cli.Commands;

var root = new RootCommand("reprospec: reports, snapshots and the CI gate for ReproSpec reproducibility claims. Exit codes: 0 ok, 1 a claim failed the gate, 2 bad input.");
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(AcceptCommand.Create());
root.Subcommands.Add(GateCommand.Create());
return CliExit.Run(root, args);

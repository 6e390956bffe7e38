using ReproSpec.Cli;
using ReproSpec.Cli.Commands;

// CliExit maps parse errors and bad input to the documented exit codes (docs/cli.md).
return CliExit.Run(ReproSpecCli.Root(), args);

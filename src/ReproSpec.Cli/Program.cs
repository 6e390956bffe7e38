return new System.CommandLine.RootCommand("reprospec: reproducibility claims for machine learning") { ReproSpec.Cli.Commands.EnvCommand.Create() }.Parse(args).Invoke();

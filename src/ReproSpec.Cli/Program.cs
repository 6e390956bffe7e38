using ReproSpec.Cli;

return ReproSpecCli.Root().Parse(args).Invoke();

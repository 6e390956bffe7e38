using ReproSpec.Cli;
using ReproSpec.Cli.Commands;

namespace ReproSpec.Tests.Cli;

/// <summary>Runs `reprospec` in-process against CSV files in a fresh temporary directory per test.</summary>
public abstract class CommandTestBase
{
    /// <summary>This test's temporary directory.</summary>
    protected string TempDirectory { get; private set; } = "";

    [SetUp]
    public void CreateDirectory() => TempDirectory = Directory.CreateTempSubdirectory("reprospec-cli-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(TempDirectory, recursive: true);

    protected string Csv(string name, string text)
    {
        var path = Path.Combine(TempDirectory, name);
        File.WriteAllText(path, text);
        return path;
    }

    protected static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliExit.Run(ReproSpecCli.Root(), args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}

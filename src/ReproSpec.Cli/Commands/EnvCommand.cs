using System.CommandLine;
using System.Globalization;
using System.Reflection;
using ReproSpec.Provenance;

namespace ReproSpec.Cli.Commands;

/// <summary><c>reprospec env</c>: prints the environment manifest runs would be stamped with here.</summary>
public static class EnvCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format")
        {
            Description = "Output format: text or json.",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json");
        var claims = new Option<FileInfo?>("--claims")
        {
            Description = "The claims assembly (.dll) whose package versions to list; its .deps.json beside it is read.",
        };
        var command = new Command("env", "Print the environment manifest: OS, CPU, memory, GPU, runtime, TorchSharp, packages, numerics variables, git revision.")
        {
            format,
            claims,
        };
        command.SetAction(parse =>
        {
            var assemblyFile = parse.GetValue(claims);
            if (assemblyFile is not null && !assemblyFile.Exists)
            {
                Console.Error.WriteLine($"--claims: {assemblyFile.FullName} does not exist; pass the built claims assembly, e.g. bin/Debug/net10.0/MyClaims.dll");
                return 2;
            }
            var assembly = assemblyFile is null ? null : Assembly.LoadFrom(assemblyFile.FullName);
            var workersText = Environment.GetEnvironmentVariable("REPROSPEC_WORKERS");
            var workers = int.TryParse(workersText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var w) && w > 0 ? w : Environment.ProcessorCount;
            var manifest = EnvironmentManifest.Capture(assembly, workers, Math.Max(1, Environment.ProcessorCount / workers), Directory.GetCurrentDirectory());
            Console.Out.Write(parse.GetValue(format) == "json" ? manifest.ToJson() + "\n" : manifest.ToText());
            return 0;
        });
        return command;
    }
}

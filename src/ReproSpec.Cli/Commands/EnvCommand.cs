using System.CommandLine;
using System.Reflection;
using ReproSpec.Provenance;
using ReproSpec.Sessions;
using ReproSpec.Store;

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
        var diff = new Option<string[]>("--diff")
        {
            Description = "Compare two machine environments: each an id (looked up in --store) or a manifest file (`reprospec env --format json > env.json`).",
            Arity = new ArgumentArity(2, 2),
            AllowMultipleArgumentsPerToken = true,
        };
        var store = new Option<DirectoryInfo?>("--store") { Description = "The run store whose environments/ --diff looks ids up in (default: REPROSPEC_STORE, else .reprospec/store of the repository)." };
        var command = new Command("env", "Print the machine environment runs would be stamped with here (OS, CPU and ISA, GPU, runtime, TorchSharp, packages, numerics settings), or compare two.")
        {
            format,
            claims,
            diff,
            store,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(diff) is { Length: 2 } pair)
            {
                var storeRoot = parse.GetValue(store)?.FullName ?? SessionSettings.FromEnvironmentOnly(nameof(SessionSettings.Store)).Store
                    ?? RunStore.DefaultRoot(Directory.GetCurrentDirectory());
                var a = Load(pair[0], storeRoot);
                var b = Load(pair[1], storeRoot);
                var differences = EnvironmentManifest.Differences(a, b);
                var output = parse.InvocationConfiguration.Output;
                output.WriteLine($"machine environment {a.Id} ({a.Brief()})");
                output.WriteLine($"machine environment {b.Id} ({b.Brief()})");
                if (differences.Count == 0) output.WriteLine("no difference in the fields that name a machine environment");
                foreach (var line in differences) output.WriteLine("  " + line);
                return CliExit.Ok;
            }
            var assemblyFile = parse.GetValue(claims);
            if (assemblyFile is not null && !assemblyFile.Exists)
            {
                Console.Error.WriteLine($"--claims: {assemblyFile.FullName} does not exist; pass the built claims assembly, e.g. bin/Debug/net10.0/MyClaims.dll");
                return 2;
            }
            var assembly = assemblyFile is null ? null : Assembly.LoadFrom(assemblyFile.FullName);
            var workers = ConfiguredWorkers() ?? Environment.ProcessorCount;
            var manifest = EnvironmentManifest.Capture(assembly, workers, Math.Max(1, Environment.ProcessorCount / workers), Directory.GetCurrentDirectory(),
                SessionSettings.FromEnvironmentOnly(nameof(SessionSettings.Device)).Device);
            Console.Out.Write(parse.GetValue(format) == "json" ? manifest.ToJson() + "\n" : manifest.ToText());
            return 0;
        });
        return command;
    }

    /// <summary>A manifest from a JSON file, or by id from the store's environments/.</summary>
    static EnvironmentManifest Load(string idOrFile, string storeRoot)
    {
        if (File.Exists(idOrFile))
        {
            try
            {
                return EnvironmentManifest.FromJson(File.ReadAllText(idOrFile));
            }
            catch (System.Text.Json.JsonException e)
            {
                throw new BadInputException($"{idOrFile} is not an environment manifest ({e.Message}): write one with `reprospec env --format json > env.json`.");
            }
        }
        return new RunStore(storeRoot).TryGetEnvironment(idOrFile)
               ?? throw new BadInputException($"environment {idOrFile} is neither a file nor in {Path.Combine(storeRoot, "environments")}: pass --store, or a manifest file written by `reprospec env --format json`.");
    }

    /// <summary>REPROSPEC_WORKERS, or null when unset or malformed: `env` describes the machine whatever that variable holds.</summary>
    static int? ConfiguredWorkers()
    {
        try
        {
            return SessionSettings.FromEnvironmentOnly(nameof(SessionSettings.Workers)).Workers;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}

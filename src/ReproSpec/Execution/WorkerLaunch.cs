namespace ReproSpec.Execution;

/// <summary>
/// How to start a worker that can load a given claims assembly, the way vstest starts testhost:
/// <c>dotnet exec --depsfile Claims.deps.json --runtimeconfig Claims.runtimeconfig.json ReproSpec.Worker.dll</c>.
/// </summary>
public sealed record WorkerLaunch(string DepsFile, string RuntimeConfig, string WorkerDll)
{
    public const string WorkerFileName = "ReproSpec.Worker.dll";

    /// <summary>
    /// The launch for the assembly defining <paramref name="experimentType"/>: its own deps and runtime config
    /// when it has them (a test project or an app), else those of the running application (a class library
    /// of claims loaded by a test project); throws, saying what is missing, when neither exists.
    /// </summary>
    public static WorkerLaunch For(Type experimentType)
    {
        var assembly = experimentType.Assembly;
        var directory = Path.GetDirectoryName(assembly.Location);
        if (string.IsNullOrEmpty(directory))
            throw new InvalidOperationException($"the assembly of {experimentType.Name} has no file location, so no worker process can load it; set REPROSPEC_ISOLATION=inprocess");
        var name = assembly.GetName().Name;
        var deps = Path.Combine(directory, name + ".deps.json");
        var config = Path.Combine(directory, name + ".runtimeconfig.json");
        if (!File.Exists(deps) || !File.Exists(config))
        {
            // A class library of experiments (ReproSpec.Torch, a claims library): the application that loaded it
            // lists it in its deps file; vstest's testhost runs with the test project's deps next to this library.
            var candidates = Experiments.ProjectFiles.AppDepsFiles()
                .Concat(Directory.GetFiles(directory, "*.deps.json").Order(StringComparer.Ordinal));
            var appDeps = candidates.FirstOrDefault(d => File.Exists(d) && File.Exists(d[..^".deps.json".Length] + ".runtimeconfig.json") && Lists(d, name));
            var appConfig = appDeps is null ? null : appDeps[..^".deps.json".Length] + ".runtimeconfig.json";
            if (appDeps is null || appConfig is null)
                throw new InvalidOperationException(
                    $"cannot start a worker process for {experimentType.Name}: {deps} or {config} is missing and no application deps file lists {name}. " +
                    "Define experiments in a test project or an executable (which get both files), or set REPROSPEC_ISOLATION=inprocess.");
            deps = appDeps;
            config = appConfig;
        }
        var worker = Path.Combine(directory, WorkerFileName);
        if (!File.Exists(worker)) worker = Path.Combine(Path.GetDirectoryName(typeof(WorkerLaunch).Assembly.Location) ?? directory, WorkerFileName);
        if (!File.Exists(worker))
            throw new InvalidOperationException(
                $"cannot find {WorkerFileName} next to {assembly.GetName().Name}.dll or ReproSpec.dll: reference the ReproSpec.NUnit package (which brings the worker) " +
                "or ReproSpec.Worker from the claims project, or set REPROSPEC_ISOLATION=inprocess.");
        return new WorkerLaunch(deps, config, worker);
    }

    static bool Lists(string depsFile, string? assemblyName) =>
        assemblyName is not null && File.ReadAllText(depsFile).Contains($"\"{assemblyName}.dll\"", StringComparison.Ordinal);

    /// <summary>The dotnet host that runs this process, so workers use the same runtime.</summary>
    public static string DotnetHost()
    {
        var path = Environment.ProcessPath;
        if (path is not null && Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return path;
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root))
        {
            var candidate = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            if (File.Exists(candidate)) return candidate;
        }
        return "dotnet";
    }
}

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
    /// when it has them (a test project or an app), else those of the claims project in
    /// <paramref name="claimsDirectory"/> or of the running application, whichever lists the assembly (a class
    /// library of experiments: ReproSpec.Torch, a claims library, or ReproSpec itself for CommandExperiment, which
    /// under the command line is loaded from the tool's folder); throws, saying what is missing, when none does.
    /// </summary>
    public static WorkerLaunch For(Type experimentType, string? claimsDirectory = null)
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
            // A class library of experiments: the claims project or the application that loaded it lists it in its
            // deps file; vstest's testhost runs with the test project's deps next to this library.
            IEnumerable<string> claimsDeps = string.IsNullOrEmpty(claimsDirectory) || !Directory.Exists(claimsDirectory)
                ? []
                : Directory.GetFiles(claimsDirectory, "*.deps.json").Order(StringComparer.Ordinal);
            var candidates = claimsDeps.Concat(Provenance.ClaimsProject.AppDepsFiles())
                .Concat(Directory.GetFiles(directory, "*.deps.json").Order(StringComparer.Ordinal));
            var appDeps = candidates.FirstOrDefault(d => File.Exists(d) && File.Exists(d[..^".deps.json".Length] + ".runtimeconfig.json") && Lists(d, name));
            if (appDeps is null)
                throw new InvalidOperationException(
                    $"cannot start a worker process for {experimentType.Name}: {deps} or {config} is missing and no application deps file lists {name}. " +
                    "Define experiments in a test project or an executable (which get both files), or set REPROSPEC_ISOLATION=inprocess.");
            deps = appDeps;
            config = appDeps[..^".deps.json".Length] + ".runtimeconfig.json";
        }
        // The worker ships beside the claims project's assemblies (ReproSpec.NUnit brings it), not beside the command-line tool.
        var places = new[] { directory, Path.GetDirectoryName(deps), claimsDirectory, Path.GetDirectoryName(typeof(WorkerLaunch).Assembly.Location) };
        var worker = places.Where(d => !string.IsNullOrEmpty(d)).Select(d => Path.Combine(d!, WorkerFileName)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"cannot find {WorkerFileName} next to {name}.dll, the claims assembly or ReproSpec.dll: reference the ReproSpec.NUnit package (which brings the worker) " +
                "or ReproSpec.Worker from the claims project, or set REPROSPEC_ISOLATION=inprocess.");
        return new WorkerLaunch(deps, config, worker);
    }

    // A project's asset is "Name.dll", a package's "lib/net10.0/Name.dll": both must count, or a package user's
    // CommandExperiment (type in the ReproSpec package) gets the command-line tool's deps file and no claims project.
    static bool Lists(string depsFile, string? assemblyName)
    {
        if (assemblyName is null) return false;
        var text = File.ReadAllText(depsFile);
        return text.Contains($"\"{assemblyName}.dll\"", StringComparison.Ordinal) || text.Contains($"/{assemblyName}.dll\"", StringComparison.Ordinal);
    }

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

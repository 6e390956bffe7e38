using System.Reflection;
using System.Runtime.Loader;

namespace ReproSpec.Planning;

/// <summary>
/// Loads a built claims assembly into this process with its own dependencies (resolved from its .deps.json),
/// sharing only ReproSpec itself so that claims, experiments and run keys are the engine's own types.
/// </summary>
public static class ClaimsAssembly
{
    /// <summary>Loads <paramref name="path"/>; throws <see cref="ClaimsLoadException"/> naming the problem and the fix.</summary>
    public static Assembly Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new ClaimsLoadException($"{full} does not exist: build the claims project first (dotnet build) and pass its dll, e.g. bin/Debug/net10.0/MyClaims.dll.");
        if (!File.Exists(Path.ChangeExtension(full, ".deps.json")))
            throw new ClaimsLoadException($"{Path.ChangeExtension(full, ".deps.json")} is missing: pass the dll from the claims project's build output (it has a .deps.json beside it), not a copy.");
        RequireDepsFile(Path.ChangeExtension(full, ".deps.json"));
        var context = new ClaimsLoadContext(full);
        var engine = typeof(ClaimsAssembly).Assembly.GetName();
        if (context.ResolvedEngine() is { } theirs && AssemblyName.GetAssemblyName(theirs).Version != engine.Version)
            throw new ClaimsLoadException(
                $"the claims were built against ReproSpec {AssemblyName.GetAssemblyName(theirs).Version}, this command line is ReproSpec {engine.Version}: " +
                "run keys include the version, so install the matching tool (dotnet tool update ReproSpec.Cli --version …).");
        Provenance.AssemblyOrigin.UseClaimsDirectory(Path.GetDirectoryName(full)!);
        try
        {
            return context.LoadFromAssemblyPath(full);
        }
        catch (BadImageFormatException e)
        {
            throw new ClaimsLoadException($"{full} is not a .NET assembly ({e.Message}): pass the claims project's built dll.", e);
        }
    }

    // The runtime's resolver aborts the whole process (a native exception) on a deps file without targets.
    static void RequireDepsFile(string deps)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(deps));
            if (document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && document.RootElement.TryGetProperty("targets", out _)) return;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        throw new ClaimsLoadException($"{deps} is not a deps file (no \"targets\"): rebuild the claims project (dotnet build) rather than editing or copying its output.");
    }

    sealed class ClaimsLoadContext(string path) : AssemblyLoadContext($"claims:{Path.GetFileName(path)}")
    {
        readonly AssemblyDependencyResolver resolver = new(path);
        static readonly string EngineName = typeof(ClaimsAssembly).Assembly.GetName().Name!;

        public string? ResolvedEngine() => resolver.ResolveAssemblyToPath(new AssemblyName(EngineName));

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // The engine, and whatever the command line already loaded (framework, engine dependencies), is shared:
            // two copies of ReproSpec would make the claims' Experiment a different type from the engine's.
            if (assemblyName.Name == EngineName) return null;
            if (Default.Assemblies.Any(a => AssemblyName.ReferenceMatchesDefinition(assemblyName, a.GetName()))) return null;
            return resolver.ResolveAssemblyToPath(assemblyName) is { } found ? LoadFromAssemblyPath(found) : null;
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
            resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } found ? LoadUnmanagedDllFromPath(found) : IntPtr.Zero;
    }
}

/// <summary>A claims assembly that cannot be loaded or searched; the message names the fix.</summary>
public sealed class ClaimsLoadException : Exception
{
    public ClaimsLoadException(string message) : base(message) { }

    public ClaimsLoadException() { }

    public ClaimsLoadException(string message, Exception inner) : base(message, inner) { }
}

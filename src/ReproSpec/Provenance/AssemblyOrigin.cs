using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReproSpec.Provenance;

/// <summary>Where an assembly's code comes from, which decides how a run key identifies it.</summary>
enum OriginKind
{
    /// <summary>The shared .NET framework (under the runtime's directory): identified by the environment manifest, not the key.</summary>
    Framework,

    /// <summary>A NuGet package: identified by its name and version.</summary>
    Package,

    /// <summary>Anything else (the claims assembly, its project references, ReproSpec's own assemblies): identified by its IL.</summary>
    Code,
}

/// <summary>An assembly's origin; <see cref="Package"/> is "name/version" for packages.</summary>
readonly record struct AssemblyOrigin(OriginKind Kind, string? Package = null)
{
    static readonly string SharedFramework = SharedFrameworkDirectory();
    static readonly ConcurrentDictionary<Assembly, AssemblyOrigin> ByAssembly = new();
    static readonly ConcurrentDictionary<string, DepsPackages> ByDirectory = new(StringComparer.Ordinal);

    public static AssemblyOrigin Of(Assembly assembly) => ByAssembly.GetOrAdd(assembly, Classify);

    /// <summary>
    /// The packages a set of packages needs: each one, the packages that depend on it (a metapackage such as
    /// TorchSharp-cpu, which brings the native libtorch), and the dependency closure of all of them, as
    /// "name/version" lines, read from the deps files beside <paramref name="assembly"/>.
    /// </summary>
    public static IEnumerable<string> WithDependencies(Assembly assembly, IEnumerable<string> packages)
    {
        var deps = DepsOf(assembly);
        var roots = new HashSet<string>(packages, StringComparer.Ordinal);
        foreach (var (package, dependencies) in deps.Dependencies)
            if (dependencies.Any(roots.Contains)) roots.Add(package);
        var closure = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(roots);
        while (pending.TryPop(out var package))
        {
            if (!closure.Add(package)) continue;
            if (deps.Dependencies.TryGetValue(package, out var next))
                foreach (var dependency in next) pending.Push(dependency);
        }
        return closure;
    }

    static AssemblyOrigin Classify(Assembly assembly)
    {
        if (assembly.IsDynamic) return new(OriginKind.Code);
        var location = assembly.Location;
        // Loaded from bytes: no file to tell by, so its IL is hashed (the conservative choice).
        if (string.IsNullOrEmpty(location)) return new(OriginKind.Code);
        var full = Path.GetFullPath(location);
        if (full.StartsWith(SharedFramework, StringComparison.Ordinal)) return new(OriginKind.Framework);
        var deps = DepsOf(assembly);
        var file = Path.GetFileName(full);
        if (deps.Runtimepacks.Contains(file)) return new(OriginKind.Framework);
        if (deps.PackageByFile.TryGetValue(file, out var package)) return new(OriginKind.Package, package);
        // No deps file lists it, but it lives in a NuGet packages folder: <packages>/<id>/<version>/lib/...
        if (FromPackagesFolder(full) is { } fromFolder) return new(OriginKind.Package, fromFolder);
        return new(OriginKind.Code);
    }

    static string? FromPackagesFolder(string path)
    {
        var parts = path.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var lib = Array.FindLastIndex(parts, p => p is "lib" or "runtimes");
        var packages = Array.FindLastIndex(parts, p => p.Equals("packages", StringComparison.OrdinalIgnoreCase));
        return lib >= 3 && packages >= 0 && packages == lib - 3 ? $"{parts[lib - 2]}/{parts[lib - 1]}" : null;
    }

    static string SharedFrameworkDirectory()
    {
        // <dotnet>/shared/Microsoft.NETCore.App/<version>/ : everything under <dotnet>/shared is the framework
        // (ASP.NET Core and other shared frameworks sit beside it).
        var runtime = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        var shared = Path.GetDirectoryName(Path.GetDirectoryName(runtime)) ?? runtime;
        return Path.GetFullPath(shared).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
    }

    static DepsPackages DepsOf(Assembly assembly) =>
        ByDirectory.GetOrAdd(Path.GetDirectoryName(Path.GetFullPath(assembly.Location.Length > 0 ? assembly.Location : AppContext.BaseDirectory)) ?? "", DepsPackages.Read);

    /// <summary>What the deps files of one directory say: which assembly file belongs to which package, and package dependencies.</summary>
    sealed record DepsPackages(
        IReadOnlyDictionary<string, string> PackageByFile,
        IReadOnlyDictionary<string, IReadOnlyList<string>> Dependencies,
        IReadOnlySet<string> Runtimepacks)
    {
        public static DepsPackages Read(string directory)
        {
            var byFile = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var dependencies = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            var runtimepacks = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            // Every deps file of the directory (the claims project's, the worker's): one output folder holds one
            // copy of each assembly, so they agree, and each process sees the same files whichever started it.
            var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.deps.json").Order(StringComparer.Ordinal) : Enumerable.Empty<string>();
            foreach (var file in files)
            {
                try
                {
                    Add(JsonNode.Parse(File.ReadAllText(file)), byFile, dependencies, runtimepacks);
                }
                catch (Exception e) when (e is JsonException or IOException or InvalidOperationException)
                {
                    // An unreadable deps file identifies nothing: its assemblies are then hashed as code.
                }
            }
            return new(byFile, dependencies, runtimepacks);
        }

        static void Add(JsonNode? deps, Dictionary<string, string> byFile, Dictionary<string, IReadOnlyList<string>> dependencies, HashSet<string> runtimepacks)
        {
            var libraries = deps?["libraries"]?.AsObject();
            var targets = deps?["targets"]?.AsObject();
            if (libraries is null || targets is null) return;
            foreach (var (_, target) in targets)
            {
                if (target is not JsonObject entries) continue;
                foreach (var (id, entry) in entries)
                {
                    var type = libraries[id]?["type"]?.GetValue<string>();
                    if (type is not ("package" or "runtimepack")) continue;
                    var assets = (entry?["runtime"] as JsonObject)?.Select(a => a.Key) ?? [];
                    foreach (var asset in assets)
                    {
                        if (type == "runtimepack") runtimepacks.Add(Path.GetFileName(asset));
                        else byFile.TryAdd(Path.GetFileName(asset), id);
                    }
                    if (type != "package") continue;
                    var versions = (entry?["dependencies"] as JsonObject)?.Select(d => $"{d.Key}/{d.Value?.GetValue<string>()}").ToList() ?? [];
                    dependencies.TryAdd(id, versions);
                }
            }
        }
    }
}

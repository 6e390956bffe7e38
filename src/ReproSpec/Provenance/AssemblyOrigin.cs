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
    static volatile string? claimsDirectory;

    public static AssemblyOrigin Of(Assembly assembly) => ByAssembly.GetOrAdd(assembly, Classify);

    /// <summary>
    /// Classifies assemblies by the deps files of the claims project's output folder first, wherever they were
    /// loaded from. The command line loads ReproSpec from the tool's folder, whose deps file lists it as a project,
    /// while the test host and the workers load it from the claims folder, whose deps file lists it as a package:
    /// without this, the same DLL gets two run keys (IL hashed in one process, "ReproSpec/version" in the other).
    /// Called once, before any key is computed, by <see cref="Planning.ClaimsAssembly.Load"/>; null forgets the folder (tests).
    /// </summary>
    internal static void UseClaimsDirectory(string? directory)
    {
        var full = directory is null ? null : Path.GetFullPath(directory);
        if (claimsDirectory == full) return;
        claimsDirectory = full;
        // Classifications made before (or for another claims folder, in a test process that loads several) no longer hold.
        ByAssembly.Clear();
    }

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

    /// <summary>What the deps files say about <paramref name="assembly"/>: the claims folder's first (see <see cref="UseClaimsDirectory"/>), then its own folder's.</summary>
    static DepsPackages DepsOf(Assembly assembly)
    {
        var own = ByDirectory.GetOrAdd(Path.GetDirectoryName(Path.GetFullPath(assembly.Location.Length > 0 ? assembly.Location : AppContext.BaseDirectory)) ?? "", DepsPackages.Read);
        return claimsDirectory is { } claims && ByDirectory.GetOrAdd(claims, DepsPackages.Read) is var first && !ReferenceEquals(first, own)
            ? DepsPackages.Merge(first, own)
            : own;
    }

    /// <summary>What the deps files of one directory say: which assembly file belongs to which package, and package dependencies.</summary>
    sealed record DepsPackages(
        IReadOnlyDictionary<string, string> PackageByFile,
        IReadOnlyDictionary<string, IReadOnlyList<string>> Dependencies,
        IReadOnlySet<string> Runtimepacks)
    {
        /// <summary>Every runtime assembly file the deps files name, whatever its library type (projects included).</summary>
        public IReadOnlySet<string> Listed { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public static DepsPackages Read(string directory)
        {
            var byFile = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var dependencies = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            var runtimepacks = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var listed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            // Every deps file of the directory (the claims project's, the worker's): one output folder holds one
            // copy of each assembly, so they agree, and each process sees the same files whichever started it.
            var files = Directory.Exists(directory) ? Directory.GetFiles(directory, "*.deps.json").Order(StringComparer.Ordinal) : Enumerable.Empty<string>();
            foreach (var file in files)
            {
                try
                {
                    Add(JsonNode.Parse(File.ReadAllText(file)), byFile, dependencies, runtimepacks, listed);
                }
                catch (Exception e) when (e is JsonException or IOException or InvalidOperationException)
                {
                    // An unreadable deps file identifies nothing: its assemblies are then hashed as code.
                }
            }
            return new(byFile, dependencies, runtimepacks) { Listed = listed };
        }

        /// <summary>Both folders' entries; where they disagree (a project in one, a package in the other) <paramref name="first"/> wins.</summary>
        public static DepsPackages Merge(DepsPackages first, DepsPackages second)
        {
            var byFile = new Dictionary<string, string>(first.PackageByFile, StringComparer.OrdinalIgnoreCase);
            var dependencies = new Dictionary<string, IReadOnlyList<string>>(first.Dependencies, StringComparer.Ordinal);
            var runtimepacks = new HashSet<string>(first.Runtimepacks, StringComparer.OrdinalIgnoreCase);
            // A file the claims folder knows as a project (not in PackageByFile) must stay code: only add files it does not list at all.
            foreach (var (file, package) in second.PackageByFile)
                if (!first.Listed.Contains(file)) byFile.TryAdd(file, package);
            foreach (var (package, next) in second.Dependencies) dependencies.TryAdd(package, next);
            foreach (var file in second.Runtimepacks) runtimepacks.Add(file);
            return new(byFile, dependencies, runtimepacks) { Listed = new HashSet<string>(first.Listed.Concat(second.Listed), StringComparer.OrdinalIgnoreCase) };
        }

        static void Add(JsonNode? deps, Dictionary<string, string> byFile, Dictionary<string, IReadOnlyList<string>> dependencies, HashSet<string> runtimepacks, HashSet<string> listed)
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
                    var assets = (entry?["runtime"] as JsonObject)?.Select(a => a.Key) ?? [];
                    foreach (var asset in assets) listed.Add(Path.GetFileName(asset));
                    if (type is not ("package" or "runtimepack")) continue;
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

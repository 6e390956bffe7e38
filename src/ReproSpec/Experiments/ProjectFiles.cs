using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace ReproSpec.Experiments;

/// <summary>Finds a claims project's own files (data, scripts) the same way under dotnet test, reprospec plan/run and Slurm workers.</summary>
/// <remarks>
/// A relative path is looked up, in order: under the folder REPROSPEC_DATA names (when set; a path starting with
/// "data/" is also looked for without that folder, so REPROSPEC_DATA may name a data folder itself); under the claims
/// project's directory (recorded in the assembly at build time by ReproSpec.NUnit's build props, else found by
/// walking up from the built assembly to the folder holding its .csproj); beside the built assembly (files copied
/// to the output). The process's working directory and AppContext.BaseDirectory are never consulted: they differ
/// between a test host, the command line and a worker.
/// </remarks>
public static class ProjectFiles
{
    /// <summary>Environment variable naming a folder searched first for every relative project path.</summary>
    public const string EnvironmentVariable = "REPROSPEC_DATA";

    /// <summary>The assembly metadata key under which the build records the claims project's directory.</summary>
    public const string ProjectDirectoryKey = "ReproSpec.ProjectDirectory";

    /// <summary>The full path of <paramref name="path"/> (a file or folder) for an experiment declared in <paramref name="anchor"/>'s assembly.</summary>
    /// <exception cref="ProjectFileNotFoundException">Nothing exists at any of the places looked; the message lists them.</exception>
    public static string Find(string path, Type anchor)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        return Find(path, [anchor.Assembly]);
    }

    /// <summary>As <see cref="Find(string, Type)"/>, searching the project of each of <paramref name="anchors"/> in turn.</summary>
    public static string Find(string path, IReadOnlyList<Assembly> anchors)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(anchors);
        var candidates = Candidates(path, anchors);
        var found = candidates.FirstOrDefault(c => File.Exists(c.Path) || Directory.Exists(c.Path));
        if (found.Path is not null) return found.Path;
        throw new ProjectFileNotFoundException(path, candidates.Select(c => $"{c.Path} ({c.Origin})").ToList());
    }

    /// <summary>The places <paramref name="path"/> is looked for, in order, each with where that place came from.</summary>
    public static IReadOnlyList<(string Path, string Origin)> Candidates(string path, IReadOnlyList<Assembly> anchors)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        if (Path.IsPathFullyQualified(path)) return [(Path.GetFullPath(path), "an absolute path")];
        var places = new List<(string, string)>();
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            places.Add((Path.GetFullPath(Path.Combine(fromEnvironment, path)), $"under {EnvironmentVariable}"));
            // REPROSPEC_DATA may name a data folder itself (as for ReproSpec.Torch's datasets): "data/x.csv" is then its "x.csv".
            var normalised = path.Replace('\\', '/');
            if (normalised.StartsWith("data/", StringComparison.Ordinal))
                places.Add((Path.GetFullPath(Path.Combine(fromEnvironment, normalised["data/".Length..])), $"in the data folder {EnvironmentVariable} names"));
        }
        foreach (var anchor in anchors)
        {
            if (ProjectDirectoryOf(anchor) is { } project)
                places.Add((Path.GetFullPath(Path.Combine(project.Directory, path)), $"in the claims project {anchor.GetName().Name}, {project.Origin}"));
            if (Path.GetDirectoryName(anchor.Location) is { Length: > 0 } output)
                places.Add((Path.GetFullPath(Path.Combine(output, path)), $"beside {anchor.GetName().Name}.dll"));
        }
        return places.Distinct().ToList();
    }

    /// <summary>The claims project's directory for <paramref name="assembly"/>, or null when neither the build nor the file system says.</summary>
    public static (string Directory, string Origin)? ProjectDirectoryOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        if (RecordedProjectDirectory(assembly) is { } recorded) return (recorded, "recorded at build time");
        // Project references do not import the package's build props: bin/<configuration>/<framework>/ sits under the project.
        var name = assembly.GetName().Name;
        if (string.IsNullOrEmpty(assembly.Location) || name is null) return null;
        for (var dir = Path.GetDirectoryName(assembly.Location) is { } d ? new DirectoryInfo(d) : null; dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, name + ".csproj"))) return (dir.FullName, $"the folder of {name}.csproj above the build output");
        return null;
    }

    /// <summary>The claims project's directory the build recorded in <paramref name="assembly"/>'s metadata, when it still exists.</summary>
    // Provenance.ClaimsProject reads the same for the store and the engine; this copy stays as it is, since its IL is
    // in the run key of every experiment that finds files here.
    public static string? RecordedProjectDirectory(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        // CustomAttributeData rather than GetCustomAttributes: the assembly may live in another load context.
        foreach (var attribute in assembly.GetCustomAttributesData())
        {
            if (attribute.AttributeType.FullName != typeof(AssemblyMetadataAttribute).FullName || attribute.ConstructorArguments.Count != 2) continue;
            if (attribute.ConstructorArguments[0].Value as string != ProjectDirectoryKey) continue;
            return attribute.ConstructorArguments[1].Value is string recorded && recorded.Length > 0 && Directory.Exists(recorded)
                ? Path.GetFullPath(recorded)
                : null;
        }
        return null;
    }

    /// <summary>The deps files the host started this process with (the application's first): APP_CONTEXT_DEPS_FILES, split on ';' on every OS.</summary>
    public static IReadOnlyList<string> AppDepsFiles() =>
        (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string)?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>The application's assembly name from its deps file (a test host's or a worker's is the claims project's), or null.</summary>
    public static string? AppAssemblyName() =>
        AppDepsFiles() is [var first, ..] && first.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase) ? Path.GetFileName(first)[..^".deps.json".Length] : null;

    /// <summary>SHA-256 of a file's bytes, or of a folder's files (relative names and bytes, in ordinal order), as 64 hex digits.</summary>
    public static string ContentHash(string fullPath)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        if (File.Exists(fullPath))
        {
            hash.AppendData(File.ReadAllBytes(fullPath));
        }
        else if (Directory.Exists(fullPath))
        {
            var files = Directory.EnumerateFiles(fullPath, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(fullPath, f).Replace('\\', '/'))
                .Where(f => !IsNotContent(f))
                .Order(StringComparer.Ordinal);
            foreach (var file in files)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(file + "\n"));
                var bytes = File.ReadAllBytes(Path.Combine(fullPath, file));
                hash.AppendData(Encoding.UTF8.GetBytes(bytes.Length + "\n"));
                hash.AppendData(bytes);
            }
        }
        else
        {
            throw new ProjectFileNotFoundException(fullPath, [fullPath]);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// True for what is not content a user wrote: byte-code caches interpreters leave next to the sources, and a repository's
    /// .git folder (it changes with every fetch; the files it checks out are hashed themselves).
    /// </summary>
    internal static bool IsNotContent(string relative) =>
        relative.Replace('\\', '/').Split('/').Any(part => part is "__pycache__" or ".pytest_cache" or ".ipynb_checkpoints" or ".git")
        || relative.EndsWith(".pyc", StringComparison.Ordinal);
}

/// <summary>A project file (data, script) was not found; the message names every place looked and how to fix it.</summary>
public sealed class ProjectFileNotFoundException : FileNotFoundException
{
    public ProjectFileNotFoundException(string path, IReadOnlyList<string> looked)
        : base(MessageFor(path, looked), path)
    {
        Looked = looked;
    }

    public ProjectFileNotFoundException() : this("", []) { }

    public ProjectFileNotFoundException(string message) : base(message) => Looked = [];

    public ProjectFileNotFoundException(string message, Exception inner) : base(message, inner) => Looked = [];

    /// <summary>Every place looked, in order, each with where that place came from.</summary>
    public IReadOnlyList<string> Looked { get; }

    static string MessageFor(string path, IReadOnlyList<string> looked) =>
        $"'{path}' not found. Looked in: {(looked.Count == 0 ? "nowhere (no claims project is known)" : string.Join("; ", looked))}. " +
        $"Put the file in the claims project (a path relative to the folder of its .csproj), " +
        $"or set {ProjectFiles.EnvironmentVariable} to a folder that holds '{path}'.";
}

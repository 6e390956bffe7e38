using System.Reflection;

namespace ReproSpec.Provenance;

/// <summary>
/// What the build and the host record about the claims project: its directory (assembly metadata the ReproSpec.NUnit
/// build props write) and the deps files the application started with. Read here, below the store and the engine,
/// which need them to find the workspace and to launch workers.
/// </summary>
/// <remarks>
/// Experiments.ProjectFiles keeps its own copies: its IL is in the run key of every experiment that finds its files
/// through it, so delegating here would change those keys.
/// </remarks>
static class ClaimsProject
{
    /// <summary>The assembly metadata key under which the build records the claims project's directory.</summary>
    public const string DirectoryKey = "ReproSpec.ProjectDirectory";

    /// <summary>The claims project's directory the build recorded in <paramref name="assembly"/>'s metadata, when it still exists.</summary>
    public static string? RecordedDirectory(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        // CustomAttributeData rather than GetCustomAttributes: the assembly may live in another load context.
        foreach (var attribute in assembly.GetCustomAttributesData())
        {
            if (attribute.AttributeType.FullName != typeof(AssemblyMetadataAttribute).FullName || attribute.ConstructorArguments.Count != 2) continue;
            if (attribute.ConstructorArguments[0].Value as string != DirectoryKey) continue;
            return attribute.ConstructorArguments[1].Value is string recorded && recorded.Length > 0 && Directory.Exists(recorded)
                ? Path.GetFullPath(recorded)
                : null;
        }
        return null;
    }

    /// <summary>The deps files the host started this process with (the application's first): APP_CONTEXT_DEPS_FILES, split on ';' on every OS.</summary>
    public static IReadOnlyList<string> AppDepsFiles() =>
        (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string)?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}

using System.Reflection;
using ReproSpec.Provenance;

namespace ReproSpec.Store;

/// <summary>The directory whose <c>.reprospec/</c> holds the run store and the reports when no variable names them.</summary>
/// <remarks>
/// In a git repository: its root (one store for every claims project of the repository, git-ignored). Outside
/// one: the claims project's directory, never its <c>bin/</c> (a clean or a Release build would lose every run).
/// The project directory is the <c>ReproSpec.ProjectDirectory</c> assembly metadata the ReproSpec.NUnit build
/// props write into the claims assembly, else the nearest directory above the test assembly holding a project
/// file, else the test assembly's own directory.
/// </remarks>
public static class WorkspaceRoot
{
    /// <summary>The workspace for a test assembly in <paramref name="start"/>, optionally the claims assembly itself.</summary>
    public static string Of(string start, Assembly? claims = null) =>
        GitRoot(start) ?? ProjectDirectory(start, claims) ?? start;

    /// <summary>The repository root above <paramref name="start"/> (a directory holding .git), or null.</summary>
    public static string? GitRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
                return dir.FullName;
        }
        return null;
    }

    static string? ProjectDirectory(string start, Assembly? claims)
    {
        if (claims is not null && ClaimsProject.RecordedDirectory(claims) is { } built) return built;
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (dir.EnumerateFiles("*.*proj").Any(f => f.Extension is ".csproj" or ".fsproj" or ".vbproj")) return dir.FullName;
        }
        return null;
    }
}

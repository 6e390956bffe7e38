using System.Reflection;

namespace ReproSpec.Store;

/// <summary>
/// Runs trained elsewhere (a GPU cluster, Slurm, a colleague's machine) and committed with the claims, so that CI
/// decides from them without training: a folder in the run store's layout (runs/, environments/), written by
/// `reprospec export` and read after the local store.
/// </summary>
public static class PublishedRuns
{
    /// <summary>The folder name beside the claims (at the workspace root: the repository's, else the claims project's).</summary>
    public const string FolderName = "published-runs";

    /// <summary>The published-runs folder when REPROSPEC_PUBLISHED is unset (SessionSettings.Published): <c>published-runs/</c> at the workspace root.</summary>
    public static string DefaultRoot(string start, Assembly? claims = null) => Path.Combine(WorkspaceRoot.Of(start, claims), FolderName);

    /// <summary>The published store at <paramref name="root"/> when it holds runs, else none.</summary>
    public static IReadOnlyList<RunStore> Stores(string root) =>
        Directory.Exists(Path.Combine(root, "runs")) ? [new RunStore(root)] : [];

    /// <summary>
    /// Copies the records <paramref name="keys"/> name, and the machine environments they were trained on, from
    /// <paramref name="from"/> into the published folder <paramref name="to"/>; returns how many were copied and which
    /// keys the store lacks. Records already there are rewritten only when they differ.
    /// </summary>
    public static (int Copied, int Unchanged, IReadOnlyList<string> Missing) Export(RunStore from, IEnumerable<string> keys, string to)
    {
        var target = new RunStore(to);
        var copied = 0;
        var unchanged = 0;
        var missing = new List<string>();
        foreach (var key in keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (from.TryGet(key) is not { } record)
            {
                missing.Add(key);
                continue;
            }
            if (target.TryGet(key) is { } existing && existing.Checksum == record.Checksum)
            {
                unchanged++;
            }
            else
            {
                target.Put(record);
                copied++;
            }
            if (record.Environment.Length > 0 && from.TryGetEnvironment(record.Environment) is { } manifest) target.PutEnvironment(manifest);
        }
        return (copied, unchanged, missing);
    }
}

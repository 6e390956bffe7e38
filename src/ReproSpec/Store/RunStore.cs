using ReproSpec.Provenance;

namespace ReproSpec.Store;

/// <summary>
/// A content-addressed directory of run records: one file per run, written atomically the moment the run
/// finishes, so a killed suite loses nothing it finished and a re-run trains only what is missing.
/// </summary>
public sealed class RunStore
{
    public RunStore(string root, RunLeases? leases = null)
    {
        Root = Path.GetFullPath(root);
        Leases = leases ?? new RunLeases(Root);
    }

    public string Root { get; }

    /// <summary>Leases on the runs being trained, so processes sharing this store train each run once.</summary>
    public RunLeases Leases { get; }

    string RunsDirectory => Path.Combine(Root, "runs");

    /// <summary>The file holding the record of run <paramref name="key"/> (whether or not it exists).</summary>
    public string PathOf(string key) => Path.Combine(RunsDirectory, key[..2], key + ".json");

    /// <summary>The stored record for <paramref name="key"/>, or null when absent; a damaged record counts as absent.</summary>
    public RunRecord? TryGet(string key, Action<string>? reportDamage = null)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) return null;
        RunRecord? record;
        try
        {
            record = RecordJson.Deserialize(File.ReadAllText(path));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or IOException)
        {
            Quarantine(path, $"unreadable ({e.Message})", reportDamage);
            return null;
        }
        if (record is null || record.Key != key || !RecordJson.IsIntact(record))
        {
            Quarantine(path, "checksum mismatch (truncated or edited)", reportDamage);
            return null;
        }
        return record;
    }

    /// <summary>Writes the record atomically (temporary file, then rename), sealing it with its checksum.</summary>
    /// <exception cref="StoreWriteException">The store cannot be written (full disk, read-only, deleted): nothing half-written stays.</exception>
    public RunRecord Put(RunRecord record)
    {
        var sealedRecord = RecordJson.Seal(record);
        var path = PathOf(record.Key);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(temporary, RecordJson.Serialize(sealedRecord));
            // Rename is atomic on one filesystem: readers see the old file or the whole new one, never half.
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk leaves a zero-byte or partial temporary file: it must not outlive the failed write.
            TryDelete(temporary);
            throw StoreWriteException.For(Root, e);
        }
        return sealedRecord;
    }

    static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The folder itself is gone or read-only: there is nothing left to delete, or nothing this process may.
        }
    }

    string EnvironmentPath(string id) => Path.Combine(Root, "environments", id + ".json");

    /// <summary>
    /// Stores a manifest under its machine environment's id (root/environments/id.json); returns the id. A manifest
    /// already there keeps the data fingerprints it lists and takes this one's last-seen fields (revision, workers).
    /// </summary>
    public string PutEnvironment(EnvironmentManifest manifest)
    {
        var id = manifest.Id;
        var path = EnvironmentPath(id);
        if (TryGetEnvironment(id) is { } existing)
        {
            var merged = manifest with { Datasets = new SortedDictionary<string, string>(existing.Datasets.Concat(manifest.Datasets).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value), StringComparer.Ordinal) };
            if (merged.ToJson() == existing.ToJson()) return id;
            manifest = merged;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, manifest.ToJson());
        File.Move(temporary, path, overwrite: true);
        return id;
    }

    /// <summary>The manifest stored under <paramref name="id"/>, or null when absent or not matching its id.</summary>
    public EnvironmentManifest? TryGetEnvironment(string id)
    {
        var path = EnvironmentPath(id);
        if (id.Length == 0 || !File.Exists(path)) return null;
        try
        {
            var manifest = EnvironmentManifest.FromJson(File.ReadAllText(path));
            return manifest.Id == id ? manifest : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Every intact record in the store.</summary>
    public IEnumerable<RunRecord> All()
    {
        if (!Directory.Exists(RunsDirectory)) yield break;
        foreach (var file in Directory.EnumerateFiles(RunsDirectory, "*.json", SearchOption.AllDirectories))
        {
            var record = TryGet(Path.GetFileNameWithoutExtension(file));
            if (record is not null) yield return record;
        }
    }

    void Quarantine(string path, string reason, Action<string>? report)
    {
        var damaged = Path.Combine(Root, "damaged");
        Directory.CreateDirectory(damaged);
        var target = Path.Combine(damaged, $"{Path.GetFileName(path)}.{DateTime.UtcNow:yyyyMMddHHmmssfff}");
        try
        {
            File.Move(path, target, overwrite: true);
        }
        catch (IOException)
        {
            // Another process moved it first: the damage is reported once there.
            return;
        }
        report?.Invoke($"run record {Path.GetFileName(path)} is {reason}: moved to {target}; the run will be trained again");
    }

    /// <summary>
    /// The store location when REPROSPEC_STORE is unset (SessionSettings.Store): <c>.reprospec/store</c> in the
    /// <see cref="WorkspaceRoot"/> of a test assembly in <paramref name="start"/> (the git root, else the claims project's directory).
    /// </summary>
    public static string DefaultRoot(string start, System.Reflection.Assembly? claims = null)
    {
        return Path.Combine(WorkspaceRoot.Of(start, claims), ".reprospec", "store");
    }
}

using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace ReproSpec.Torch.Data;

/// <summary>One vendored data file and its published SHA-256 (data/PROVENANCE.md).</summary>
public sealed record DataFile(string FileName, string Sha256)
{
    /// <summary>SHA-256 of each file read so far, by path, with the size and modification time it had then.</summary>
    static readonly ConcurrentDictionary<string, (long Length, DateTime Modified, string Sha256)> Hashes = new(StringComparer.Ordinal);

    /// <summary>Reads the file and checks its hash, so parsing never sees bytes other than the ones verified.</summary>
    public byte[] ReadVerified(DataDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var path = Path.Combine(directory.Path, FileName);
        var info = Existing(path, directory);
        var bytes = Read(path);
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Hashes[path] = (info.Length, info.LastWriteTimeUtc, actual);
        Check(path, directory, actual);
        return bytes;
    }

    /// <summary>
    /// The SHA-256 of the bytes on disk, checked against the published one before anything trains: the run key's
    /// data fingerprint. Hashed once per path, size and modification time, so a warm run does not read the data again.
    /// </summary>
    /// <exception cref="DataFileException">The file is missing, unreadable, or its bytes are not the published ones.</exception>
    public string VerifiedSha256(DataDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var path = Path.Combine(directory.Path, FileName);
        var info = Existing(path, directory);
        string actual;
        if (Hashes.TryGetValue(path, out var known) && known.Length == info.Length && known.Modified == info.LastWriteTimeUtc)
        {
            actual = known.Sha256;
        }
        else
        {
            actual = Convert.ToHexStringLower(SHA256.HashData(Read(path)));
            Hashes[path] = (info.Length, info.LastWriteTimeUtc, actual);
        }
        Check(path, directory, actual);
        return actual;
    }

    FileInfo Existing(string path, DataDirectory directory)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new DataFileException(
                $"Data file '{FileName}' not found: looked for {path} (data folder {directory.Origin}). " +
                $"Build a project that references ReproSpec.Torch so data/ is copied next to it, " +
                $"or set {DataDirectory.EnvironmentVariable} to a folder holding '{FileName}' (the repository's data/ folder has it, with its SHA-256 in PROVENANCE.md).",
                path, Sha256);
        return info;
    }

    byte[] Read(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException($"Data file '{FileName}' at {path} could not be read: {e.Message}", path, Sha256, null, e);
        }
    }

    void Check(string path, DataDirectory directory, string actual)
    {
        if (!string.Equals(actual, Sha256, StringComparison.Ordinal))
            throw new DataFileException(
                $"Data file '{FileName}' at {path} (data folder {directory.Origin}) has SHA-256 {actual}, expected {Sha256}. " +
                $"The file was altered, truncated or replaced; results computed from it would not be comparable. " +
                $"Restore the original (the repository's data/ folder or the ReproSpec.Torch package), or point {DataDirectory.EnvironmentVariable} at a folder holding it.",
                path, Sha256, actual);
    }
}

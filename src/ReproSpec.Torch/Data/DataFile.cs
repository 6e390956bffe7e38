using System.Security.Cryptography;

namespace ReproSpec.Torch.Data;

/// <summary>One vendored data file and its published SHA-256 (data/PROVENANCE.md).</summary>
public sealed record DataFile(string FileName, string Sha256)
{
    /// <summary>Reads the file and checks its hash, so parsing never sees bytes other than the ones verified.</summary>
    public byte[] ReadVerified(DataDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var path = Path.Combine(directory.Path, FileName);
        if (!File.Exists(path))
            throw new DataFileException(
                $"Data file '{FileName}' not found: looked for {path} (data folder {directory.Origin}). " +
                $"Build a project that references ReproSpec.Torch so data/ is copied next to it, " +
                $"or set {DataDirectory.EnvironmentVariable} to a folder holding '{FileName}' (the repository's data/ folder has it, with its SHA-256 in PROVENANCE.md).",
                path, Sha256);

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException($"Data file '{FileName}' at {path} could not be read: {e.Message}", path, Sha256, null, e);
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, Sha256, StringComparison.Ordinal))
            throw new DataFileException(
                $"Data file '{FileName}' at {path} (data folder {directory.Origin}) has SHA-256 {actual}, expected {Sha256}. " +
                $"The file was altered, truncated or replaced; results computed from it would not be comparable. " +
                $"Restore the original (the repository's data/ folder or the ReproSpec.Torch package), or point {DataDirectory.EnvironmentVariable} at a folder holding it.",
                path, Sha256, actual);
        return bytes;
    }
}

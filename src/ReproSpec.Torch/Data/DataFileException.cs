namespace ReproSpec.Torch.Data;

/// <summary>A vendored data file is missing, altered or unreadable; the message says which file and how to fix it.</summary>
public sealed class DataFileException : IOException
{
    public DataFileException(string message, string filePath, string? expectedSha256 = null, string? actualSha256 = null, Exception? inner = null)
        : base(message, inner)
    {
        FilePath = filePath;
        ExpectedSha256 = expectedSha256;
        ActualSha256 = actualSha256;
    }

    public DataFileException() : this("A ReproSpec data file could not be used.", "") { }

    public DataFileException(string message) : this(message, "") { }

    public DataFileException(string message, Exception inner) : this(message, "", null, null, inner) { }

    public string FilePath { get; }
    public string? ExpectedSha256 { get; }

    /// <summary>The hash found on disk, when the file exists.</summary>
    public string? ActualSha256 { get; }
}

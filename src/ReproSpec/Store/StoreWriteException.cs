namespace ReproSpec.Store;

/// <summary>The run store could not be written: one line saying where, why and what to do.</summary>
public sealed class StoreWriteException : IOException
{
    public StoreWriteException() : base("the run store cannot be written.") { }

    public StoreWriteException(string message) : base(message) { }

    public StoreWriteException(string message, Exception inner) : base(message, inner) { }

    /// <summary>The store's root folder.</summary>
    public string Root { get; private init; } = "";

    /// <summary>The failure to write into the store at <paramref name="root"/>, worded for the user.</summary>
    public static StoreWriteException For(string root, Exception cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return new($"the run store {root} cannot be written ({Why(root, cause)}: {cause.Message.ReplaceLineEndings(" ")}); runs stored before are kept, " +
                   "this run's result is used but not stored. Free space, make the folder writable, or point REPROSPEC_STORE elsewhere.", cause)
        {
            Root = root,
        };
    }

    static string Why(string root, Exception cause) => cause switch
    {
        UnauthorizedAccessException => "read-only or not permitted",
        DirectoryNotFoundException => "its folder was deleted",
        _ when root.Length > 0 && !Directory.Exists(root) => "its folder was deleted",
        // ENOSPC (28) on Unix, ERROR_DISK_FULL (112) on Windows.
        IOException io when (io.HResult & 0xFFFF) is 28 or 112 => "disk full",
        _ => "write failed",
    };
}

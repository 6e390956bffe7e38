namespace ReproSpec.Torch.Data;

/// <summary>The folder data files are read from, and where that choice came from (for error messages).</summary>
public sealed record DataDirectory(string Path, string Origin)
{
    /// <summary>Environment variable naming another folder that holds the data files.</summary>
    public const string EnvironmentVariable = "REPROSPEC_DATA";

    /// <summary>REPROSPEC_DATA when set, else the data/ folder that building against ReproSpec.Torch copies next to it.</summary>
    /// <remarks>
    /// The folder beside ReproSpec.Torch.dll comes first: it is the claims project's build output under dotnet test,
    /// reprospec plan/run (which load the claims from there) and workers alike, where AppContext.BaseDirectory is the
    /// command line's own folder under reprospec. Users' own files go through <see cref="ReproSpec.Experiments.ProjectFiles"/>.
    /// </remarks>
    public static DataDirectory Current() =>
        Resolve(Environment.GetEnvironmentVariable(EnvironmentVariable),
            [System.IO.Path.Combine(System.IO.Path.GetDirectoryName(typeof(DataDirectory).Assembly.Location) ?? AppContext.BaseDirectory, "data"),
             System.IO.Path.Combine(AppContext.BaseDirectory, "data")]);

    internal static DataDirectory Resolve(string? fromEnvironment, IReadOnlyList<string> besideApplication)
    {
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            var path = System.IO.Path.GetFullPath(fromEnvironment);
            if (!Directory.Exists(path))
                throw new DataFileException(
                    $"{EnvironmentVariable} is set to '{fromEnvironment}', but no folder exists there. " +
                    $"Point {EnvironmentVariable} at a folder holding ReproSpec's data files (the repository's data/ folder), or unset it to use the data/ folder in the build output.",
                    path);
            return new DataDirectory(path, $"from {EnvironmentVariable}");
        }
        // Test hosts and some app models run with a base directory other than the assembly's folder: try both.
        var found = besideApplication.FirstOrDefault(Directory.Exists) ?? besideApplication[0];
        return new DataDirectory(System.IO.Path.GetFullPath(found), "in the build output");
    }
}

using System.Text.Json;

namespace ReproSpec.Tests.Statistics;

/// <summary>Frozen reference values from tests/reference/generate_reference_b.py (numpy/scipy, never ReproSpec).</summary>
static class ReferenceB
{
    static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "reference", "statistics_reference_b.json"))));

    public static JsonElement Section(string name) => Document.Value.RootElement.GetProperty(name);

    public static double[] Doubles(this JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    /// <summary>A file of the source tree, e.g. RepositoryFile("docs", "calibration.md").</summary>
    public static string RepositoryFile(params string[] parts) => Path.Combine([RepositoryRoot(), .. parts]);

    static string RepositoryRoot()
    {
        // The test assembly runs from bin/<config>/<tfm>; the reference file lives in the source tree.
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ReproSpec.sln")))
                return dir.FullName;
        throw new InvalidOperationException("ReproSpec.sln not found above the test directory; run the tests from a checkout.");
    }
}

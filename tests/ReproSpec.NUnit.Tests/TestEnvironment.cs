namespace ReproSpec.NUnit.Tests;

/// <summary>
/// Keeps the in-process fixture runs from touching the repository: reports go to a temporary directory, no
/// diff tool opens, and snapshot checks are off except in <see cref="SnapshotTests"/>, which turns them on.
/// </summary>
[SetUpFixture]
public class TestEnvironment
{
    public static string Reports { get; private set; } = "";

    [OneTimeSetUp]
    public void Isolate()
    {
        Reports = Path.Combine(Path.GetTempPath(), "reprospec-reports-" + Guid.NewGuid().ToString("N"));
        Environment.SetEnvironmentVariable("REPROSPEC_REPORTS", Reports);
        Environment.SetEnvironmentVariable("REPROSPEC_NO_DIFFTOOL", "1");
        Environment.SetEnvironmentVariable("REPROSPEC_SNAPSHOTS", "0");
    }

    [OneTimeTearDown]
    public void Clean()
    {
        if (Directory.Exists(Reports)) Directory.Delete(Reports, recursive: true);
    }
}

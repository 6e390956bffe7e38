namespace ReproSpec.NUnit.Tests;

/// <summary>
/// Keeps the in-process fixture runs from touching the repository: runs go to a temporary store and reports to a
/// temporary directory, no diff tool opens, and snapshot checks are off except in <see cref="SnapshotTests"/>,
/// which turns them on.
/// </summary>
/// <remarks>
/// One store for the whole assembly: each fixture run (<see cref="FixtureRunner"/>) starts a claim session that reads
/// REPROSPEC_STORE when it starts, so every fixture run reads the runs the earlier ones stored, and the one store is
/// removed at the end.
/// </remarks>
[SetUpFixture]
public class TestEnvironment
{
    public static string Reports { get; private set; } = "";

    /// <summary>The store of every in-process fixture run of this assembly.</summary>
    public static string Store { get; private set; } = "";

    [OneTimeSetUp]
    public void Isolate()
    {
        Store = Path.Combine(Path.GetTempPath(), "reprospec-nunit-store-" + Guid.NewGuid().ToString("N"));
        Environment.SetEnvironmentVariable("REPROSPEC_STORE", Store);
        Reports = Path.Combine(Path.GetTempPath(), "reprospec-reports-" + Guid.NewGuid().ToString("N"));
        Environment.SetEnvironmentVariable("REPROSPEC_REPORTS", Reports);
        Environment.SetEnvironmentVariable("REPROSPEC_NO_DIFFTOOL", "1");
        Environment.SetEnvironmentVariable("REPROSPEC_SNAPSHOTS", "0");
    }

    [OneTimeTearDown]
    public void Clean()
    {
        foreach (var directory in new[] { Store, Reports })
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}

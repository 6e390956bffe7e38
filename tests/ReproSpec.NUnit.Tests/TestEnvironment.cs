namespace ReproSpec.NUnit.Tests;

/// <summary>
/// Keeps the in-process fixture runs from touching the repository: runs go to a temporary store and reports to a
/// temporary directory, no diff tool opens, and snapshot checks are off except in <see cref="SnapshotTests"/>,
/// which turns them on.
/// </summary>
/// <remarks>
/// One store for the whole assembly: the claim runtime is one per process (ClaimRuntime.Shared) and reads
/// REPROSPEC_STORE once, when the first fixture run starts it. A store set by each fixture would be ignored by
/// all but the first, and deleting that first one left it to be created again by the next fixture's runs, never
/// to be removed.
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

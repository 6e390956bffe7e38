using DiffEngine;
using NUnit.Framework;
using ReproSpec.Plots;
using ReproSpec.Sessions;

namespace ReproSpec.NUnit;

/// <summary>
/// The one claim session a test run shares: every claim of every fixture asks it for runs, so two claims over the
/// same experiment and seed never train it twice, and the run summary counts every claim. What NUnit lends it:
/// its progress stream, the runsettings parameter ReproSpecStrict, plots and the diff tool.
/// </summary>
static class ClaimRuntime
{
    static readonly Lock gate = new();
    static ClaimSession? current;

    static ClaimRuntime()
    {
        // Worker processes end when their stdin closes, but a test host that exits normally says so first.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            lock (gate) current?.Dispose();
        };
    }

    /// <summary>This test run's session, started (settings read from the environment) by the first claim that asks.</summary>
    public static ClaimSession Shared
    {
        get
        {
            lock (gate) return current ??= Start();
        }
    }

    /// <summary>Whether any claim of this test run has asked for the session yet.</summary>
    public static bool IsStarted
    {
        get
        {
            lock (gate) return current is not null;
        }
    }

    /// <summary>
    /// Ends this test run's session: the next claim starts a new one, with the settings the environment gives then.
    /// For a process that runs several test runs of claims one after another (NUnit's in-process runs of test data,
    /// as ReproSpec.NUnit.Tests' FixtureRunner does); `dotnet test` runs one per process.
    /// </summary>
    internal static void Restart()
    {
        lock (gate)
        {
            current?.Dispose();
            current = null;
        }
    }

    static ClaimSession Start()
    {
        var settings = SessionSettings.FromEnvironment();
        settings = settings with { Strict = settings.Strict || SessionSettings.IsTrue(TestContext.Parameters.Get("ReproSpecStrict")) };
        return new ClaimSession(ClaimsAssembly(), settings, new SessionHost
        {
            Log = TestContext.Progress.WriteLine,
            Plot = record => ClaimPlot.Png(record),
            OpenDiff = OpenDiff,
        });
    }

    /// <summary>The test assembly the host was started for: its deps file lists the packages the claims use.</summary>
    static System.Reflection.Assembly? ClaimsAssembly()
    {
        // The host lists its deps files separated by ';' on every OS (splitting on ':' on Linux gave the framework's, so no packages).
        var name = Experiments.ProjectFiles.AppAssemblyName();
        return AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == name);
    }

    static void OpenDiff(string received, string verified)
    {
        if (DiffRunner.Disabled) return;
        try
        {
            DiffRunner.LaunchAsync(received, verified).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            TestContext.Progress.WriteLine($"[reprospec] could not open a diff tool: {e.Message}");
        }
    }
}

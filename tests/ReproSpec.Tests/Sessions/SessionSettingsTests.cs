using ReproSpec.Sessions;

namespace ReproSpec.Tests.Sessions;

public class SessionSettingsTests
{
    static SessionSettings Read(params (string Name, string Value)[] variables) =>
        SessionSettings.FromEnvironment(name => variables.FirstOrDefault(v => v.Name == name).Value);

    [Test]
    public void Nothing_set_gives_the_documented_defaults()
    {
        var settings = Read();
        Assert.That(settings, Is.EqualTo(new SessionSettings()));
        Assert.That((settings.Isolation, settings.Snapshots, settings.Prefetch, settings.Strict, settings.Workers), Is.EqualTo((Isolation.Auto, true, true, false, (int?)null)));
        Assert.That((settings.TrainNever, settings.RunsAtOnce, settings.ThreadsPerRun()), Is.EqualTo((false, (int?)null, 1)));
    }

    [Test]
    public void Every_variable_sets_its_setting()
    {
        var settings = Read(("REPROSPEC_STORE", "/s"), ("REPROSPEC_REPORTS", "/r"), ("REPROSPEC_WORKERS", "3"), ("REPROSPEC_RUN_TIMEOUT", "60"),
            ("REPROSPEC_ISOLATION", "InProcess"), ("REPROSPEC_RETRAIN", "true"), ("REPROSPEC_STRICT", "1"), ("REPROSPEC_SNAPSHOTS", "off"),
            ("REPROSPEC_SNAPSHOTS_DIR", "/snap"), ("CI", "TRUE"), ("REPROSPEC_NO_DIFFTOOL", "1"), ("REPROSPEC_PREFETCH", "false"), ("GITHUB_STEP_SUMMARY", "/sum"),
            ("REPROSPEC_TRAIN", "never"), ("REPROSPEC_PUBLISHED", "/pub"), ("REPROSPEC_LEASE_TIMEOUT", "1.5"), ("REPROSPEC_DEVICE", "cpu"),
            ("REPROSPEC_DATA", "/data"), ("REPROSPEC_SANDBOX", "off"), ("REPROSPEC_DEBUG", "1"));
        Assert.That(settings, Is.EqualTo(new SessionSettings
        {
            Store = "/s", Reports = "/r", Workers = 3, RunTimeout = TimeSpan.FromSeconds(60), Isolation = Isolation.InProcess, Retrain = true, Strict = true,
            Snapshots = false, SnapshotsDirectory = "/snap", Ci = true, NoDiffTool = true, Prefetch = false, StepSummary = "/sum",
            TrainNever = true, Published = "/pub", LeaseTimeout = TimeSpan.FromSeconds(1.5), Device = "cpu", Data = "/data", Sandbox = "off", Debug = true,
        }));
    }

    [Test]
    public void The_documented_table_names_every_setting_once()
    {
        var settings = typeof(SessionSettings).GetProperties(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public).Select(p => p.Name).Where(n => n != "EqualityContract").Order().ToList();
        Assert.That(SessionSettings.Variables.Select(v => v.Setting).Order().ToList(), Is.EqualTo(settings));
        var engineDoc = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "../../../../../docs/engine.md"));
        foreach (var (variable, setting, _) in SessionSettings.Variables)
            Assert.That(engineDoc, Does.Contain($"| `{variable}` | `{setting}` |"), $"docs/engine.md's settings table lacks {variable}");
    }

    [Test]
    public void A_command_flag_for_runs_at_once_keeps_the_threads_per_run_of_the_variable()
    {
        var settings = Read(("REPROSPEC_WORKERS", "1")) with { RunsAtOnce = 4 };
        Assert.That(settings.ThreadsPerRun(), Is.EqualTo(Environment.ProcessorCount), "threads per run are cores / REPROSPEC_WORKERS, whatever --workers says");
        Assert.That(Read(("REPROSPEC_WORKERS", Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture))).ThreadsPerRun(), Is.EqualTo(1));
    }

    [TestCase("REPROSPEC_WORKERS", "two", "REPROSPEC_WORKERS='two' is not a positive whole number")]
    [TestCase("REPROSPEC_WORKERS", "0", "REPROSPEC_WORKERS='0' is not a positive whole number")]
    [TestCase("REPROSPEC_RUN_TIMEOUT", "-5", "REPROSPEC_RUN_TIMEOUT='-5' is not a positive whole number")]
    [TestCase("REPROSPEC_TRAIN", "sometimes", "REPROSPEC_TRAIN='sometimes' is not understood: use auto (default: train what the store lacks) or never")]
    [TestCase("REPROSPEC_LEASE_TIMEOUT", "soon", "REPROSPEC_LEASE_TIMEOUT='soon' is not a positive number of seconds")]
    [TestCase("REPROSPEC_ISOLATION", "threads", "REPROSPEC_ISOLATION='threads' is not understood: use auto (default), process or inprocess.")]
    public void A_malformed_value_names_the_variable_and_the_fix(string variable, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read((variable, value)));
        Assert.That(error!.Message, Does.StartWith(message));
    }
}

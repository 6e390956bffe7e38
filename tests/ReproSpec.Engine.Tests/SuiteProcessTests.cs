using System.Diagnostics;
using ReproSpec.Store;

namespace ReproSpec.Engine.Tests;

/// <summary>Whole suites in child processes against one temporary store: killed, resumed, concurrent.</summary>
public class SuiteProcessTests
{
    const int Seeds = 12;
    string store = "";

    [SetUp]
    public void CreateStore() => store = Directory.CreateTempSubdirectory("reprospec-suite-").FullName;

    [TearDown]
    public void DeleteStore() => Directory.Delete(store, recursive: true);

    int RecordFiles() => Directory.Exists(Path.Combine(store, "runs"))
        ? Directory.EnumerateFiles(Path.Combine(store, "runs"), "*.json", SearchOption.AllDirectories).Count()
        : 0;

    [Test]
    public void A_suite_killed_with_SIGKILL_resumes_training_only_the_missing_runs()
    {
        using (var suite = Child.Start("suite", store, Seeds.ToString(System.Globalization.CultureInfo.InvariantCulture), "2", "400"))
        {
            var clock = Stopwatch.StartNew();
            while (RecordFiles() < 3 && clock.Elapsed < TimeSpan.FromSeconds(60) && !suite.HasExited) Thread.Sleep(20);
            Assert.That(suite.HasExited, Is.False, "the suite finished before it could be killed");
            suite.Kill(entireProcessTree: true); // SIGKILL on Unix: no finally blocks, no flush.
            suite.WaitForExit();
        }
        var survived = RecordFiles();
        Assert.That(survived, Is.InRange(3, Seeds - 1));

        var (trained, cached) = Child.Counters(Child.Run("suite", store, Seeds.ToString(System.Globalization.CultureInfo.InvariantCulture), "2", "400"));
        Assert.Multiple(() =>
        {
            Assert.That(cached, Is.EqualTo(survived));
            Assert.That(trained, Is.EqualTo(Seeds - survived));
            Assert.That(Directory.Exists(Path.Combine(store, "damaged")), Is.False);
        });
        // And a warm re-run trains nothing; a changed parameter (another run time) trains all again.
        Assert.That(Child.Counters(Child.Run("suite", store, "12", "2", "400")), Is.EqualTo((0, Seeds)));
        Assert.That(Child.Counters(Child.Run("suite", store, "12", "2", "10")), Is.EqualTo((Seeds, 0)));
    }

    [Test]
    public void Two_suites_on_one_store_at_once_both_finish_with_intact_records()
    {
        using var a = Child.Start("suite", store, "12", "2", "100");
        using var b = Child.Start("suite", store, "12", "2", "100");
        var outputs = new[] { a, b }.Select(p => (Out: p.StandardOutput.ReadToEndAsync(), Err: p.StandardError.ReadToEndAsync())).ToArray();
        Assert.That(a.WaitForExit(120_000) && b.WaitForExit(120_000), Is.True, "suites did not finish");
        Assert.That(new[] { a.ExitCode, b.ExitCode }, Is.All.Zero, () => outputs[0].Err.Result + outputs[1].Err.Result);

        var counters = outputs.Select(o => Child.Counters(o.Out.Result)).ToArray();
        var runStore = new RunStore(store);
        var damage = new List<string>();
        var records = Program.Suite(Seeds, 100).Select(r => runStore.TryGet(r.Key, damage.Add)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(counters.Select(c => c.Trained + c.Cached), Is.All.EqualTo(Seeds));
            Assert.That(counters.Sum(c => c.Trained), Is.InRange(Seeds, 2 * Seeds));
            Assert.That(records, Has.None.Null);
            Assert.That(records.Select(r => r!.Metrics["score"]), Is.EqualTo(Enumerable.Range(0, Seeds).Select(s => (double)s)));
            Assert.That(damage, Is.Empty);
            Assert.That(Directory.EnumerateFiles(store, "*.tmp", SearchOption.AllDirectories), Is.Empty);
        });
    }
}

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
    public void Two_suites_on_one_store_at_once_train_each_run_once_and_leave_intact_records()
    {
        using var a = Child.Start("suite", store, "12", "2", "100");
        using var b = Child.Start("suite", store, "12", "2", "100");
        var outputs = new[] { a, b }.Select(p => (Out: p.StandardOutput.ReadToEndAsync(), Err: p.StandardError.ReadToEndAsync())).ToArray();
        Assert.That(a.WaitForExit(120_000) && b.WaitForExit(120_000), Is.True, "suites did not finish");
        Assert.That(new[] { a.ExitCode, b.ExitCode }, Is.All.Zero, () => outputs[0].Err.Result + outputs[1].Err.Result);

        var counters = outputs.Select(o => Child.Counters(o.Out.Result)).ToArray();
        var trainedKeys = outputs.SelectMany(o => Child.TrainedKeys(o.Out.Result)).ToList();
        var runStore = new RunStore(store);
        var damage = new List<string>();
        var records = Program.Suite(Seeds, 100).Select(r => runStore.TryGet(r.Key, damage.Add)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(counters.Select(c => c.Trained + c.Cached), Is.All.EqualTo(Seeds));
            // The leases: every run trained by exactly one of the two processes; the other read it from the store.
            Assert.That(trainedKeys, Is.Unique, "a run key was trained by both processes");
            Assert.That(trainedKeys, Is.EquivalentTo(Program.Suite(Seeds, 100).Select(r => r.Key)));
            Assert.That(counters.Sum(c => c.Trained), Is.EqualTo(Seeds));
            Assert.That(records, Has.None.Null);
            Assert.That(records.Select(r => r!.Metrics["score"]), Is.EqualTo(Enumerable.Range(0, Seeds).Select(s => (double)s)));
            Assert.That(damage, Is.Empty);
            Assert.That(Directory.EnumerateFiles(store, "*.tmp", SearchOption.AllDirectories), Is.Empty);
            Assert.That(Directory.EnumerateFiles(store, "*.lease*", SearchOption.AllDirectories), Is.Empty, "leases left behind");
        });
    }

    [Test]
    public void A_suite_takes_over_the_lease_of_a_killed_suite_at_once()
    {
        var leases = Path.Combine(store, "leases");
        var firstKey = Program.Suite(2, 4000)[0].Key;
        using (var owner = Child.Start("suite", store, "2", "1", "4000"))
        {
            // Killed once its lease names it: a kill between creating the file and writing it is the next test's case.
            var clock = Stopwatch.StartNew();
            while (!(new RunLeases(store).Holder(firstKey) is { Pid: > 0 }) && clock.Elapsed < TimeSpan.FromSeconds(60) && !owner.HasExited)
                Thread.Sleep(20);
            Assert.That(owner.HasExited, Is.False, "the owner finished before it could be killed");
            owner.Kill(entireProcessTree: true);
            owner.WaitForExit();
        }
        Assert.That(Directory.EnumerateFiles(leases, "*.lease"), Has.Exactly(1).Items, "the killed owner's lease should still be there");
        Assert.That(RecordFiles(), Is.Zero);

        // A heartbeat timeout of 10 minutes: only the dead-pid check can let the second suite in within the test's time.
        using var next = Child.Start(new Dictionary<string, string> { ["REPROSPEC_LEASE_TIMEOUT"] = "600" }, "suite", store, "2", "1", "4000");
        var (output, error) = (next.StandardOutput.ReadToEndAsync(), next.StandardError.ReadToEndAsync());
        Assert.That(next.WaitForExit(60_000), Is.True, "the second suite waited on the dead owner's lease");
        Assert.Multiple(() =>
        {
            Assert.That(next.ExitCode, Is.Zero, () => error.Result);
            Assert.That(Child.Counters(output.Result), Is.EqualTo((2, 0)));
            Assert.That(error.Result, Does.Contain("took over the lease").And.Contain("is gone"));
            Assert.That(RecordFiles(), Is.EqualTo(2));
            Assert.That(Directory.EnumerateFiles(leases), Is.Empty);
        });
    }

    [Test]
    public void A_suite_takes_over_a_lease_its_holder_died_before_writing()
    {
        // A holder killed between creating its lease file (O_EXCL) and writing who it is leaves an empty file: no pid
        // to check, no heartbeat. With a 10-minute heartbeat timeout only the short grace for unwritten leases lets
        // the suite in within the test's time.
        var leases = Path.Combine(store, "leases");
        Directory.CreateDirectory(leases);
        var key = Program.Suite(1, 100)[0].Key;
        File.WriteAllText(Path.Combine(leases, key + ".lease"), "");

        using var next = Child.Start(new Dictionary<string, string> { ["REPROSPEC_LEASE_TIMEOUT"] = "600" }, "suite", store, "1", "1", "100");
        var (output, error) = (next.StandardOutput.ReadToEndAsync(), next.StandardError.ReadToEndAsync());
        Assert.That(next.WaitForExit(120_000), Is.True, "the suite waited on a lease file nobody had written");
        Assert.Multiple(() =>
        {
            Assert.That(next.ExitCode, Is.Zero, () => error.Result);
            Assert.That(Child.Counters(output.Result), Is.EqualTo((1, 0)));
            Assert.That(error.Result, Does.Contain("took over").And.Contain("unwritten"));
            Assert.That(RecordFiles(), Is.EqualTo(1));
            Assert.That(Directory.EnumerateFiles(leases), Is.Empty);
        });
    }
}

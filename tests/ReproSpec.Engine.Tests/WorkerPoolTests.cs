using System.Diagnostics;
using ReproSpec.Execution;
using ReproSpec.Planning;
using ReproSpec.Store;

namespace ReproSpec.Engine.Tests;

public class WorkerPoolTests
{
    static readonly int[] Seeds = [0, 1, 2, 3, 4, 5];

    static async Task<RunRecord[]> RunAll(IRunExecutor executor, IEnumerable<RunRequest> requests) =>
        await Task.WhenAll(requests.Select(r => executor.ExecuteAsync(r, CancellationToken.None)));

    static RunRequest[] Requests(Claims.Experiment experiment) => Seeds.Select(s => new RunRequest(experiment, s, [])).ToArray();

    [Test]
    public async Task A_seed_gives_the_same_metrics_with_one_and_two_worker_processes()
    {
        var requests = Requests(new GlobalGenerator());
        using var one = new WorkerPoolExecutor(1, 1);
        using var two = new WorkerPoolExecutor(2, 1);
        var byOne = await RunAll(one, requests);
        var byTwo = await RunAll(two, requests);
        var alone = requests.Select(r => RunOnce.Execute(r, 1, "", CancellationToken.None)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(byOne.Select(r => r.Status), Is.All.EqualTo(RunStatus.Succeeded), () => string.Join("\n", byOne.Select(r => r.Error)));
            Assert.That(byTwo.Select(r => r.Metrics["score"]), Is.EqualTo(byOne.Select(r => r.Metrics["score"])));
            Assert.That(byOne.Select(r => r.Metrics["score"]), Is.EqualTo(alone.Select(r => r.Metrics["score"])));
            // The runs really happened elsewhere, in two processes side by side.
            Assert.That(byTwo.Select(r => r.Metrics["pid"]).Distinct().Count(), Is.EqualTo(2));
            Assert.That(byTwo.Select(r => r.Metrics["pid"]), Has.None.EqualTo(Environment.ProcessId));
            Assert.That(two.ProcessesStarted, Is.EqualTo(2));
        });
    }

    [Test]
    public void The_same_runs_on_threads_of_one_process_race_on_the_global_generator()
    {
        // Why workers exist: without them a seed no longer determines the result.
        var requests = Requests(new GlobalGenerator());
        var alone = requests.Select(r => RunOnce.Execute(r, 1, "", CancellationToken.None).Metrics["score"]).ToArray();
        var sideBySide = new double[requests.Length];
        // All start together: on a busy machine threads started one by one could each finish before the next begins.
        using var start = new Barrier(requests.Length);
        var threads = requests.Select((r, i) => new Thread(() =>
        {
            start.SignalAndWait();
            sideBySide[i] = RunOnce.Execute(r, 1, "", CancellationToken.None).Metrics["score"];
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.That(sideBySide, Is.Not.EqualTo(alone));
    }

    [Test]
    public async Task A_worker_that_dies_mid_run_fails_that_run_only()
    {
        using var pool = new WorkerPoolExecutor(2, 1);
        var records = await RunAll(pool, Requests(new ExitsOnSeed(2)));
        Assert.Multiple(() =>
        {
            Assert.That(records[2].Status, Is.EqualTo(RunStatus.Failed));
            Assert.That(records[2].Error, Does.Contain("exit code 3").And.Contain("simulated native crash"));
            Assert.That(records.Where(r => r.Seed != 2).Select(r => r.Status), Is.All.EqualTo(RunStatus.Succeeded));
            Assert.That(records.Where(r => r.Seed != 2).Select(r => r.Metrics["score"]), Is.EqualTo(new[] { 0.0, 1, 3, 4, 5 }));
        });
    }

    [Test]
    public async Task Workers_run_without_background_jit_and_gc_threads_that_would_steal_the_other_workers_core()
    {
        using var pool = new WorkerPoolExecutor(1, 1);
        var record = await pool.ExecuteAsync(new RunRequest(new ReadsRuntimeSettings(), 0, []), CancellationToken.None);
        Assert.That(record.Metrics, Is.EquivalentTo(new Dictionary<string, double> { ["tiered_compilation_off"] = 1, ["concurrent_gc_off"] = 1 }), record.Error);
    }

    [Test]
    public async Task A_dead_worker_is_replaced_for_the_next_run()
    {
        using var pool = new WorkerPoolExecutor(1, 1);
        var crashed = await pool.ExecuteAsync(new RunRequest(new ExitsOnSeed(0), 0, []), CancellationToken.None);
        var next = await pool.ExecuteAsync(new RunRequest(new ExitsOnSeed(0), 1, []), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That((crashed.Status, next.Status), Is.EqualTo((RunStatus.Failed, RunStatus.Succeeded)));
            Assert.That(pool.ProcessesStarted, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_run_over_the_timeout_is_killed_and_recorded_failed()
    {
        // 10 s: the replacement worker's start-up counts against the timeout of the next run (0.5-0.75 s at load 10 on
        // 2 cores), and CI machines are busier. The slow run would sleep 10 min: killed at the timeout it ends long before.
        using var pool = new WorkerPoolExecutor(1, 1, runTimeout: TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();
        var slow = await pool.ExecuteAsync(new RunRequest(new Sleeps(600_000), 0, []), CancellationToken.None);
        var took = clock.Elapsed;
        var next = await pool.ExecuteAsync(new RunRequest(new Sleeps(10), 1, []), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(slow.Status, Is.EqualTo(RunStatus.Failed));
            Assert.That(slow.Error, Does.StartWith("timed out after 10 s"));
            Assert.That(took, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(10)).And.LessThan(TimeSpan.FromMinutes(5)), "killed at the timeout, not when the run ended");
            Assert.That(next.Status, Is.EqualTo(RunStatus.Succeeded));
            Assert.That(pool.ProcessesStarted, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Cancellation_kills_the_worker_and_throws_promptly()
    {
        using var pool = new WorkerPoolExecutor(1, 1);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(1500));
        var clock = Stopwatch.StartNew();
        // The run would sleep 10 min: ending within a minute (typically 2-3 s; the kill waits up to 5 s) is the worker killed.
        Assert.That(async () => await pool.ExecuteAsync(new RunRequest(new Sleeps(600_000), 0, []), cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)));
        var next = await pool.ExecuteAsync(new RunRequest(new Sleeps(10), 1, []), CancellationToken.None);
        Assert.That(next.Status, Is.EqualTo(RunStatus.Succeeded));
    }

    [Test]
    public async Task What_an_experiment_prints_cannot_corrupt_the_protocol()
    {
        using var pool = new WorkerPoolExecutor(1, 2);
        var record = await pool.ExecuteAsync(new RunRequest(new Chatty(), 4, []), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(record.Status, Is.EqualTo(RunStatus.Succeeded), record.Error);
            Assert.That(record.Metrics["score"], Is.EqualTo(4));
            Assert.That(record.Metrics["threads"], Is.EqualTo(2));
        });
    }

    [Test]
    public async Task An_experiment_whose_parameters_do_not_round_trip_is_refused_with_the_fix()
    {
        using var pool = new WorkerPoolExecutor(1, 1);
        var record = await pool.ExecuteAsync(new RunRequest(new Lossy(3).WithDepth(5), 0, []), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(record.Status, Is.EqualTo(RunStatus.Failed));
            Assert.That(record.Error, Does.Contain("does not round-trip").And.Contain("REPROSPEC_ISOLATION=inprocess"));
        });
    }

    [Test]
    public void Code_fingerprint_and_run_key_are_the_same_in_another_process()
    {
        var lines = Child.Run("fingerprint").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(lines, Is.EqualTo(new[] { CodeFingerprint.Of(typeof(GlobalGenerator)), new RunRequest(new GlobalGenerator(), 7, []).Key }));
    }

    [Test]
    public void Code_fingerprints_of_types_with_different_IL_differ()
    {
        Assert.That(CodeFingerprint.Of(typeof(ExitsOnSeed)), Is.Not.EqualTo(CodeFingerprint.Of(typeof(Sleeps))));
        Assert.That(RunIdentity.KeyOf(new Sleeps(5), 0, [], "cpu"), Is.Not.EqualTo(RunIdentity.KeyOf(new Sleeps(6), 0, [], "cpu")));
    }
}

using System.Diagnostics;
using System.Text.Json;
using ReproSpec.Execution;
using ReproSpec.Store;
using ReproSpec.Tests.Execution;

namespace ReproSpec.Tests.Store;

/// <summary>Leases between processes sharing a store, with the other process played by a second <see cref="RunLeases"/> of another host name.</summary>
public class RunLeaseTests
{
    string root = "";

    [SetUp]
    public void CreateStore() => root = Directory.CreateTempSubdirectory("reprospec-lease-").FullName;

    [TearDown]
    public void DeleteStore() => Directory.Delete(root, recursive: true);

    static readonly RunRequest Request = new(new Linear(2), 3, []);

    [Test]
    public void Only_one_of_many_takers_gets_a_free_lease()
    {
        var leases = Enumerable.Range(0, 8).Select(i => new RunLeases(root, host: $"node-{i}")).ToList();
        var taken = new RunLease?[leases.Count];
        Parallel.For(0, leases.Count, i => taken[i] = leases[i].TryTake(Request.Key));
        Assert.That(taken.Count(t => t is not null), Is.EqualTo(1));
        foreach (var lease in taken) lease?.Dispose();
        Assert.That(leases[0].Holder(Request.Key), Is.Null, "a disposed lease is deleted");
    }

    [Test]
    public void A_run_leased_by_a_live_process_elsewhere_is_waited_for_not_trained()
    {
        // The other machine heartbeats every 100 ms; this one would take over after 1 s of silence, and waits 2.5 s.
        var remote = new RunLeases(root, staleAfter: TimeSpan.FromSeconds(1), heartbeat: TimeSpan.FromMilliseconds(100), host: "node-a");
        var lease = remote.TryTake(Request.Key);
        Assert.That(lease, Is.Not.Null);
        var executor = new CountingExecutor();
        using var engine = new RunEngine(new RunStore(root, new RunLeases(root, staleAfter: TimeSpan.FromSeconds(1))), executor);
        var waiting = engine.EnsureAsync([Request]);
        Thread.Sleep(2500);
        Assert.That(waiting.IsCompleted, Is.False, "the run was not waited for");
        new RunStore(root).Put(RunOnce.Execute(Request, 1, "", CancellationToken.None));
        lease!.Dispose();
        var batch = waiting.GetAwaiter().GetResult();
        Assert.Multiple(() =>
        {
            Assert.That(executor.Executed, Is.Zero);
            Assert.That((batch.Trained, batch.Cached), Is.EqualTo((0, 1)));
            Assert.That(batch.Records[0].Metrics["score"], Is.EqualTo(6));
        });
    }

    [Test]
    public void A_lease_whose_heartbeat_stopped_is_taken_over_after_the_timeout()
    {
        // A holder on another machine that died: its pid means nothing here, only the silent heartbeat tells.
        var path = Path.Combine(root, "leases", Request.Key + ".lease");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(new LeaseHolder("dead-owner", "node-b", "another-boot", 1, 0, DateTime.UtcNow)));
        var executor = new CountingExecutor();
        var warnings = new List<string>();
        using var engine = new RunEngine(new RunStore(root, new RunLeases(root, staleAfter: TimeSpan.FromSeconds(0.6))), executor, warn: warnings.Add);
        var clock = Stopwatch.StartNew();
        var batch = engine.EnsureAsync([Request]).GetAwaiter().GetResult();
        Assert.Multiple(() =>
        {
            Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.6)), "taken over before the heartbeat timeout");
            Assert.That(executor.Executed, Is.EqualTo(1));
            Assert.That(batch.Trained, Is.EqualTo(1));
            Assert.That(warnings, Has.One.Contains("took over the lease of node-b pid 1").And.Contains("heartbeat unchanged"));
            Assert.That(File.Exists(path), Is.False);
        });
    }

    [Test]
    public void A_lease_of_a_dead_process_on_this_machine_is_taken_over_at_once()
    {
        using var finished = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        finished.WaitForExit();
        var mine = new RunLeases(root);
        var path = Path.Combine(root, "leases", Request.Key + ".lease");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var boot = File.Exists("/proc/sys/kernel/random/boot_id") ? File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim() : "";
        File.WriteAllText(path, JsonSerializer.Serialize(new LeaseHolder("dead-owner", mine.Host, boot, finished.Id, 0, DateTime.UtcNow)));
        var executor = new CountingExecutor();
        var warnings = new List<string>();
        using var engine = new RunEngine(new RunStore(root, new RunLeases(root, staleAfter: TimeSpan.FromMinutes(10))), executor, warn: warnings.Add);
        var batch = engine.EnsureAsync([Request]).WaitAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        Assert.Multiple(() =>
        {
            Assert.That(batch.Trained, Is.EqualTo(1));
            Assert.That(warnings, Has.One.Contains($"pid {finished.Id}").And.Contains("is gone"));
        });
    }
}

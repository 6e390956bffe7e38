using ReproSpec.Execution;
using ReproSpec.Store;
using ReproSpec.Tests.Planning;

namespace ReproSpec.Tests.Store;

public class RunStoreRaceTests
{
    [Test]
    public void Shards_racing_to_store_the_same_run_leave_one_intact_record_and_readers_never_see_half()
    {
        var root = Directory.CreateTempSubdirectory("reprospec-race-").FullName;
        try
        {
            var request = new RunRequest(PlanningFixture.Noisy, 3, []);
            var record = RunOnce.Execute(request, 1, "", CancellationToken.None);
            var damage = new List<string>();
            using var stop = new CancellationTokenSource();
            using var reading = new ManualResetEventSlim();
            var seen = 0;
            // A thread of its own, reading before the writers start: on a busy machine a pool task may not run until they are done.
            var reader = new Thread(() =>
            {
                var store = new RunStore(root);
                reading.Set();
                while (!stop.IsCancellationRequested)
                {
                    if (store.TryGet(request.Key, m => { lock (damage) damage.Add(m); }) is not null) Interlocked.Increment(ref seen);
                }
            });
            reader.Start();
            Assert.That(reading.Wait(TimeSpan.FromMinutes(5)), Is.True, "the reader thread did not start");
            // Each writer is a separate store object, as in separate processes; records differ in their timing fields.
            // Until the reader has seen a record the writers go on writing, so it read while they wrote (not only before).
            Parallel.For(0, 8, w =>
            {
                var store = new RunStore(root);
                for (var i = 0; i < 40 || Volatile.Read(ref seen) == 0 && i < 2_000; i++) store.Put(record with { Seconds = w + i / 100.0 });
            });
            stop.Cancel();
            reader.Join();
            var final = new RunStore(root).TryGet(request.Key);
            Assert.Multiple(() =>
            {
                Assert.That(damage, Is.Empty);
                Assert.That(seen, Is.GreaterThan(0));
                Assert.That(final?.Metrics["score"], Is.EqualTo(record.Metrics["score"]));
                Assert.That(Directory.GetFiles(root, "*.tmp", SearchOption.AllDirectories), Is.Empty);
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

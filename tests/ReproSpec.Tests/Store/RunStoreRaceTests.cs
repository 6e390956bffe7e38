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
            var seen = 0;
            var reader = Task.Run(() =>
            {
                var store = new RunStore(root);
                while (!stop.IsCancellationRequested)
                {
                    if (store.TryGet(request.Key, m => { lock (damage) damage.Add(m); }) is not null) Interlocked.Increment(ref seen);
                }
            });
            // Each writer is a separate store object, as in separate processes; records differ in their timing fields.
            Parallel.For(0, 8, w =>
            {
                var store = new RunStore(root);
                for (var i = 0; i < 40; i++) store.Put(record with { Seconds = w + i / 100.0 });
            });
            stop.Cancel();
            reader.GetAwaiter().GetResult();
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

using ReproSpec.Execution;
using ReproSpec.Store;
using ReproSpec.Tests.Execution;

namespace ReproSpec.Tests.Store;

/// <summary>
/// A store that cannot be written (issue 21): one clear line, no temporary file left behind, runs stored before kept,
/// and the run's result still used by the claim that asked for it.
/// </summary>
public class StoreFaultTests
{
    string root = "";

    [SetUp]
    public void CreateStore() => root = Directory.CreateTempSubdirectory("reprospec-faults-").FullName;

    [TearDown]
    public void DeleteStore() => Directory.Delete(root, recursive: true);

    static RunRecord Record(string key) => new()
    {
        Key = key, Experiment = "Linear", ExperimentType = "Linear", Parameters = "{}", Seed = 0, Status = RunStatus.Succeeded,
        Metrics = new Dictionary<string, double> { ["score"] = 1 },
    };

    [Test]
    public void A_failed_rename_leaves_no_temporary_file_and_says_where_and_what_to_do()
    {
        var store = new RunStore(root);
        var key = new string('a', 64);
        // The record's path taken by a folder: the temporary file is written, the rename onto it fails.
        Directory.CreateDirectory(store.PathOf(key));
        var error = Assert.Throws<StoreWriteException>(() => store.Put(Record(key)));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.StartWith($"the run store {Path.GetFullPath(root)} cannot be written"));
            Assert.That(error.Message, Does.Contain("runs stored before are kept").And.Contain("REPROSPEC_STORE"));
            Assert.That(error.Message, Does.Not.Contain("\n"), "one line");
            Assert.That(Directory.GetFiles(root, "*.tmp", SearchOption.AllDirectories), Is.Empty, "nothing half-written stays");
        });
    }

    [Test]
    public void A_store_whose_folder_cannot_be_created_is_one_line_and_earlier_records_survive()
    {
        var store = new RunStore(root);
        var kept = new string('b', 64);
        store.Put(Record(kept));
        var key = new string('c', 64);
        // A file where the records' shard folder must go: creating it fails as on a read-only or vanished store.
        File.WriteAllText(Path.Combine(root, "runs", "cc"), "not a folder");
        Assert.Multiple(() =>
        {
            Assert.That(() => store.Put(Record(key)), Throws.TypeOf<StoreWriteException>());
            Assert.That(store.TryGet(kept), Is.Not.Null, "a finished run stored before is kept");
            Assert.That(Directory.GetFiles(root, "*.tmp", SearchOption.AllDirectories), Is.Empty);
        });
    }

    [Test]
    public void A_run_whose_record_cannot_be_stored_still_answers_its_claim_and_the_engine_says_so_once()
    {
        var warnings = new List<string>();
        var store = new RunStore(root);
        var requests = Enumerable.Range(0, 3).Select(s => new RunRequest(new Linear(2), s, [])).ToList();
        foreach (var request in requests) Directory.CreateDirectory(store.PathOf(request.Key));
        using var engine = new RunEngine(store, new CountingExecutor(), warn: warnings.Add);
        var batch = engine.EnsureAsync(requests).GetAwaiter().GetResult();
        Assert.Multiple(() =>
        {
            Assert.That(batch.Records.Select(r => r.Metrics["score"]), Is.EqualTo(new[] { 0.0, 2.0, 4.0 }));
            Assert.That(warnings.Count(w => w.Contains("cannot be written", StringComparison.Ordinal)), Is.EqualTo(1), string.Join("\n", warnings));
            Assert.That(Directory.GetFiles(root, "*.tmp", SearchOption.AllDirectories), Is.Empty);
        });
    }
}

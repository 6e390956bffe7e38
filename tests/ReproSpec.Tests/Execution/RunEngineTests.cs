using ReproSpec.Claims;
using ReproSpec.Execution;
using ReproSpec.Provenance;
using ReproSpec.Store;

namespace ReproSpec.Tests.Execution;

public sealed record Linear(double Slope) : Experiment
{
    public override string DataFingerprint => "sha256:iris-abc";

    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", Slope * context.Seed));
}

public sealed record Quadratic(double Slope) : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", Slope * context.Seed * context.Seed));
}

/// <summary>An executor that counts what it is asked to train.</summary>
sealed class CountingExecutor : IRunExecutor
{
    int executed;
    public int Executed => executed;
    public int Workers => 2;

    public Task<RunRecord> ExecuteAsync(RunRequest request, CancellationToken cancellation)
    {
        Interlocked.Increment(ref executed);
        return Task.FromResult(RunOnce.Execute(request, 1, "", cancellation));
    }

    public void Dispose() { }
}

public class RunEngineTests
{
    string root = "";

    [SetUp]
    public void CreateStore() => root = Directory.CreateTempSubdirectory("reprospec-engine-").FullName;

    [TearDown]
    public void DeleteStore() => Directory.Delete(root, recursive: true);

    static List<RunRequest> Suite(double linearSlope) =>
        [.. Enumerable.Range(0, 5).Select(s => new RunRequest(new Linear(linearSlope), s, [])),
         .. Enumerable.Range(0, 5).Select(s => new RunRequest(new Quadratic(1), s, []))];

    (RunBatch Batch, int Executed, int EngineTrained) Run(IReadOnlyList<RunRequest> requests, bool retrain = false, List<string>? warnings = null)
    {
        var executor = new CountingExecutor();
        using var engine = new RunEngine(new RunStore(root), executor, retrain, warnings is null ? null : warnings.Add);
        var batch = engine.EnsureAsync(requests).GetAwaiter().GetResult();
        return (batch, executor.Executed, engine.TrainedTotal);
    }

    [Test]
    public void A_warm_rerun_of_an_unchanged_suite_trains_nothing()
    {
        var cold = Run(Suite(2));
        var warm = Run(Suite(2));
        Assert.Multiple(() =>
        {
            Assert.That((cold.Batch.Trained, cold.Batch.Cached, cold.Executed, cold.EngineTrained), Is.EqualTo((10, 0, 10, 10)));
            Assert.That((warm.Batch.Trained, warm.Batch.Cached, warm.Executed, warm.EngineTrained), Is.EqualTo((0, 10, 0, 0)));
            Assert.That(warm.Batch.Records.Select(r => r.Metrics["score"]), Is.EqualTo(cold.Batch.Records.Select(r => r.Metrics["score"])));
        });
    }

    [Test]
    public void A_changed_parameter_invalidates_exactly_that_experiments_runs()
    {
        Run(Suite(2));
        var changed = Run(Suite(3));
        Assert.Multiple(() =>
        {
            Assert.That((changed.Batch.Trained, changed.Batch.Cached), Is.EqualTo((5, 5)));
            Assert.That(changed.Batch.Records.Take(5).Select(r => r.Metrics["score"]), Is.EqualTo(new[] { 0.0, 3, 6, 9, 12 }));
        });
    }

    [Test]
    public void Retrain_trains_every_run_again()
    {
        Run(Suite(2));
        var forced = Run(Suite(2), retrain: true);
        Assert.That((forced.Batch.Trained, forced.Batch.Cached, forced.Executed), Is.EqualTo((10, 0, 10)));
    }

    [Test]
    public void Requests_for_the_same_run_share_one_execution()
    {
        var request = new RunRequest(new Linear(1), 4, []);
        var shared = Run([request, request with { }, new RunRequest(new Linear(1), 4, [])]);
        Assert.That((shared.Executed, shared.EngineTrained), Is.EqualTo((1, 1)));
    }

    [Test]
    public void A_truncated_record_is_reported_quarantined_and_trained_again()
    {
        var first = Run(Suite(2)).Batch.Records[3];
        var path = Path.Combine(root, "runs", first.Key[..2], first.Key + ".json");
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text[..(text.Length / 2)]);

        var warnings = new List<string>();
        var again = Run(Suite(2), warnings: warnings);
        Assert.Multiple(() =>
        {
            Assert.That((again.Batch.Trained, again.Batch.Cached), Is.EqualTo((1, 9)));
            Assert.That(warnings, Has.Count.EqualTo(1).And.Some.Contains(first.Key).And.Some.Contains("unreadable"));
            Assert.That(Directory.GetFiles(Path.Combine(root, "damaged")), Has.Length.EqualTo(1));
            Assert.That(new RunStore(root).TryGet(first.Key), Is.Not.Null);
        });
    }

    [Test]
    public void A_hand_edited_record_fails_its_checksum_and_is_trained_again()
    {
        var first = Run(Suite(2)).Batch.Records[2];
        var path = Path.Combine(root, "runs", first.Key[..2], first.Key + ".json");
        var text = File.ReadAllText(path);
        Assert.That(text, Does.Contain("\"score\": 4"));
        File.WriteAllText(path, text.Replace("\"score\": 4", "\"score\": 5", StringComparison.Ordinal));

        var warnings = new List<string>();
        var again = Run(Suite(2), warnings: warnings);
        Assert.Multiple(() =>
        {
            Assert.That((again.Batch.Trained, again.Batch.Cached), Is.EqualTo((1, 9)));
            Assert.That(warnings, Has.Some.Contains("checksum mismatch"));
            Assert.That(again.Batch.Records[2].Metrics["score"], Is.EqualTo(4));
        });
    }

    [Test]
    public void Trained_records_reference_one_stored_machine_environment_that_lists_every_dataset()
    {
        var manifest = EnvironmentManifest.Capture(typeof(RunEngineTests).Assembly, 2, 1, null);
        var store = new RunStore(root);
        using var engine = new RunEngine(store, new CountingExecutor(), environment: manifest);
        var records = engine.EnsureAsync(Suite(2)).GetAwaiter().GetResult().Records;
        var stored = store.TryGetEnvironment(records[0].Environment);
        Assert.Multiple(() =>
        {
            // The machine environment is the machine's: experiments over other data share it, and its file lists their data.
            Assert.That(records.Select(r => r.Environment).Distinct(), Is.EqualTo(new[] { manifest.Id }));
            Assert.That(stored, Is.Not.Null);
            Assert.That(stored!.Datasets, Is.EqualTo(new Dictionary<string, string> { ["Linear"] = "sha256:iris-abc" }));
        });
    }
}

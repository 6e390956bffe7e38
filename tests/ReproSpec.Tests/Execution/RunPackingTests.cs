using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Execution;
using ReproSpec.Store;

namespace ReproSpec.Tests.Execution;

/// <summary>A run that reports whether all <see cref="RunPackingTests.Crowd"/> runs were running at the same time.</summary>
public sealed record Gathering(string Label) : Experiment
{
    public override string Name => Label;

    public override RunMetrics Run(RunContext context) =>
        RunMetrics.Of(("together", RunPackingTests.Crowd!.SignalAndWait(TimeSpan.FromSeconds(5)) ? 1 : 0));
}

/// <summary>A run that scores its seed, and tells <see cref="RunPackingTests.Order"/> it started.</summary>
public sealed record Tally(string Label, double Offset) : Experiment
{
    public override string Name => Label;

    public override RunMetrics Run(RunContext context)
    {
        RunPackingTests.Order.Enqueue(Label);
        return RunMetrics.Of(("score", Offset + context.Seed % 3));
    }
}

/// <summary>W workers really run W runs at once, and the suite schedule starts the longest chains of looks first.</summary>
[NonParallelizable]
public class RunPackingTests
{
    public static Barrier? Crowd { get; private set; }
    public static readonly System.Collections.Concurrent.ConcurrentQueue<string> Order = new();
    string root = "";

    [SetUp]
    public void CreateStore() => root = Directory.CreateTempSubdirectory("reprospec-packing-").FullName;

    [TearDown]
    public void DeleteStore()
    {
        Crowd?.Dispose();
        Crowd = null;
        Directory.Delete(root, recursive: true);
    }

    [Test]
    public void Thirty_two_in_process_workers_run_thirty_two_blocking_runs_at_once()
    {
        // On the thread pool (minimum = cores, then about a thread a second) the 32 would not all start within 5 s.
        const int Workers = 32;
        Crowd = new Barrier(Workers);
        using var engine = new RunEngine(new RunStore(root), new InProcessExecutor(Workers, 1, environment: ""));
        var requests = Enumerable.Range(0, Workers).Select(seed => new RunRequest(new Gathering("gathering"), seed, [])).ToList();

        var batch = engine.EnsureAsync(requests).GetAwaiter().GetResult();

        Assert.That(batch.Records.Select(r => r.Metrics["together"]), Has.All.EqualTo(1.0), "some runs waited for a thread while their slot was free");
    }

    [Test]
    public void The_schedule_trains_a_sequential_claims_first_look_before_an_earlier_fixed_claim()
    {
        var suite = new[]
        {
            Declare("fixed", new ClaimSettings { MinSeeds = 5, MaxSeeds = 5, Batch = 5, Test = TestKind.Welch }),
            Declare("sequential", new ClaimSettings { MinSeeds = 3, MaxSeeds = 12, Batch = 3, Test = TestKind.Welch }),
        };
        Order.Clear();
        using var engine = new RunEngine(new RunStore(root), new InProcessExecutor(1, 1, environment: ""));
        // One slot, taken by a demanded run until both claims' first looks are queued behind it: 5 + 3 seeds × 2 arms.
        var blocker = engine.EnsureAsync([new RunRequest(new Held("held"), 0, [])]);
        var schedule = SuiteSchedule.Start(engine, suite);
        WaitUntilQueued(engine, (5 + 3) * 2);
        Held.Release();
        blocker.GetAwaiter().GetResult();
        schedule.Completion.GetAwaiter().GetResult();

        var first = Order.Take(6).ToList();
        Assert.That(first, Has.All.StartsWith("sequential"), string.Join(", ", Order));
    }

    /// <summary>
    /// Waits until <paramref name="runs"/> runs wait for a slot of <paramref name="engine"/> (a fixed pause would lose
    /// the race on a busy machine, where planning and queueing the looks can take longer than the pause).
    /// </summary>
    static void WaitUntilQueued(RunEngine engine, int runs)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (engine.RunsWaiting < runs)
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromMinutes(5)), $"only {engine.RunsWaiting} of {runs} runs were queued behind the held run");
            Thread.Sleep(10);
        }
    }

    static (ClaimDeclaration, ClaimSettings) Declare(string name, ClaimSettings settings)
    {
        using var scope = ClaimScope.Open();
        Claim.That(new Arm($"{name} a", new Tally($"{name} a", 1))).Beats(new Arm($"{name} b", new Tally($"{name} b", 0))).On("score");
        return (scope.Build(out _).Single(), settings);
    }
}

/// <summary>A run that waits until the test releases it.</summary>
public sealed record Held(string Label) : Experiment
{
    static readonly ManualResetEventSlim Gate = new();

    public override string Name => Label;

    public static void Release() => Gate.Set();

    public override RunMetrics Run(RunContext context)
    {
        // Released by the test; the guard only ends a run whose test failed before releasing it.
        Gate.Wait(TimeSpan.FromMinutes(5));
        return RunMetrics.Of(("score", 0));
    }
}

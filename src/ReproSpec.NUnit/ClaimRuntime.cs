using System.Collections.Concurrent;
using NUnit.Framework;
using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Execution;
using ReproSpec.Store;

namespace ReproSpec.NUnit;

/// <summary>
/// The one engine a test run shares: every claim of every fixture asks it for runs, so two claims over the
/// same experiment and seed never train it twice, and the run summary counts every claim.
/// </summary>
sealed class ClaimRuntime
{
    static readonly Lazy<ClaimRuntime> shared = new(() => new ClaimRuntime());
    readonly ConcurrentQueue<(string Test, ClaimOutcome? Outcome, string? Error)> decided = new();

    ClaimRuntime()
    {
        var start = Path.GetDirectoryName(typeof(ClaimRuntime).Assembly.Location) ?? Directory.GetCurrentDirectory();
        var store = new RunStore(RunStore.DefaultRoot(start));
        var workers = ReadInt("REPROSPEC_WORKERS") ?? Environment.ProcessorCount;
        var executor = new InProcessExecutor(workers, threadsPerRun: Math.Max(1, Environment.ProcessorCount / workers), environment: "");
        Engine = new RunEngine(store, executor, forceRetrain: IsTrue(Environment.GetEnvironmentVariable("REPROSPEC_RETRAIN")),
            warn: message => TestContext.Progress.WriteLine("[reprospec] " + message));
    }

    public static ClaimRuntime Shared => shared.Value;

    public RunEngine Engine { get; }

    /// <summary>REPROSPEC_STRICT=1, or the runsettings parameter ReproSpecStrict=true: Inconclusive fails.</summary>
    public bool Strict => IsTrue(Environment.GetEnvironmentVariable("REPROSPEC_STRICT")) || IsTrue(TestContext.Parameters.Get("ReproSpecStrict"));

    public ClaimOutcome Decide(ClaimDeclaration claim, ClaimSettings settings, CancellationToken cancellation)
    {
        var decider = new ClaimDecider((requests, token) => Engine.EnsureAsync(requests, new SyncProgress(Report), token));
        return decider.DecideAsync(claim, settings, cancellation).GetAwaiter().GetResult();
    }

    public void Record(string test, ClaimOutcome outcome) => decided.Enqueue((test, outcome, null));

    public void RecordError(string test, ClaimDeclaration claim, string error) => decided.Enqueue((test, null, error));

    public IReadOnlyList<(string Test, ClaimOutcome? Outcome, string? Error)> Decided => decided.ToList();

    static void Report(RunProgress p)
    {
        if (p.Last is null || p.Done == p.Total && p.Trained == 0) return;
        var eta = p.Remaining is { } r ? $", about {r.TotalSeconds:F0} s left" : "";
        TestContext.Progress.WriteLine($"[reprospec] runs {p.Done}/{p.Total} ({p.Cached} from store, {p.Trained} trained{eta}) - {p.Last.Experiment} seed {p.Last.Seed}: {p.Last.Status}");
    }

    static bool IsTrue(string? value) => value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));

    static int? ReadInt(string name) => int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : null;

    /// <summary>Reports on the calling thread: Progress&lt;T&gt; would post to a context NUnit does not pump.</summary>
    sealed class SyncProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}

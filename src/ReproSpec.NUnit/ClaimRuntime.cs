using System.Collections.Concurrent;
using NUnit.Framework;
using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Execution;
using ReproSpec.Provenance;
using ReproSpec.Reports;
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
    readonly ConcurrentDictionary<string, byte> announced = new(StringComparer.Ordinal);

    ClaimRuntime()
    {
        var start = Path.GetDirectoryName(typeof(ClaimRuntime).Assembly.Location) ?? Directory.GetCurrentDirectory();
        var claims = ClaimsAssembly();
        var root = RunStore.DefaultRoot(start, claims);
        var store = new RunStore(root);
        var cores = Environment.ProcessorCount;
        var workers = ReadPositive("REPROSPEC_WORKERS", "a number of parallel runs such as 2") ?? cores;
        var threads = Math.Max(1, cores / workers);
        var timeout = ReadPositive("REPROSPEC_RUN_TIMEOUT", "a number of seconds such as 600") is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var executor = CreateExecutor(Environment.GetEnvironmentVariable("REPROSPEC_ISOLATION"), workers, threads, timeout);
        var environment = EnvironmentManifest.Capture(claims, workers, threads, WorkspaceRoot.GitRoot(start));
        Engine = new RunEngine(store, executor, forceRetrain: IsTrue(Environment.GetEnvironmentVariable("REPROSPEC_RETRAIN")),
            warn: message => TestContext.Progress.WriteLine("[reprospec] " + message), environment: environment)
        {
            TrainNever = TrainSetting() == "never",
            Published = PublishedRuns.Stores(PublishedRuns.DefaultRoot(start, claims)),
        };
        Run = RunInfo.Start(ClaimsAssembly()?.GetName().Name ?? "", store.Root);
        var published = Engine.Published.Count == 0 ? "" : $"; published runs {string.Join(", ", Engine.Published.Select(p => p.Root))}";
        TestContext.Progress.WriteLine($"[reprospec] store {store.Root}{published}; {(Engine.TrainNever ? "decide-only (REPROSPEC_TRAIN=never): nothing is trained" : Describe(executor))}; machine environment {environment.Id} ({environment.Brief()}); run {Run.Id}");
        // Worker processes end when their stdin closes, but a test host that exits normally says so first.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Engine.Dispose();
    }

    /// <summary>REPROSPEC_TRAIN: "auto" (default: train what the store lacks) or "never" (decide-only).</summary>
    static string TrainSetting()
    {
        var value = Environment.GetEnvironmentVariable("REPROSPEC_TRAIN")?.Trim().ToLowerInvariant();
        return value switch
        {
            null or "" or "auto" => "auto",
            "never" or "0" or "false" or "no" => "never",
            _ => throw new InvalidOperationException($"REPROSPEC_TRAIN='{value}' is not understood: use auto (default: train what the store lacks) or never (decide from the store and the published runs only)."),
        };
    }

    /// <summary>
    /// REPROSPEC_ISOLATION: "inprocess" runs everything on threads here; "process" runs everything in worker
    /// processes; unset or "auto" sends experiments that share process state to workers when W &gt; 1.
    /// </summary>
    internal static IRunExecutor CreateExecutor(string? isolation, int workers, int threads, TimeSpan? timeout)
    {
        var mode = string.IsNullOrWhiteSpace(isolation) ? "auto" : isolation.Trim().ToLowerInvariant();
        return mode switch
        {
            "inprocess" => new InProcessExecutor(workers, threads, environment: ""),
            "process" => new WorkerPoolExecutor(workers, threads, runTimeout: timeout),
            "auto" when workers == 1 => new InProcessExecutor(1, threads, environment: ""),
            "auto" => new IsolatingExecutor(new InProcessExecutor(workers, threads, environment: ""), new WorkerPoolExecutor(workers, threads, runTimeout: timeout)),
            _ => throw new InvalidOperationException($"REPROSPEC_ISOLATION='{isolation}' is not understood: use auto (default), process or inprocess."),
        };
    }

    static string Describe(IRunExecutor executor) => executor switch
    {
        IsolatingExecutor => $"{executor.Workers} workers (worker processes for experiments sharing process state, threads otherwise)",
        WorkerPoolExecutor => $"{executor.Workers} worker processes",
        _ => $"{executor.Workers} in-process workers",
    };

    /// <summary>The test assembly the host was started for: its deps file lists the packages the claims use.</summary>
    static System.Reflection.Assembly? ClaimsAssembly()
    {
        // The host lists its deps files separated by ';' on every OS (splitting on ':' on Linux gave the framework's, so no packages).
        var name = Experiments.ProjectFiles.AppAssemblyName();
        return AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == name);
    }

    public static ClaimRuntime Shared => shared.Value;

    /// <summary>Whether any claim of this test run has asked for the runtime yet.</summary>
    public static bool IsStarted => shared.IsValueCreated;

    public RunEngine Engine { get; }

    /// <summary>This test run: its id and store are written into every report file it saves.</summary>
    public RunInfo Run { get; }

    /// <summary>REPROSPEC_STRICT=1, or the runsettings parameter ReproSpecStrict=true: Inconclusive fails.</summary>
    public bool Strict => IsTrue(Environment.GetEnvironmentVariable("REPROSPEC_STRICT")) || IsTrue(TestContext.Parameters.Get("ReproSpecStrict"));

    /// <summary>How to delete the stored records of failed runs so the next `dotnet test` trains them again ("" when none).</summary>
    public string DeleteHint(IReadOnlyList<string> keys) => keys.Count == 0 ? "" :
        " Or delete their records: rm " + string.Join(' ', keys.Select(k => QuoteForShell(Engine.Store.PathOf(k))));

    static string QuoteForShell(string path) => path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$') ? "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'" : path;

    /// <summary>
    /// Decides the claim; its run counts say which runs this test run trained and which it read from the store
    /// (the engine's own account: a run another claim trained earlier in this run counts as trained, not stored).
    /// </summary>
    public ClaimOutcome Decide(ClaimDeclaration claim, ClaimSettings settings, CancellationToken cancellation)
    {
        var fromStore = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        void Progress(RunProgress p)
        {
            if (p.Last is { } record) fromStore[record.Key] = p.LastFromStore;
            Report(p);
        }
        var decider = new ClaimDecider((requests, token) => Engine.EnsureAsync(requests, new SyncProgress(Progress), token));
        var outcome = decider.DecideAsync(claim, settings, cancellation).GetAwaiter().GetResult();
        var keys = outcome.Runs.Select(r => r.Key).Distinct(StringComparer.Ordinal).ToList();
        var trained = keys.Count(k => fromStore.TryGetValue(k, out var stored) && !stored);
        return outcome with { RunsTrained = trained, RunsCached = keys.Count - trained };
    }

    /// <summary>Starts deciding the suite's claims in the background, so idle workers train the next claims' runs (<see cref="SuiteSchedule"/>).</summary>
    public void Schedule(IReadOnlyList<(ClaimDeclaration Claim, ClaimSettings Settings)> claims) => SuiteSchedule.Start(Engine, claims);

    public void Record(string test, ClaimOutcome outcome) => decided.Enqueue((test, outcome, null));

    /// <summary>A claim test that could not be decided; it is counted and listed as badly declared in every report of the run.</summary>
    public void RecordError(string test, string error) => decided.Enqueue((test, null, error));

    public IReadOnlyList<(string Test, ClaimOutcome? Outcome, string? Error)> Decided => decided.ToList();

    void Report(RunProgress p)
    {
        if (p.Last is null) return;
        // A run another claim trained earlier in this test run: it was announced then.
        if (!p.LastFromStore && !announced.TryAdd(p.Last.Key, 0) && p.Done < p.Total) return;
        if (p.LastFromStore)
        {
            // Store reads are instant: one line when a look's runs are all resolved, not one per run.
            if (p.Done == p.Total) TestContext.Progress.WriteLine($"[reprospec] runs {p.Done}/{p.Total}: {p.Cached} from the store, {p.Trained} trained");
            return;
        }
        var eta = p.Remaining is { } r ? $", about {r.TotalSeconds:F0} s left" : "";
        TestContext.Progress.WriteLine($"[reprospec] runs {p.Done}/{p.Total} ({p.Cached} from the store, {p.Trained} trained by this run{eta}) - {p.Last.Experiment} seed {p.Last.Seed}: {p.Last.Status}");
    }

    static bool IsTrue(string? value) => value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));

    static int? ReadPositive(string name, string expected)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0) return value;
        throw new InvalidOperationException($"{name}='{text}' is not a positive whole number: set it to {expected}, or unset it for the default.");
    }

    /// <summary>Reports on the calling thread: Progress&lt;T&gt; would post to a context NUnit does not pump.</summary>
    sealed class SyncProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}

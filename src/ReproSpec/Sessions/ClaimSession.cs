using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Execution;
using ReproSpec.Planning;
using ReproSpec.Provenance;
using ReproSpec.Reports;
using ReproSpec.Snapshots;
using ReproSpec.Store;

namespace ReproSpec.Sessions;

/// <summary>What an adapter lends a session: where its lines go, how a claim is plotted, how a changed snapshot is shown.</summary>
public sealed record SessionHost
{
    /// <summary>One progress or summary line (already prefixed "[reprospec] " where the session prints one).</summary>
    public Action<string> Log { get; init; } = _ => { };

    /// <summary>Draws a claim's plot as PNG; null writes no plots.</summary>
    public Func<ClaimRecord, byte[]>? Plot { get; init; }

    /// <summary>Opens a diff tool on (received, verified); null never does.</summary>
    public Action<string, string>? OpenDiff { get; init; }
}

/// <summary>
/// One run of a claims assembly's claims: declare → pre-register → plan → execute → decide → snapshot → report.
/// `dotnet test` (through the NUnit adapter) and `reprospec plan/run` use the same session, so the same input gives
/// the same run keys, messages and verdicts whichever way it arrives. An adapter only names the test and maps the
/// <see cref="ClaimResult"/> it gets back.
/// </summary>
public sealed partial class ClaimSession : IDisposable
{
    readonly ConcurrentQueue<(string Test, ClaimOutcome? Outcome, string? Error)> decided = new();
    readonly ConcurrentDictionary<string, byte> announced = new(StringComparer.Ordinal);
    readonly Lazy<RunEngine> engine;
    readonly SessionHost host;

    /// <param name="claims">The claims assembly (null: none known, e.g. a test of the engine itself).</param>
    /// <param name="settings">Read once by the caller (<see cref="SessionSettings.FromEnvironment"/>, then its own flags).</param>
    /// <param name="host">The adapter's log, plot and diff tool.</param>
    public ClaimSession(Assembly? claims, SessionSettings settings, SessionHost? host = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Claims = claims;
        Settings = settings;
        this.host = host ?? new SessionHost();
        ClaimsDirectory = claims is { Location.Length: > 0 } ? Path.GetDirectoryName(claims.Location) : null;
        var start = ClaimsDirectory ?? Directory.GetCurrentDirectory();
        var storeRoot = Path.GetFullPath(settings.Store ?? RunStore.DefaultRoot(start, claims));
        Store = new RunStore(storeRoot, new RunLeases(storeRoot, settings.LeaseTimeout));
        ReportsRoot = settings.Reports is { } reports ? Path.GetFullPath(reports) : ReportFiles.DefaultRoot(start, claims);
        Run = RunInfo.Start(claims?.GetName().Name ?? "", Store.Root);
        engine = new Lazy<RunEngine>(() => StartEngine(start));
    }

    public Assembly? Claims { get; }

    /// <summary>The claims assembly's folder: its deps file starts workers, its project holds the data.</summary>
    public string? ClaimsDirectory { get; }

    public SessionSettings Settings { get; }

    public RunStore Store { get; }

    /// <summary>Where claim reports and the suite summary are written.</summary>
    public string ReportsRoot { get; }

    /// <summary>This run: its id and store are written into every report file it saves.</summary>
    public RunInfo Run { get; }

    /// <summary>The engine that trains or reads runs; started (workers, environment manifest) the first time a run is needed.</summary>
    public RunEngine Engine => engine.Value;

    /// <summary>Whether any run has been asked for yet.</summary>
    public bool Started => engine.IsValueCreated;

    /// <summary>Every claim test decided or refused so far, in order.</summary>
    public IReadOnlyList<(string Test, ClaimOutcome? Outcome, string? Error)> Decided => decided.ToList();

    RunEngine StartEngine(string start)
    {
        var cores = Environment.ProcessorCount;
        var workers = Settings.RunsAtOnce ?? Settings.Workers ?? cores;
        // Threads per run are in the keys of experiments that read them: always cores / REPROSPEC_WORKERS, whatever a
        // command's --workers says, so `reprospec run` trains the runs `plan` and `dotnet test` key.
        var threads = Settings.ThreadsPerRun();
        // Claims loaded beside the command line (their own load context) are not this process's application: experiments
        // that share process state (TorchSharp loads native libraries as the claims project's build set up) go to workers then.
        var loadedAside = Claims is not null && AssemblyLoadContext.GetLoadContext(Claims) != AssemblyLoadContext.Default;
        var executor = CreateExecutor(Settings, workers, threads, ClaimsDirectory, loadedAside);
        var environment = EnvironmentManifest.Capture(Claims, workers, threads, WorkspaceRoot.GitRoot(start), Settings.Device);
        var published = Settings.Published is { } folder ? Path.GetFullPath(folder) : PublishedRuns.DefaultRoot(start, Claims);
        var started = new RunEngine(Store, executor, forceRetrain: Settings.Retrain, warn: message => host.Log("[reprospec] " + message), environment: environment)
        {
            TrainNever = Settings.TrainNever,
            Published = PublishedRuns.Stores(published),
        };
        var publishedText = started.Published.Count == 0 ? "" : $"; published runs {string.Join(", ", started.Published.Select(p => p.Root))}";
        host.Log($"[reprospec] store {Store.Root}{publishedText}; {(started.TrainNever ? "decide-only (REPROSPEC_TRAIN=never): nothing is trained" : Describe(executor))}; "
                 + $"machine environment {environment.Id} ({environment.Brief()}); run {Run.Id}");
        return started;
    }

    /// <summary>
    /// The executor <paramref name="settings"/> asks for: worker processes, threads, or each experiment where it must run
    /// (auto: threads when one run trains at a time in the claims project's own process, else <see cref="IsolatingExecutor"/>).
    /// </summary>
    public static IRunExecutor CreateExecutor(SessionSettings settings, int workers, int threads, string? claimsDirectory, bool claimsLoadedAside = false)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Isolation switch
        {
            Isolation.InProcess => new InProcessExecutor(workers, threads, environment: ""),
            Isolation.Process => new WorkerPoolExecutor(workers, threads, runTimeout: settings.RunTimeout, claimsDirectory: claimsDirectory),
            _ when workers == 1 && !claimsLoadedAside => new InProcessExecutor(1, threads, environment: ""),
            _ => new IsolatingExecutor(new InProcessExecutor(workers, threads, environment: ""),
                new WorkerPoolExecutor(workers, threads, runTimeout: settings.RunTimeout, claimsDirectory: claimsDirectory)),
        };
    }

    static string Describe(IRunExecutor executor) => executor switch
    {
        IsolatingExecutor => $"{executor.Workers} workers (worker processes for experiments sharing process state, threads otherwise)",
        WorkerPoolExecutor => $"{executor.Workers} worker processes",
        _ => $"{executor.Workers} in-process workers",
    };

    /// <summary>Each claim's next look against the store alone: decided, missing runs, or badly declared (`reprospec plan`).</summary>
    public Task<RunPlan> PlanAsync(IReadOnlyList<DiscoveredClaim> claims, CancellationToken cancellation = default) =>
        RunPlanner.NextLookAsync(claims, Store, warn: m => host.Log("reprospec: " + m), cancellation);

    /// <summary>Trains (or reads) the runs into the store (`reprospec run`).</summary>
    public Task<RunBatch> TrainAsync(IReadOnlyList<RunRequest> runs, IProgress<RunProgress>? progress, CancellationToken cancellation = default) =>
        Engine.EnsureAsync(runs, progress, cancellation);

    /// <summary>Starts deciding the suite's claims in the background, so idle workers train the next claims' runs (<see cref="SuiteSchedule"/>).</summary>
    public void Prefetch(IReadOnlyList<(ClaimDeclaration Claim, ClaimSettings Settings)> claims)
    {
        if (Settings.Prefetch && claims.Count > 0) SuiteSchedule.Start(Engine, claims);
    }

    /// <summary>
    /// The whole flow for one claim test whose method declared <paramref name="claims"/>: pre-registration check, runs,
    /// decisions, reports, snapshot check. Never throws for a claim that cannot be decided: the result says so.
    /// </summary>
    /// <param name="test">The test as the adapter names it.</param>
    /// <param name="claims">What the claim method declared.</param>
    /// <param name="problems">What its declaration scope found wrong (incomplete declarations).</param>
    /// <param name="settings">The claim's pre-registered settings.</param>
    /// <param name="cancellation">Stops training.</param>
    public ClaimResult Decide(ClaimTest test, IReadOnlyList<ClaimDeclaration> claims, IReadOnlyList<string> problems, ClaimSettings settings, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(settings);
        if (problems.Count > 0 || claims.Count == 0)
        {
            var why = claims.Count == 0 && problems.Count == 0
                ? "the [Claim] method declared no claim: its body must call Claim.That(…) (or Claim.Ranking / Claim.Across)."
                : string.Join(" ", problems);
            return BadDeclaration(test, why);
        }
        // Pre-registration: a design changed after its results were seen is refused before anything trains.
        IReadOnlyList<DesignCheck> designs = [];
        var snapshotSource = Settings.Snapshots ? test.SnapshotSource : null;
        if (snapshotSource is not null)
        {
            (designs, var refusal) = CheckDesigns(snapshotSource, test.Method, claims, claims.Select(c => ClaimDesign.Declared(c, settings)).ToList());
            if (refusal is not null) return Undecided(test, ClaimStatus.Failed, refusal);
        }
        var outcomes = new List<ClaimOutcome>();
        foreach (var (claim, index) in claims.Select((c, i) => (c, i)))
        {
            try
            {
                // What Auto stands for comes from the design check: the test the claim's results were registered under.
                var claimSettings = index < designs.Count && designs[index].Declared.AutoTest is { } auto ? settings with { AutoTest = auto } : settings;
                var outcome = Decide(claim, claimSettings, cancellation);
                outcomes.Add(outcome);
                decided.Enqueue((test.Name, outcome, null));
            }
            catch (ClaimDeclarationException e)
            {
                // Every run of an arm failed: the declaration is fine, the runs are not.
                var label = e.RunsFailed ? "Runs failed: " : BadDeclarationLabel;
                return Undecided(test, ClaimStatus.BadDeclaration, $"{label}{claim.Sentence}: {e.Message}{DeleteHint(e.StoredFailures)}");
            }
            catch (RunsMissingException e)
            {
                var notDecided = $"Not decided: {claim.Sentence}: {e.Message}. Train them where the claim's runs are trained "
                              + $"(`dotnet test --filter \"FullyQualifiedName={test.Name}\"` without REPROSPEC_TRAIN=never, or `reprospec run`), "
                              + "then `reprospec export` and commit the published runs.";
                return Undecided(test, ClaimStatus.Failed, notDecided);
            }
        }
        var (status, message) = Map(outcomes, Settings.Strict, designs);
        var card = snapshotSource is not null ? Card(snapshotSource, test.Method, test.Name, test.ClaimMethod) : null;
        var records = outcomes.Select((o, i) => ClaimRecord.From(o, ReportFiles.ClaimTest(test.Name, i)) with
        {
            Run = Run,
            PreRegistration = i < designs.Count ? PreRegistration.Describe(designs[i]) : null,
            CardPath = card?.Path,
            Card = card?.Text,
        }).ToList();
        var files = records.SelectMany(WriteReports).ToList();
        if (snapshotSource is null) return new ClaimResult(test, status, message, outcomes, files);

        var tolerance = test.Assembly.GetCustomAttributes().OfType<ISnapshotToleranceSource>().FirstOrDefault()?.Tolerance ?? SnapshotTolerance.Default;
        var toleranceProblems = tolerance.Problems().ToList();
        if (toleranceProblems.Count > 0)
            return new ClaimResult(test, ClaimStatus.BadDeclaration, "Bad snapshot tolerance in [assembly: ClaimSuite(…)]: " + string.Join(" ", toleranceProblems), outcomes, files);
        var messages = new[]
        {
            CheckSnapshot(snapshotSource, test.Method, DistributionSnapshot.Of(records, outcomes.Select(ClaimDesign.Of).ToList()), tolerance, designs, out var note),
            CheckOrphans(test.Assembly, snapshotSource),
        }.OfType<string>().ToList();
        // The card follows the accepted snapshot: checked only when the run agrees with it.
        if (messages.Count == 0 && card is { } accepted)
        {
            if (CheckCard(accepted, out var cardNote) is { } cardFailure) messages.Add(cardFailure);
            else if (cardNote is not null) note = note is null ? cardNote : note + "\n" + cardNote;
        }
        if (messages.Count == 0) return new ClaimResult(test, status, note is null ? message : message + "\n\n" + note, outcomes, files);
        var snapshot = string.Join("\n\n", messages);
        var firstLine = snapshot.Split('\n', 2)[0];
        foreach (var record in records) RecordTestFailure(record, "snapshot: " + firstLine);
        return new ClaimResult(test, ClaimStatus.Failed, status == ClaimStatus.Failed ? message + "\n\n" + snapshot : snapshot + "\n\n" + message, outcomes, files);
    }

    /// <summary>
    /// Decides one claim; its run counts say which runs this session trained and which it read from the store
    /// (the engine's own account: a run another claim trained earlier in this session counts as trained, not stored).
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

    const string BadDeclarationLabel = "Bad claim declaration: ";

    /// <summary>A claim test that cannot be decided as declared: "Bad claim declaration: …", saved and counted in every report.</summary>
    public ClaimResult BadDeclaration(ClaimTest test, string why) => Undecided(test, ClaimStatus.BadDeclaration, BadDeclarationLabel + why);

    ClaimResult Undecided(ClaimTest test, ClaimStatus status, string message)
    {
        decided.Enqueue((test.Name, null, message));
        var file = WriteError(new DeclarationError(test.Name, message) { Run = Run });
        return new ClaimResult(test, status, message, [], [(file, "saved declaration error (read by `reprospec gate --outcomes`)")]);
    }

    /// <summary>The test status the outcomes give: unmet expectations fail, inconclusive ones are inconclusive (failed when strict).</summary>
    static (ClaimStatus Status, string Message) Map(IReadOnlyList<ClaimOutcome> outcomes, bool strict, IReadOnlyList<DesignCheck> designs)
    {
        var text = string.Join("\n", outcomes.Select((o, i) => ClaimText.Format(o) + (i < designs.Count ? "\n  pre-registration: " + PreRegistration.Describe(designs[i]) : "")));
        var unmet = outcomes.Where(o => !o.MetExpectation).ToList();
        if (unmet.Count == 0) return (ClaimStatus.Passed, text);
        var worst = unmet.FirstOrDefault(o => o.Verdict != Verdict.Inconclusive) ?? unmet[0];
        if (worst.Verdict == Verdict.Inconclusive)
            return strict ? (ClaimStatus.Failed, $"Inconclusive in strict mode (REPROSPEC_STRICT): {worst.Reason}.\n{text}") : (ClaimStatus.Inconclusive, text);
        var expected = worst.Settings.Expected ?? Verdict.Supported;
        return (ClaimStatus.Failed, expected == Verdict.Supported ? text : $"Expected {expected} but the claim is {worst.Verdict}.\n{text}");
    }

    /// <summary>How to delete the stored records of failed runs so the next run trains them again ("" when none).</summary>
    public string DeleteHint(IReadOnlyList<string> keys) => keys.Count == 0 ? "" :
        " Or delete their records: rm " + string.Join(' ', keys.Select(k => QuoteForShell(Store.PathOf(k))));

    static string QuoteForShell(string path) => path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$') ? "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'" : path;

    void Report(RunProgress p)
    {
        if (p.Last is null) return;
        // A run another claim trained earlier in this session: it was announced then.
        if (!p.LastFromStore && !announced.TryAdd(p.Last.Key, 0) && p.Done < p.Total) return;
        if (p.LastFromStore)
        {
            // Store reads are instant: one line when a look's runs are all resolved, not one per run.
            if (p.Done == p.Total) host.Log($"[reprospec] runs {p.Done}/{p.Total}: {p.Cached} from the store, {p.Trained} trained");
            return;
        }
        var eta = p.Remaining is { } r ? $", about {r.TotalSeconds:F0} s left" : "";
        host.Log($"[reprospec] runs {p.Done}/{p.Total} ({p.Cached} from the store, {p.Trained} trained by this run{eta}) - {p.Last.Experiment} seed {p.Last.Seed}: {p.Last.Status}");
    }

    public void Dispose()
    {
        if (engine.IsValueCreated) engine.Value.Dispose();
    }

    /// <summary>Reports on the calling thread: Progress&lt;T&gt; would post to a context a test framework may not pump.</summary>
    sealed class SyncProgress(Action<RunProgress> report) : IProgress<RunProgress>
    {
        public void Report(RunProgress value) => report(value);
    }
}

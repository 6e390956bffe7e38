using System.Collections.Concurrent;
using System.Diagnostics;
using ReproSpec.Planning;
using ReproSpec.Provenance;
using ReproSpec.Store;

namespace ReproSpec.Execution;

/// <summary>Where a request set stands after one more run resolved; <paramref name="LastFromStore"/> says whether that run was read rather than trained.</summary>
public sealed record RunProgress(int Done, int Total, int Cached, int Trained, TimeSpan Elapsed, TimeSpan? Remaining, RunRecord? Last, bool LastFromStore);

/// <summary>The records one request set resolved to, in request order, and how many came from the store.</summary>
public sealed record RunBatch(IReadOnlyList<RunRecord> Records, int Cached, int Trained, TimeSpan Elapsed);

/// <summary>
/// Resolves run requests to records: from the store when present, otherwise by executing them (each run
/// stored the moment it finishes). Two requests for the same run, from any claim, share one execution; a
/// run another process sharing the store is training is waited for (its lease), not trained again.
/// </summary>
public sealed class RunEngine : IDisposable
{
    readonly ConcurrentDictionary<string, Lazy<Task<(RunRecord Record, bool Cached)>>> inFlight = new();
    readonly ConcurrentDictionary<string, RunTicket> tickets = new();
    readonly RunQueue queue;

    /// <summary>How many runs wait for one of the executor's slots now.</summary>
    internal int RunsWaiting => queue.Waiting;
    readonly ConcurrentDictionary<(string Experiment, string Data), string> environmentIds = new();
    readonly Action<string>? warn;
    int cachedTotal;
    int trainedTotal;

    public RunEngine(RunStore store, IRunExecutor executor, bool forceRetrain = false, Action<string>? warn = null, EnvironmentManifest? environment = null)
    {
        Store = store;
        Executor = executor;
        ForceRetrain = forceRetrain;
        this.warn = warn;
        Environment = environment;
        queue = new RunQueue(executor.Workers);
    }

    /// <summary>The environment trained records are stamped with, if captured.</summary>
    public EnvironmentManifest? Environment { get; }

    public RunStore Store { get; }
    public IRunExecutor Executor { get; }

    /// <summary>Train every requested run again even when the store has it (REPROSPEC_RETRAIN=1).</summary>
    public bool ForceRetrain { get; }

    /// <summary>
    /// Decide-only (REPROSPEC_TRAIN=never): runs come from the store or the published runs, never from training; a run
    /// found in neither fails its claim (<see cref="RunsMissingException"/>). Published runs trained on another device
    /// answer too: a CPU runner decides from runs a GPU cluster trained.
    /// </summary>
    public bool TrainNever { get; init; }

    /// <summary>Read-only stores of runs trained elsewhere and committed with the claims (`reprospec export`), read after <see cref="Store"/>.</summary>
    public IReadOnlyList<RunStore> Published { get; init; } = [];

    /// <summary>Runs answered from the store since this engine started.</summary>
    public int CachedTotal => cachedTotal;

    /// <summary>Runs trained since this engine started.</summary>
    public int TrainedTotal => trainedTotal;

    /// <summary>Resolves <paramref name="requests"/> for a claim being decided now (<see cref="RunPriority.Demand"/>).</summary>
    public Task<RunBatch> EnsureAsync(IReadOnlyList<RunRequest> requests, IProgress<RunProgress>? progress = null, CancellationToken cancellation = default) =>
        EnsureAsync(requests, RunPriority.Demand, progress, cancellation);

    /// <summary>
    /// Resolves <paramref name="requests"/>; runs that must execute wait for one of W slots, most urgent
    /// <paramref name="priority"/> first (lower is sooner), so prefetched runs fill slots a demanded run does not need.
    /// </summary>
    public async Task<RunBatch> EnsureAsync(IReadOnlyList<RunRequest> requests, int priority, IProgress<RunProgress>? progress, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var done = 0;
        var cached = 0;
        var trained = 0;
        var tasks = requests.Select(async request =>
        {
            var (record, fromStore) = await Resolve(request, priority, cancellation).ConfigureAwait(false);
            lock (clock)
            {
                done++;
                if (fromStore) cached++;
                else trained++;
                progress?.Report(new RunProgress(done, requests.Count, cached, trained, clock.Elapsed,
                    Remaining(done, requests.Count, trained, clock.Elapsed), record, fromStore));
            }
            return record;
        }).ToList();
        try
        {
            var records = await Task.WhenAll(tasks).ConfigureAwait(false);
            return new RunBatch(records, cached, trained, clock.Elapsed);
        }
        catch (RunMissingException)
        {
            // Every missing run is named at once, not only the first: the message says how many to train.
            var missing = tasks.Where(t => t.IsFaulted && t.Exception?.InnerException is RunMissingException)
                .Select(t => ((RunMissingException)t.Exception!.InnerException!).Request).ToList();
            throw new RunsMissingException(missing, requests.Count);
        }
    }

    static TimeSpan? Remaining(int done, int total, int trained, TimeSpan elapsed) =>
        trained == 0 || done == total ? null : elapsed / done * (total - done);

    Task<(RunRecord, bool)> Resolve(RunRequest request, int priority, CancellationToken cancellation)
    {
        var ticket = tickets.GetOrAdd(request.Key, _ => new RunTicket(priority));
        ticket.Raise(priority);
        var lazy = inFlight.GetOrAdd(request.Key, _ => new Lazy<Task<(RunRecord, bool)>>(() => Fetch(request, ticket, cancellation)));
        return lazy.Value;
    }

    async Task<(RunRecord, bool)> Fetch(RunRequest request, RunTicket ticket, CancellationToken cancellation)
    {
        try
        {
            if (Stored(request) is { } stored) return FromStore(stored);
            if (TrainNever) throw new RunMissingException(request);
            var leases = Store.Leases;
            var watch = new LeaseWatch(leases);
            var pause = TimeSpan.FromMilliseconds(20);
            while (true)
            {
                using (await queue.EnterAsync(ticket, cancellation).ConfigureAwait(false))
                {
                    // Another process may have stored it while this run waited for a slot.
                    if (Stored(request) is { } arrived) return FromStore(arrived);
                    using var lease = leases.TryTake(request.Key);
                    if (lease is not null)
                    {
                        // Its holder may have stored it and let go between the look above and the lease.
                        if (Stored(request) is { } justStored) return FromStore(justStored);
                        var record = await Executor.ExecuteAsync(request, cancellation).ConfigureAwait(false);
                        if (Environment is not null) record = record with { Environment = EnvironmentIdFor(request) };
                        var written = Store.Put(record);
                        Interlocked.Increment(ref trainedTotal);
                        return (written, false);
                    }
                }
                // Another process is training it: wait for its record (outside the slot, which other runs can use),
                // or take over when that process died.
                if (leases.Holder(request.Key) is not { } holder) continue;
                if (watch.IsStale(holder) is { } why)
                {
                    if (leases.TryBreak(request.Key, holder))
                        warn?.Invoke(holder.Owner == ""
                            ? $"run {request.Experiment.Name} seed {request.Seed}: took over an unwritten lease ({why})"
                            : $"run {request.Experiment.Name} seed {request.Seed}: took over the lease of {holder.Host} pid {holder.Pid} ({why})");
                    continue;
                }
                await Task.Delay(pause, cancellation).ConfigureAwait(false);
                pause = TimeSpan.FromMilliseconds(Math.Min(1000, pause.TotalMilliseconds * 1.5));
            }
        }
        catch
        {
            // A cancelled or crashed execution must be retried by the next request, not remembered.
            inFlight.TryRemove(request.Key, out _);
            throw;
        }
    }

    RunRecord? Stored(RunRequest request)
    {
        if (ForceRetrain) return null;
        if (Store.TryGet(request.Key, warn) is { } local) return local;
        foreach (var published in Published)
        {
            if (published.TryGet(request.Key, warn) is { } record) return record;
            if (!TrainNever) continue;
            // The device is in the run key (a GPU's numbers are not a CPU's), but a decide-only runner takes the runs as published.
            foreach (var device in RunIdentity.Devices.Where(d => d != request.Experiment.Device))
            {
                if (published.TryGet(RunIdentity.KeyOf(request.Experiment, request.Seed, request.FixedSources, device), warn) is { } other) return other;
            }
        }
        return null;
    }

    (RunRecord, bool) FromStore(RunRecord record)
    {
        Interlocked.Increment(ref cachedTotal);
        return (record, true);
    }

    /// <summary>
    /// Watches one lease a run waits on: stale when its holder is gone, when its file stayed unwritten for UnwrittenAfter,
    /// or when its heartbeat stood still for StaleAfter.
    /// </summary>
    sealed class LeaseWatch(RunLeases leases)
    {
        readonly Stopwatch unchanged = new();
        (string Owner, DateTime Heartbeat) last;

        public string? IsStale(LeaseHolder holder)
        {
            if (leases.IsDeadHere(holder)) return $"process {holder.Pid} is gone";
            if ((holder.Owner, holder.Heartbeat) != last || !unchanged.IsRunning)
            {
                last = (holder.Owner, holder.Heartbeat);
                unchanged.Restart();
                return null;
            }
            if (holder.Owner == "" && unchanged.Elapsed >= leases.UnwrittenAfter)
                return $"its file named no holder for {unchanged.Elapsed.TotalSeconds:F0} s: the holder died before writing it";
            return unchanged.Elapsed >= leases.StaleAfter ? $"heartbeat unchanged for {unchanged.Elapsed.TotalSeconds:F0} s" : null;
        }
    }

    // One manifest per data fingerprint: the machine part is shared, the dataset hash is the run's own.
    string EnvironmentIdFor(RunRequest request) =>
        environmentIds.GetOrAdd((request.Experiment.Name, request.Experiment.DataFingerprint),
            k => Store.PutEnvironment(Environment!.WithDataset(k.Experiment, k.Data)));

    public void Dispose() => Executor.Dispose();
}

/// <summary>One run a decide-only engine found neither in the store nor in the published runs.</summary>
public sealed class RunMissingException(RunRequest request)
    : Exception($"run {request.Experiment.Name} seed {request.Seed} ({request.Key[..12]}) is neither in the store nor in the published runs, and REPROSPEC_TRAIN=never forbids training it")
{
    public RunRequest Request { get; } = request;
}

/// <summary>The runs of one request set a decide-only engine could not find: the claim they belong to is not decided.</summary>
public sealed class RunsMissingException(IReadOnlyList<RunRequest> missing, int requested)
    : Exception($"{missing.Count} of {requested} run(s) are neither in the store nor in the published runs, and REPROSPEC_TRAIN=never forbids training them: "
                + string.Join(", ", missing.GroupBy(r => r.Experiment.Name).Select(g => $"{g.Key} seeds {string.Join(", ", g.Select(r => r.Seed).Order())}")))
{
    public IReadOnlyList<RunRequest> Missing { get; } = missing;
    public int Requested { get; } = requested;
}

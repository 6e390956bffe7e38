using System.Collections.Concurrent;
using System.Diagnostics;
using ReproSpec.Provenance;
using ReproSpec.Store;

namespace ReproSpec.Execution;

/// <summary>Progress of the runs one request set needs: done of total, cache hits, time left.</summary>
/// <summary>Where a request set stands after one more run resolved; <paramref name="LastFromStore"/> says whether that run was read rather than trained.</summary>
public sealed record RunProgress(int Done, int Total, int Cached, int Trained, TimeSpan Elapsed, TimeSpan? Remaining, RunRecord? Last, bool LastFromStore);

/// <summary>The records one request set resolved to, in request order, and how many came from the store.</summary>
public sealed record RunBatch(IReadOnlyList<RunRecord> Records, int Cached, int Trained, TimeSpan Elapsed);

/// <summary>
/// Resolves run requests to records: from the store when present, otherwise by executing them (each run
/// stored the moment it finishes). Two requests for the same run, from any claim, share one execution.
/// </summary>
public sealed class RunEngine : IDisposable
{
    readonly ConcurrentDictionary<string, Lazy<Task<(RunRecord Record, bool Cached)>>> inFlight = new();
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
    }

    /// <summary>The environment trained records are stamped with, if captured.</summary>
    public EnvironmentManifest? Environment { get; }

    public RunStore Store { get; }
    public IRunExecutor Executor { get; }

    /// <summary>Train every requested run again even when the store has it (REPROSPEC_RETRAIN=1).</summary>
    public bool ForceRetrain { get; }

    /// <summary>Runs answered from the store since this engine started.</summary>
    public int CachedTotal => cachedTotal;

    /// <summary>Runs trained since this engine started.</summary>
    public int TrainedTotal => trainedTotal;

    public async Task<RunBatch> EnsureAsync(IReadOnlyList<RunRequest> requests, IProgress<RunProgress>? progress = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var done = 0;
        var cached = 0;
        var trained = 0;
        var trainedSeconds = 0.0;
        var tasks = requests.Select(async request =>
        {
            var (record, fromStore) = await Resolve(request, cancellation).ConfigureAwait(false);
            lock (clock)
            {
                done++;
                if (fromStore) cached++;
                else
                {
                    trained++;
                    trainedSeconds += record.Seconds;
                }
                progress?.Report(new RunProgress(done, requests.Count, cached, trained, clock.Elapsed,
                    Remaining(done, requests.Count, trained, clock.Elapsed), record, fromStore));
            }
            return record;
        }).ToList();
        var records = await Task.WhenAll(tasks).ConfigureAwait(false);
        return new RunBatch(records, cached, trained, clock.Elapsed);
    }

    static TimeSpan? Remaining(int done, int total, int trained, TimeSpan elapsed) =>
        trained == 0 || done == total ? null : elapsed / done * (total - done);

    Task<(RunRecord, bool)> Resolve(RunRequest request, CancellationToken cancellation)
    {
        var lazy = inFlight.GetOrAdd(request.Key, _ => new Lazy<Task<(RunRecord, bool)>>(() => Fetch(request, cancellation)));
        return lazy.Value;
    }

    async Task<(RunRecord, bool)> Fetch(RunRequest request, CancellationToken cancellation)
    {
        try
        {
            if (!ForceRetrain && Store.TryGet(request.Key, warn) is { } stored)
            {
                Interlocked.Increment(ref cachedTotal);
                return (stored, true);
            }
            var record = await Executor.ExecuteAsync(request, cancellation).ConfigureAwait(false);
            if (Environment is not null) record = record with { Environment = EnvironmentIdFor(request) };
            var written = Store.Put(record);
            Interlocked.Increment(ref trainedTotal);
            return (written, false);
        }
        catch
        {
            // A cancelled or crashed execution must be retried by the next request, not remembered.
            inFlight.TryRemove(request.Key, out _);
            throw;
        }
    }

    // One manifest per data fingerprint: the machine part is shared, the dataset hash is the run's own.
    string EnvironmentIdFor(RunRequest request) =>
        environmentIds.GetOrAdd((request.Experiment.Name, request.Experiment.DataFingerprint),
            k => Store.PutEnvironment(Environment!.WithDataset(k.Experiment, k.Data)));

    public void Dispose() => Executor.Dispose();
}

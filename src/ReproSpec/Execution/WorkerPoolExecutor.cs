using System.Collections.Concurrent;
using System.Diagnostics;
using ReproSpec.Store;

namespace ReproSpec.Execution;

/// <summary>
/// Runs experiments in W persistent worker processes, so runs that touch process-wide random state
/// (TorchSharp's global generator) run side by side and each stays a function of its seed. A worker that
/// dies or exceeds the run timeout is killed and replaced; its run is recorded as Failed with the reason.
/// </summary>
public sealed class WorkerPoolExecutor : IRunExecutor
{
    readonly SemaphoreSlim slots;
    readonly ConcurrentBag<Slot> idle = [];
    readonly ConcurrentDictionary<Type, WorkerLaunch> launches = new();
    readonly List<Slot> all = [];
    readonly int threadsPerRun;

    public int? ThreadsPerRun => threadsPerRun;
    readonly string environment;
    readonly TimeSpan? runTimeout;
    readonly string? claimsDirectory;
    int disposed;

    /// <summary>
    /// W worker processes (keep W × threads ≤ cores); a run longer than <paramref name="runTimeout"/> is killed.
    /// <paramref name="claimsDirectory"/> is the claims assembly's folder, where workers are looked for when an
    /// experiment's own assembly was loaded from elsewhere (the command-line tool's folder).
    /// </summary>
    public WorkerPoolExecutor(int workers, int threadsPerRun, string environment = "", TimeSpan? runTimeout = null, string? claimsDirectory = null)
    {
        if (runTimeout is { } t && t <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(runTimeout), t, "the run timeout must be positive");
        Workers = Math.Max(1, workers);
        this.threadsPerRun = Math.Max(1, threadsPerRun);
        this.environment = environment;
        this.runTimeout = runTimeout;
        this.claimsDirectory = claimsDirectory;
        slots = new SemaphoreSlim(Workers, Workers);
        for (var i = 0; i < Workers; i++)
        {
            var slot = new Slot();
            all.Add(slot);
            idle.Add(slot);
        }
    }

    public int Workers { get; }

    /// <summary>Worker processes started so far (a restart after a crash or timeout counts again).</summary>
    public int ProcessesStarted => processesStarted;
    int processesStarted;

    public async Task<RunRecord> ExecuteAsync(RunRequest request, CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(disposed != 0, this);
        // The run gets this pool's thread count, and its key (for experiments reading RunContext.Threads) must say so:
        // the engine already sets it; a request handed here directly gets it now, so the worker rebuilds the same key.
        if (request.Threads != threadsPerRun) request = request with { Threads = threadsPerRun };
        var launch = launches.GetOrAdd(request.Experiment.GetType(), type => WorkerLaunch.For(type, claimsDirectory));
        await slots.WaitAsync(cancellation).ConfigureAwait(false);
        if (!idle.TryTake(out var slot)) throw new InvalidOperationException("worker pool slot accounting is broken");
        var clock = Stopwatch.StartNew();
        try
        {
            if (slot.Worker is { } old && (old.HasExited || old.Launch != launch))
            {
                old.Dispose();
                slot.Worker = null;
            }
            if (slot.Worker is null)
            {
                slot.Worker = WorkerProcess.Start(launch, threadsPerRun);
                Interlocked.Increment(ref processesStarted);
            }
            var (ending, response, detail) = await slot.Worker.RunAsync(WorkerProtocol.RequestFor(request, threadsPerRun, environment), runTimeout, cancellation).ConfigureAwait(false);
            if (ending != WorkerEnding.Answered)
            {
                slot.Worker.Dispose();
                slot.Worker = null;
                return RunOnce.Failed(request, detail, clock.Elapsed.TotalSeconds, threadsPerRun, environment);
            }
            if (response!.Record is { } record)
            {
                if (record.Key != request.Key) throw new InvalidOperationException($"worker answered run {record.Key} to a request for {request.Key}");
                return record;
            }
            return RunOnce.Failed(request, response.Error ?? "worker gave neither a record nor an error", clock.Elapsed.TotalSeconds, threadsPerRun, environment);
        }
        catch (OperationCanceledException)
        {
            // The worker was killed mid-run: start a fresh one next time.
            slot.Worker?.Dispose();
            slot.Worker = null;
            throw;
        }
        finally
        {
            idle.Add(slot);
            slots.Release();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        foreach (var slot in all)
        {
            slot.Worker?.Dispose();
            slot.Worker = null;
        }
        slots.Dispose();
    }

    sealed class Slot
    {
        public WorkerProcess? Worker { get; set; }
    }
}

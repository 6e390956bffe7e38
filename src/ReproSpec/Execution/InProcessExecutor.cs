using ReproSpec.Store;

namespace ReproSpec.Execution;

/// <summary>
/// Runs experiments on threads of this process. Experiments that share process-wide random state
/// (<see cref="Claims.Experiment.SharesProcessState"/>) run one at a time here, so their seed still
/// determines their result; run them side by side with worker processes instead.
/// </summary>
public sealed class InProcessExecutor : IRunExecutor
{
    readonly SemaphoreSlim slots;
    readonly SemaphoreSlim processStateLock = new(1, 1);
    readonly int threadsPerRun;

    public int? ThreadsPerRun => threadsPerRun;
    readonly string environment;

    public InProcessExecutor(int workers, int threadsPerRun, string environment)
    {
        Workers = Math.Max(1, workers);
        this.threadsPerRun = Math.Max(1, threadsPerRun);
        this.environment = environment;
        slots = new SemaphoreSlim(Workers, Workers);
    }

    public int Workers { get; }

    public async Task<RunRecord> ExecuteAsync(RunRequest request, CancellationToken cancellation)
    {
        await slots.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (!request.Experiment.SharesProcessState) return await OnOwnThread(request, cancellation).ConfigureAwait(false);
            await processStateLock.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                return await OnOwnThread(request, cancellation).ConfigureAwait(false);
            }
            finally
            {
                processStateLock.Release();
            }
        }
        finally
        {
            slots.Release();
        }
    }

    // A run blocks its thread for its whole length. On the thread pool, W blocked runs starve it: the pool grows
    // by about one thread a second past its minimum (the core count), so 16 workers ran ~3× slower than 16 slots
    // allow (docs/benchmarks.md, the simulated 16-worker row). A thread of its own per run keeps all W running.
    Task<RunRecord> OnOwnThread(RunRequest request, CancellationToken cancellation) =>
        // The record's key names the thread count the run had (for experiments reading RunContext.Threads).
        Task.Factory.StartNew(() => RunOnce.Execute(request.Threads == threadsPerRun ? request : request with { Threads = threadsPerRun }, threadsPerRun, environment, cancellation), cancellation,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public void Dispose()
    {
        slots.Dispose();
        processStateLock.Dispose();
    }
}

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
            if (!request.Experiment.SharesProcessState)
                return await Task.Run(() => RunOnce.Execute(request, threadsPerRun, environment, cancellation), cancellation).ConfigureAwait(false);
            await processStateLock.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                return await Task.Run(() => RunOnce.Execute(request, threadsPerRun, environment, cancellation), cancellation).ConfigureAwait(false);
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

    public void Dispose()
    {
        slots.Dispose();
        processStateLock.Dispose();
    }
}

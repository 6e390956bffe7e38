using ReproSpec.Store;

namespace ReproSpec.Execution;

/// <summary>
/// Sends experiments that share process-wide random state to worker processes and runs the others on
/// threads of this process, where they cost no process start-up.
/// </summary>
public sealed class IsolatingExecutor(IRunExecutor threads, IRunExecutor processes) : IRunExecutor
{
    public int Workers => Math.Max(threads.Workers, processes.Workers);

    public int? ThreadsPerRun => processes.ThreadsPerRun ?? threads.ThreadsPerRun;

    public Task<RunRecord> ExecuteAsync(RunRequest request, CancellationToken cancellation) =>
        request.Experiment.SharesProcessState ? processes.ExecuteAsync(request, cancellation) : threads.ExecuteAsync(request, cancellation);

    public void Dispose()
    {
        threads.Dispose();
        processes.Dispose();
    }
}

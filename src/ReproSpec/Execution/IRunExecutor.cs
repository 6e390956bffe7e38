using ReproSpec.Store;

namespace ReproSpec.Execution;

/// <summary>Executes runs that are not in the store; implementations decide where (this process, workers).</summary>
public interface IRunExecutor : IDisposable
{
    /// <summary>How many runs execute at once.</summary>
    int Workers { get; }

    /// <summary>Intra-op threads each run gets, when the executor fixes it: part of the key of runs that read it.</summary>
    int? ThreadsPerRun => null;

    /// <summary>Executes one run; never throws for a failing experiment: the failure is in the record.</summary>
    Task<RunRecord> ExecuteAsync(RunRequest request, CancellationToken cancellation);
}

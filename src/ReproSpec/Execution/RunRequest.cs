using ReproSpec.Claims;
using ReproSpec.Planning;

namespace ReproSpec.Execution;

/// <summary>One run a claim needs: an experiment, a seed, and the sources of variance held fixed.</summary>
public sealed record RunRequest(Experiment Experiment, int Seed, IReadOnlyList<string> FixedSources)
{
    (int Threads, string Key)? key;

    /// <summary>Intra-op threads the run gets: in its key when the experiment reads them. The engine sets its executor's count.</summary>
    public int Threads { get; init; } = RunIdentity.DefaultThreadsPerRun();

    /// <summary>
    /// The key the parent process computed, on a request a worker rebuilt: the worker's environment differs on purpose
    /// (runtime settings the key's environment variables may include), the run is the one the parent keyed.
    /// </summary>
    internal string? AssignedKey { get; init; }

    /// <summary>The run's content address in the store.</summary>
    // Cached with the thread count it was made for: `with { Threads = … }` copies the cache.
    public string Key => AssignedKey ?? (key is { } k && k.Threads == Threads ? k : (key = (Threads, RunIdentity.KeyOf(Experiment, Seed, FixedSources, Experiment.Device, Threads))).Value).Key;
}

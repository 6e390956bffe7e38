using ReproSpec.Claims;
using ReproSpec.Planning;

namespace ReproSpec.Execution;

/// <summary>One run a claim needs: an experiment, a seed, and the sources of variance held fixed.</summary>
public sealed record RunRequest(Experiment Experiment, int Seed, IReadOnlyList<string> FixedSources)
{
    string? key;

    /// <summary>The run's content address in the store.</summary>
    public string Key => key ??= RunIdentity.KeyOf(Experiment, Seed, FixedSources, Experiment.Device);
}

using System.Text.Json.Serialization;
using ReproSpec.Execution;

namespace ReproSpec.Claims;

/// <summary>A seeded training run a claim is about: its public properties are its declared parameters.</summary>
/// <remarks>
/// Write an experiment as a record whose constructor parameters are the knobs (hidden size, learning rate,
/// epochs). The record's JSON form is part of every run's identity in the store, and worker processes
/// rebuild the experiment from it, so parameters must round-trip through System.Text.Json.
/// <see cref="Run"/> must be a function of <see cref="RunContext.Seed"/>: draw every random number from
/// <see cref="RunContext.Seeds"/>.
/// </remarks>
public abstract record Experiment
{
    /// <summary>The name shown in reports and used in run identities; defaults to the type name.</summary>
    [JsonIgnore]
    public virtual string Name => GetType().Name;

    /// <summary>Bump when behaviour changes in code the fingerprint cannot see (helpers in other assemblies).</summary>
    [JsonIgnore]
    public virtual string Version => "1";

    /// <summary>Hash of the data the experiment reads; part of the run identity.</summary>
    [JsonIgnore]
    public virtual string DataFingerprint => "";

    /// <summary>
    /// True when runs touch process-wide random state (TorchSharp's global generator): such runs are
    /// executed in worker processes when more than one runs at a time.
    /// </summary>
    [JsonIgnore]
    public virtual bool SharesProcessState => false;

    /// <summary>The device kind runs will use ("cpu", "cuda"); part of the run identity.</summary>
    [JsonIgnore]
    public virtual string Device => "cpu";

    /// <summary>Trains and evaluates once for the context's seed and returns the metrics.</summary>
    public abstract RunMetrics Run(RunContext context);
}

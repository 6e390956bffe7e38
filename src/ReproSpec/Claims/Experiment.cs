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

    /// <summary>
    /// Bump when a run's result changes for a reason no fingerprint sees: external files the experiment reads
    /// that <see cref="DataFingerprint"/> does not hash, services, native code outside a NuGet package, the environment.
    /// </summary>
    /// <remarks>
    /// The run key already covers the experiment's parameters, <see cref="DataFingerprint"/>, and its code: the IL of
    /// every method the experiment reaches in the claims assembly, its project references and ReproSpec's own
    /// assemblies, plus the name and version of every NuGet package that code uses (see docs/engine.md, "Run identity").
    /// </remarks>
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

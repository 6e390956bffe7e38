using System.Collections.Concurrent;
using ReproSpec.Execution;
using ReproSpec.Provenance;

namespace ReproSpec.Planning;

/// <summary>
/// What an experiment type's runs execute, as one hash: the IL of every method reachable from the experiment
/// and from the engine's run path in assemblies that are neither the shared framework nor NuGet packages (the
/// claims assembly, its project references, ReproSpec's own), the attributes on that code, the values of the
/// environment variables it reads by name, and the name and version of every package it uses. Where the
/// analysis cannot see (reflection by name), the whole assembly enters. Adding an unrelated claim changes nothing.
/// </summary>
public static class CodeFingerprint
{
    static readonly ConcurrentDictionary<Type, CodeIdentity> Cache = new();

    /// <summary>
    /// What every run executes whatever its experiment: the engine's entry, its seed derivation, the context and the metrics.
    /// Named here, where the run key is made, so Provenance's walk stays below the engine it fingerprints.
    /// </summary>
    static readonly RunPath Engine = new(
        [
            typeof(RunOnce).GetMethod(nameof(RunOnce.Execute))!,
            typeof(SeedSet),
            typeof(RunContext),
            typeof(RunMetrics),
        ],
        ThreadsGetter: typeof(RunContext).GetProperty(nameof(RunContext.Threads))!.GetMethod!,
        KeyOf: typeof(RunIdentity).GetMethod(nameof(RunIdentity.KeyOf))!);

    /// <summary>The experiment type's code hash (16 hex digits), as it enters the run key.</summary>
    public static string Of(Type type) => Describe(type).Hash;

    /// <summary>The experiment type's code identity: the methods and packages behind <see cref="Of"/>.</summary>
    public static CodeIdentity Describe(Type type) => Cache.GetOrAdd(type, t => CodeClosure.Of(t, Engine, CodeClosure.Shared, Environment.GetEnvironmentVariable));

    /// <summary>Computes the identity again from nothing (no cached method texts): what one experiment type costs alone.</summary>
    public static CodeIdentity Recompute(Type type) => CodeClosure.Of(type, Engine, new(), Environment.GetEnvironmentVariable);

    /// <summary>Computes the identity with environment variables read from <paramref name="environment"/> (tests).</summary>
    internal static CodeIdentity Recompute(Type type, Func<string, string?> environment) => CodeClosure.Of(type, Engine, new(), environment);
}

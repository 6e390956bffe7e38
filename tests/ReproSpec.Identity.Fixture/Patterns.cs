using System.Globalization;
using System.Reflection;
using ReproSpec.Claims;
using ReproSpec.Execution;
using ReproSpec.Experiments;
using ReproSpec.Identity.Plugins;

namespace ReproSpec.Identity.Fixture;

// Issue 21's patterns: code a run executes that no call in the experiment names, and inputs outside the code.
// One experiment per pattern, each reaching its own helper types, so a batch of edits (one per experiment) can
// assert each edit's exact retrain set. Every value is 1 + a small amount, so every claim stays Supported.

public interface IOperation
{
    static abstract double Apply(double x);
}

/// <summary>Reached only as a generic argument: its static abstract implementation runs through a constrained call.</summary>
public readonly struct PlusOp : IOperation
{
    public static double Apply(double x) => x + 0.01;
}

public static class Gen
{
    public static double Run<T>(double x) where T : IOperation => T.Apply(x);
}

public sealed record UsesStaticAbstract : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", Gen.Run<PlusOp>(1.0 + context.Seed * 0.01)));
}

/// <summary>Built by new T(): its field initialiser is in the constructor no call names.</summary>
public sealed class Tuned
{
    readonly double gain = 0.01;

    public double Gain => gain;
}

public static class Factory
{
    public static T Make<T>() where T : new() => new();
}

public sealed record UsesNewT : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", 1.0 + Factory.Make<Tuned>().Gain * context.Seed));
}

/// <summary>Built by Activator.CreateInstance(typeof(…)).</summary>
public sealed class Offsetter
{
    public double Offset { get; } = 0.01;
}

public sealed record UsesTypeof : Experiment
{
#pragma warning disable CA2263 // the non-generic overload with typeof is the pattern under test
    public override RunMetrics Run(RunContext context) =>
        RunMetrics.Of(("score", 1.0 + ((Offsetter)Activator.CreateInstance(typeof(Offsetter))!).Offset * context.Seed));
#pragma warning restore CA2263
}

[AttributeUsage(AttributeTargets.Class)]
public sealed class GainAttribute(double value) : Attribute
{
    public double Value { get; } = value;
}

[Gain(0.01)]
public sealed class Calibrated;

public sealed record UsesAttribute : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", 1.0 + typeof(Calibrated).GetCustomAttribute<GainAttribute>()!.Value * context.Seed));
}

/// <summary>Scales by the delegate ReproSpec.Identity.Plugins' module initialiser registers.</summary>
public sealed record UsesModuleInitializer : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", 1.0 + Registry.Scale(context.Seed)));
}

/// <summary>Builds its plug-in from a type name: the run key takes the whole plug-in assembly and says so.</summary>
public sealed record UsesReflection : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", ByName.Create("ReproSpec.Identity.Plugins.NamedPlugin, ReproSpec.Identity.Plugins").Value(context.Seed)));
}

/// <summary>Reads an environment variable by a constant name: its value is in the key.</summary>
public sealed record UsesEnvironment : Experiment
{
    public override RunMetrics Run(RunContext context) =>
        RunMetrics.Of(("score", 1.0 + context.Seed * (Environment.GetEnvironmentVariable("IDENTITY_FIXTURE_GAIN") is { } gain ? double.Parse(gain, CultureInfo.InvariantCulture) : 0.01)));
}

/// <summary>Reads an environment variable whose name is computed: the key cannot hold it, the suite says so.</summary>
public sealed record UsesComputedEnvironment : Experiment
{
    public string Suffix { get; init; } = "OFFSET";

    public override RunMetrics Run(RunContext context) =>
        RunMetrics.Of(("score", 1.0 + context.Seed * (Environment.GetEnvironmentVariable("IDENTITY_FIXTURE_" + Suffix) is { } offset ? double.Parse(offset, CultureInfo.InvariantCulture) : 0.01)));
}

/// <summary>Reads its thread budget: the thread count per run is in its key.</summary>
public sealed record UsesThreads : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", 1.0 + 0.001 * context.Threads + context.Seed * 0.01));
}

/// <summary>A static field initialiser: the static constructor.</summary>
public static class Defaults
{
    public static readonly double Step = 0.01;
}

public sealed record UsesStaticInitializer : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", 1.0 + Defaults.Step * context.Seed));
}

public static class Mapping
{
    public static double Apply(Func<double, double> f, double x) => f(x);
}

/// <summary>Passes a lambda to a helper: the lambda's body is a compiler-generated method.</summary>
public sealed record UsesDelegate : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", Mapping.Apply(x => 1.0 + x * 0.01, context.Seed)));
}

public static class Constants
{
    public const double Offset = 0.01;
}

/// <summary>A constant is copied into the experiment's IL.</summary>
public sealed record UsesConst : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", 1.0 + Constants.Offset * context.Seed));
}

public sealed class Meter(int seed)
{
    public double Reading => 1.0 + seed * 0.01;
}

/// <summary>A non-virtual property getter of a helper instance.</summary>
public sealed record UsesGetter : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", new Meter(context.Seed).Reading));
}

public static class Parsing
{
    public static double OrFallback(string text)
    {
        try
        {
            return double.Parse(text, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            return 1.01;
        }
    }
}

/// <summary>The value comes from an exception handler.</summary>
public sealed record UsesCatch : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", Parsing.OrFallback("not a number") + context.Seed * 0.001));
}

public sealed class Payload
{
    public double Weight() => 0.01;
}

public sealed class Box<T> where T : new()
{
    public T Item { get; } = new();
}

/// <summary>A type reached as the argument of a generic class.</summary>
public sealed record UsesGenericArgument : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", 1.0 + new Box<Payload>().Item.Weight() * context.Seed));
}

public interface IStep
{
    double Next(double x);
}

public struct Doubler : IStep
{
    public readonly double Next(double x) => x * 0.01;
}

/// <summary>A struct called through its interface (a constrained virtual call).</summary>
public sealed record UsesStructInterface : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", 1.0 + Call(new Doubler(), context.Seed)));

    static double Call<T>(T step, double x) where T : IStep => step.Next(x);
}

/// <summary>A parameter the claim sets.</summary>
public sealed record UsesParameter(double Step) : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", 1.0 + Step * context.Seed));
}

/// <summary>Reads a data file of the project: its fingerprint is the file's content.</summary>
public sealed record UsesDataFile : Experiment
{
    public override string DataFingerprint => ProjectFiles.ContentHash(ProjectFiles.Find("scores.csv", typeof(UsesDataFile)));

    public override RunMetrics Run(RunContext context)
    {
        var values = File.ReadAllLines(ProjectFiles.Find("scores.csv", typeof(UsesDataFile))).Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        return RunMetrics.Of(("score", values[context.Seed % values.Length]));
    }
}

/// <summary>No experiment reaches this type: editing it, or adding a method, retrains nothing.</summary>
public static class Unreached
{
    public static double Value() => 0.5;
}

using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using ReproSpec.Claims;
using ReproSpec.Execution;
using ReproSpec.Planning;
using ReproSpec.Provenance;

namespace ReproSpec.Tests.Provenance;

/// <summary>
/// Where the closure reaches code no call names (issue 21): static abstract implementations behind a constrained
/// generic, constructors behind new T() and typeof, attribute arguments, module initialisers, the engine's run path,
/// and where it cannot see (reflection by name, computed environment variable names) it widens or reports.
/// The `dotnet test` mutation suite (ReproSpec.NUnit.Tests/RunIdentityMutationTests) edits the same patterns.
/// </summary>
public class RunKeyClosureTests
{
    public interface IOperation
    {
        static abstract double Apply(double x);
    }

    public readonly struct PlusOne : IOperation
    {
        public static double Apply(double x) => x + 1;
    }

    public static class Generic
    {
        public static double Run<T>(double x) where T : IOperation => T.Apply(x);

        public static T Make<T>() where T : new() => new();
    }

    public sealed class Initialised
    {
        // A field initialiser: it lives in the instance constructor only new T() runs.
        readonly double gain = 0.25;

        public double Gain => gain;
    }

    public sealed class BuiltByType
    {
        public double Offset { get; } = 0.5;
    }

    [AttributeUsage(AttributeTargets.Class)]
    public sealed class GainAttribute(double value) : Attribute
    {
        public double Value { get; } = value;
    }

    [Gain(0.01)]
    public sealed class Annotated;

    public sealed record Constrained : Experiment
    {
        public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", Generic.Run<PlusOne>(context.Seed)));
    }

    public sealed record NewT : Experiment
    {
        public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", Generic.Make<Initialised>().Gain));
    }

    public sealed record ByTypeof : Experiment
    {
#pragma warning disable CA2263 // the non-generic overload with typeof is the pattern under test
        public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", ((BuiltByType)Activator.CreateInstance(typeof(BuiltByType))!).Offset));
#pragma warning restore CA2263
    }

    public sealed record ReadsAttribute : Experiment
    {
        public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", typeof(Annotated).GetCustomAttribute<GainAttribute>()!.Value));
    }

    public sealed record ByName : Experiment
    {
        public string TypeName { get; init; } = "System.Object";

        public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", Type.GetType(TypeName) is null ? 0 : 1));
    }

    public sealed record ReadsVariable : Experiment
    {
        public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", Environment.GetEnvironmentVariable("REPROSPEC_TEST_GAIN") is { } gain ? double.Parse(gain, System.Globalization.CultureInfo.InvariantCulture) : 1));
    }

    public sealed record ReadsComputedVariable : Experiment
    {
        public string Variable { get; init; } = "GAIN";

        public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", Environment.GetEnvironmentVariable("REPROSPEC_" + Variable) is null ? 0 : 1));
    }

    public sealed record ReadsThreads : Experiment
    {
        public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", context.Threads));
    }

    public sealed record Plain : Experiment
    {
        public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", context.Seed));
    }

    [Test]
    public void A_static_abstract_implementation_behind_a_constrained_generic_is_reached() =>
        Assert.That(CodeFingerprint.Describe(typeof(Constrained)).Methods, Has.Some.Contains("RunKeyClosureTests+PlusOne::Double Apply(Double)"));

    [Test]
    public void Instance_constructors_of_types_built_through_new_T_or_typeof_are_reached()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CodeFingerprint.Describe(typeof(NewT)).Methods, Has.Some.Contains("RunKeyClosureTests+Initialised::Void .ctor()"));
            Assert.That(CodeFingerprint.Describe(typeof(ByTypeof)).Methods, Has.Some.Contains("RunKeyClosureTests+BuiltByType::Void .ctor()"));
            Assert.That(CodeFingerprint.Describe(typeof(ByTypeof)).Notes, Is.Empty, "a type given by typeof is seen: no widening");
        });
    }

    [Test]
    public void The_engine_run_path_is_in_every_key()
    {
        var methods = CodeFingerprint.Describe(typeof(Plain)).Methods;
        Assert.Multiple(() =>
        {
            Assert.That(methods, Has.Some.StartsWith("ReproSpec.Execution.SeedSet::Void .ctor("), "the seed derivation the engine calls");
            Assert.That(methods, Has.Some.StartsWith("ReproSpec.Execution.SeedSet::Int32 For("));
            Assert.That(methods, Has.Some.StartsWith("ReproSpec.Execution.RunOnce::ReproSpec.Store.RunRecord Execute("));
            Assert.That(CodeFingerprint.Describe(typeof(Plain)).Notes, Is.Empty, "the engine's run path loads nothing by name");
            Assert.That(CodeFingerprint.Describe(typeof(Plain)).ReadsThreads, Is.False);
            Assert.That(CodeFingerprint.Describe(typeof(ReadsThreads)).ReadsThreads, Is.True);
        });
    }

    [Test]
    public void Reflection_by_name_puts_the_whole_assembly_into_the_key_and_says_which_member()
    {
        var identity = CodeFingerprint.Describe(typeof(ByName));
        Assert.Multiple(() =>
        {
            // This test assembly references the CLI too, whose code loads assemblies by name: the widening cascades.
            Assert.That(identity.Widened, Has.Some.Contains("RunKeyClosureTests+ByName.Run").And.Contains("Type.GetType(String)")
                .And.Contains("the whole assembly ReproSpec.Tests is in the key of ByName"));
            Assert.That(identity.Methods, Has.Some.Contains("RunKeyClosureTests+Plain::"), "an unrelated experiment of the same assembly enters");
            Assert.That(CodeFingerprint.Describe(typeof(Plain)).Methods, Has.None.Contains("RunKeyClosureTests+ByName::"), "without reflection it does not");
        });
    }

    [Test]
    public void An_attribute_argument_is_hashed()
    {
        var identity = CodeFingerprint.Describe(typeof(ReadsAttribute));
        var withOther = CodeFingerprint.Recompute(typeof(ReadsAttribute));
        Assert.Multiple(() =>
        {
            Assert.That(identity.Methods, Has.Some.Contains("RunKeyClosureTests+GainAttribute::Void .ctor(Double)"), "the attribute's constructor runs when it is read");
            Assert.That(withOther.Hash, Is.EqualTo(identity.Hash), "computing again gives the same hash");
        });
    }

    [Test]
    public void A_constant_named_environment_variable_enters_the_key_with_its_value_and_a_computed_one_is_reported()
    {
        var unset = CodeFingerprint.Recompute(typeof(ReadsVariable), _ => null);
        var set = CodeFingerprint.Recompute(typeof(ReadsVariable), name => name == "REPROSPEC_TEST_GAIN" ? "2" : null);
        var computed = CodeFingerprint.Recompute(typeof(ReadsComputedVariable), _ => null);
        Assert.Multiple(() =>
        {
            Assert.That(unset.Environment, Does.Contain("REPROSPEC_TEST_GAIN unset"));
            Assert.That(set.Environment, Does.Contain("REPROSPEC_TEST_GAIN=2"));
            Assert.That(set.Hash, Is.Not.EqualTo(unset.Hash));
            Assert.That(unset.Notes, Is.Empty);
            Assert.That(computed.Unseen, Has.Count.EqualTo(1));
            Assert.That(computed.Unseen[0], Does.Contain("RunKeyClosureTests+ReadsComputedVariable.Run").And.Contain("GetEnvironmentVariable(String)"));
        });
    }

    [Test]
    public void Fingerprinting_an_experiment_type_from_nothing_takes_under_half_a_second()
    {
        var times = new List<double>();
        CodeIdentity? identity = null;
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            identity = CodeFingerprint.Recompute(typeof(Plain));
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        TestContext.Out.WriteLine($"Plain: {identity!.Methods.Count} methods; {times[1]:F0} ms median of 3 from nothing");
        Assert.That(times[1], Is.LessThan(500));
    }
}

/// <summary>A module initialiser registering a delegate: the key must see it although no experiment names this type.</summary>
static class ModuleSetup
{
    public static Func<double, double> Scale { get; private set; } = x => x;

#pragma warning disable CA2255 // a module initialiser in a test assembly on purpose: it is what the closure must see
    [ModuleInitializer]
    internal static void Register() => Scale = x => x * 1.0;
#pragma warning restore CA2255
}

public class ModuleInitializerClosureTests
{
    [Test]
    public void A_module_initialiser_of_a_reached_assembly_is_in_the_key() =>
        Assert.That(CodeFingerprint.Describe(typeof(RunKeyClosureTests.Plain)).Methods, Has.Some.Contains("ReproSpec.Tests.Provenance.ModuleSetup::Void Register()"));
}

using System.Text.Json.Serialization;
using ReproSpec.Claims;
using ReproSpec.Execution;
using ReproSpec.Provenance;

namespace ReproSpec.Tests.Provenance;

/// <summary>
/// The closure's edges that the `dotnet test` mutation tests (ReproSpec.NUnit.Tests/RunIdentityMutationTests) do
/// not exercise: types only an attribute names, and where a virtual call stops.
/// </summary>
public class CodeFingerprintTests
{
    [JsonDerivedType(typeof(Doubling), "doubling")]
    public abstract record Step
    {
        public abstract double Apply(double x);
    }

    public sealed record Doubling : Step
    {
        public override double Apply(double x) => 2 * x;
    }

    /// <summary>Never named by an experiment's code or attributes.</summary>
    public sealed record Unnamed : Step
    {
        public override double Apply(double x) => 3 * x;
    }

    public sealed record WithStepParameter(Step Step) : Experiment
    {
        public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", Step.Apply(context.Seed)));
    }

    public sealed record Other : Experiment
    {
        public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", 1.0));
    }

    [Test]
    public void A_subtype_only_a_JsonDerivedType_attribute_names_is_in_the_closure()
    {
        var methods = CodeFingerprint.Describe(typeof(WithStepParameter)).Methods;
        Assert.Multiple(() =>
        {
            Assert.That(methods, Has.Some.Contains("CodeFingerprintTests+Doubling::Double Apply(Double)"));
            Assert.That(methods, Has.None.Contains("CodeFingerprintTests+Unnamed::"), "a type no reached code or attribute names cannot be built by the run");
        });
    }

    [Test]
    public void Another_experiment_of_the_same_assembly_is_not_in_the_closure()
    {
        // Records compare EqualityContract through a virtual call on Experiment: following every override in the
        // assembly would put every experiment's code into every other's key.
        var methods = CodeFingerprint.Describe(typeof(WithStepParameter)).Methods;
        Assert.That(methods, Has.None.Contains("CodeFingerprintTests+Other::"));
    }

    [TestCase("<Run>b__5_0", "<Run>b__#_0")]
    [TestCase("<>c__DisplayClass12_3", "<>c__DisplayClass#_3")]
    [TestCase("<Rows>d__4", "<Rows>d__#")]
    [TestCase("<ScoreAsync>g__Mean|2_0", "<ScoreAsync>g__Mean|#_0")]
    [TestCase("<>9__5_0", "<>9__#_0")]
    [TestCase("Layer2 Forward(Int32)", "Layer2 Forward(Int32)")]
    public void Compiler_generated_names_lose_their_method_ordinal(string name, string normalised) =>
        Assert.That(IlText.Normalise(name), Is.EqualTo(normalised));
}

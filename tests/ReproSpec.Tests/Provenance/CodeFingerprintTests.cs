using System.Text.Json.Serialization;
using ReproSpec.Claims;
using ReproSpec.Execution;
using ReproSpec.Planning;
using ReproSpec.Provenance;

namespace ReproSpec.Tests.Provenance;

/// <summary>
/// The closure's edges that the `dotnet test` mutation tests (ReproSpec.NUnit.Tests/RunIdentityMutationTests) do
/// not exercise: types only an attribute names, and where a virtual call stops.
/// </summary>
public partial class CodeFingerprintTests
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
    [TestCase("<RegexGenerator_g>F1D5B9560BD3F3225530BC8A8F5B87EADD986BB414FE931B4C8D5D0D6624D1573__ImportLine_2+RunnerFactory",
        "<RegexGenerator_g>F__ImportLine_2+RunnerFactory")]
    public void Compiler_generated_names_lose_their_method_ordinal_and_file_path_checksum(string name, string normalised) =>
        Assert.That(IlText.Normalise(name), Is.EqualTo(normalised));

    /// <summary>An experiment whose code uses a [GeneratedRegex]: the generator's helper types are file-local, named with a checksum of the source path.</summary>
    public sealed partial record WithGeneratedRegex : Experiment
    {
        public override string Name => "regex";

        public override RunMetrics Run(RunContext context) =>
            new(new Dictionary<string, double> { ["digits"] = Digits().Count(context.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)) });

        [System.Text.RegularExpressions.GeneratedRegex(@"\d")]
        private static partial System.Text.RegularExpressions.Regex Digits();
    }

    [Test]
    public void No_name_in_the_key_depends_on_the_folder_the_code_was_built_in()
    {
        // The same commit cloned into another folder must give the same run keys (measured: the PyTorch arm of the
        // shipped claims got another key in a second clone before file-local names were normalised).
        var identity = CodeFingerprint.Recompute(typeof(WithGeneratedRegex));
        Assert.That(identity.Methods, Has.Some.Contains("<RegexGenerator_g>F__"), "the generated helper is in the closure");
        Assert.That(identity.Methods, Has.None.Match(@">F[0-9A-F]{64}__"));
    }
}

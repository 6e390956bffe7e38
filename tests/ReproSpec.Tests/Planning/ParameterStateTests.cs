using System.Text.Json.Serialization;
using ReproSpec.Claims;
using ReproSpec.Execution;
using ReproSpec.Planning;

namespace ReproSpec.Tests.Planning;

/// <summary>
/// Parameters are the experiment's whole state (issue 21): state the JSON form misses — a public field, an
/// internal property, a subtype written as its non-abstract base — changes the run key and is a bad declaration
/// naming the member and the fix, since workers would rebuild another experiment.
/// </summary>
public class ParameterStateTests
{
#pragma warning disable CA1051 // a public field is the pattern under test
    public sealed record WithField : Experiment
    {
        public double Gain;

        public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", Gain));
    }
#pragma warning restore CA1051

    public sealed record WithInternalProperty : Experiment
    {
        internal double Gain { get; init; } = 0.5;

        public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", Gain));
    }

    public class Sched
    {
        public virtual double Rate() => 0.1;
    }

    public sealed class FastSched : Sched
    {
        public override double Rate() => 0.2;
    }

    public sealed record WithSchedule(Sched S) : Experiment
    {
        public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", S.Rate()));
    }

    public sealed record WithDelegate : Experiment
    {
        [JsonIgnore] // ignored by JSON, so only the state check can see it
        public Func<double, double> Map { get; init; } = x => x;

        public double Kept { get; init; } = 1;

        readonly Func<double, double> hidden = x => x * 2;

        public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", hidden(Kept)));
    }

    public sealed record Fine(int Hidden, double[] Rates) : Experiment
    {
        public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", Hidden));
    }

    public sealed record Listed(IReadOnlyList<string> Files) : Experiment
    {
        public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", Files.Count));
    }

    static string Key(Experiment experiment) => RunIdentity.KeyOf(experiment, 0, [], "cpu", 1);

    [Test]
    public void A_collection_expression_rebuilt_as_a_list_is_the_same_state()
    {
        // `["a.py", "b.py"]` for an IReadOnlyList is a compiler type; the serializer rebuilds a List with the same items.
        var declared = new Listed(["a.py", "b.py"]);
        Assert.Multiple(() =>
        {
            Assert.That(ExperimentParameters.Problems(declared), Is.Empty);
            Assert.That(Key(declared), Is.EqualTo(Key(new Listed(new List<string> { "a.py", "b.py" }))));
            Assert.That(Key(declared), Is.Not.EqualTo(Key(new Listed(["a.py", "c.py"]))));
        });
    }

    [Test]
    public void A_public_field_is_in_the_key_and_a_bad_declaration_naming_it()
    {
        var problems = ExperimentParameters.Problems(new WithField { Gain = 0.5 });
        Assert.Multiple(() =>
        {
            Assert.That(Key(new WithField { Gain = 0.5 }), Is.Not.EqualTo(Key(new WithField { Gain = 0.6 })));
            Assert.That(problems, Has.Count.EqualTo(1));
            Assert.That(problems[0], Does.Contain("public field Gain is 0.5").And.Contain("mark the field [JsonInclude]"));
        });
    }

    [Test]
    public void An_internal_property_is_in_the_key_and_a_bad_declaration_naming_it()
    {
        // At its initial value the rebuilt experiment agrees; set by the claim, the value is lost on the way to a worker.
        var problems = ExperimentParameters.Problems(new WithInternalProperty { Gain = 0.7 });
        Assert.Multiple(() =>
        {
            Assert.That(Key(new WithInternalProperty { Gain = 0.5 }), Is.Not.EqualTo(Key(new WithInternalProperty { Gain = 0.7 })));
            Assert.That(ExperimentParameters.Problems(new WithInternalProperty()), Is.Empty);
            Assert.That(problems, Has.Count.EqualTo(1));
            Assert.That(problems[0], Does.Contain("non-public property Gain is 0.7").And.Contain("Make Gain public, or mark it [JsonInclude]"));
        });
    }

    [Test]
    public void A_subtype_in_a_non_abstract_base_parameter_is_in_the_key_and_a_bad_declaration()
    {
        var problems = ExperimentParameters.Problems(new WithSchedule(new FastSched()));
        Assert.Multiple(() =>
        {
            Assert.That(RunIdentity.ParametersOf(new WithSchedule(new FastSched())), Is.EqualTo(RunIdentity.ParametersOf(new WithSchedule(new Sched()))),
                "the JSON form alone cannot tell them apart");
            Assert.That(Key(new WithSchedule(new FastSched())), Is.Not.EqualTo(Key(new WithSchedule(new Sched()))));
            Assert.That(ExperimentParameters.Problems(new WithSchedule(new Sched())), Is.Empty);
            Assert.That(problems, Has.Count.EqualTo(1));
            Assert.That(problems[0], Does.Contain("property S").And.Contain("[JsonDerivedType(typeof(FastSched), \"FastSched\")]"));
        });
    }

    [Test]
    public void A_delegate_in_the_state_is_a_bad_declaration_naming_the_member()
    {
        var problems = ExperimentParameters.Problems(new WithDelegate());
        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Count.EqualTo(1));
            Assert.That(problems[0], Does.Contain("member hidden holds a delegate").And.Contain("mark it [JsonIgnore]"));
        });
    }

    [Test]
    public void A_record_of_parameters_has_no_problem_and_its_values_key_it()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ExperimentParameters.Problems(new Fine(3, [0.1, 0.2])), Is.Empty);
            var same = new Fine(3, [0.1, 0.2]);
            Assert.That(Key(new Fine(3, [0.1, 0.2])), Is.EqualTo(Key(same)), "equal state, equal key (arrays by their items, not by reference)");
            Assert.That(Key(new Fine(3, [0.1, 0.2])), Is.Not.EqualTo(Key(new Fine(3, [0.1, 0.3]))));
        });
    }
}

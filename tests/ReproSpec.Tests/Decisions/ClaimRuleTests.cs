using ReproSpec.Claims;
using ReproSpec.Decisions.Rules;

namespace ReproSpec.Tests.Decisions;

/// <summary>A claim shape is its declaration and one rule: every declaration type must have exactly one.</summary>
public class ClaimRuleTests
{
    static readonly Type[] Shapes = [.. typeof(ClaimDeclaration).Assembly.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(ClaimDeclaration)))];

    [Test]
    public void Every_claim_shape_has_exactly_one_rule()
    {
        var ruled = ClaimRules.All.GroupBy(r => r.Shape).ToDictionary(g => g.Key, g => g.Count());
        Assert.Multiple(() =>
        {
            Assert.That(Shapes, Is.Not.Empty);
            foreach (var shape in Shapes)
                Assert.That(ruled.GetValueOrDefault(shape), Is.EqualTo(1), $"{shape.Name} needs exactly one rule in ClaimRules.All");
            Assert.That(ruled.Keys, Is.SubsetOf(Shapes), "a rule for a type that is no claim shape");
        });
    }

    sealed record Undeclared(Arm Arm) : ClaimDeclaration
    {
        public override string Sentence => "an undeclared shape";

        public override IReadOnlyList<Arm> Arms => [Arm];
    }

    [Test]
    public void A_shape_without_a_rule_is_described_by_its_sentence_and_refused_when_decided()
    {
        var claim = new Undeclared(new Arm("a", new ReproSpec.Simulation.SimulatedExperiment("a")));
        var rule = ClaimRules.For(claim);
        Assert.Multiple(() =>
        {
            Assert.That(rule.Describe(claim), Is.EqualTo((nameof(Undeclared), "an undeclared shape", "")));
            Assert.That(() => rule.MetricOf(claim, new Dictionary<Experiment, IReadOnlyList<ReproSpec.Store.RunRecord>>()),
                Throws.TypeOf<ReproSpec.Decisions.ClaimDeclarationException>().With.Message.EqualTo("no metric known for claims of type Undeclared."));
        });
    }
}

using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Execution;
using ReproSpec.Statistics;
using ReproSpec.Tests.Planning;

namespace ReproSpec.Tests.Claims;

public class SequentialClaimSettingsTests
{
    static readonly ClaimDeclaration Positive = new ThresholdClaim(new Arm("clear", PlanningFixture.Clear), Metric.Named("score"), 0, AtLeast: true);

    static ClaimOutcome Decide(ClaimSettings settings) =>
        new ClaimDecider((requests, cancellation) =>
            Task.FromResult(new RunBatch(requests.Select(r => RunOnce.Execute(r, 1, "", cancellation)).ToList(), 0, requests.Count, TimeSpan.Zero)))
            .DecideAsync(Positive, settings).GetAwaiter().GetResult();

    [Test]
    public void Spending_declared_on_a_fixed_number_of_seeds_is_a_problem_naming_the_fix()
    {
        var fixedN = new ClaimSettings { MinSeeds = 5, MaxSeeds = 5, Spending = SpendingFunction.Pocock };
        var explicitDefault = fixedN with { Spending = SpendingFunction.OBrienFleming };
        var undefined = new ClaimSettings { MinSeeds = 3, MaxSeeds = 9, Batch = 3, Spending = (SpendingFunction)7 };
        Assert.Multiple(() =>
        {
            Assert.That(fixedN.Problems().Single(), Does.Contain("Spending = Pocock applies to a sequential claim").And.Contain("remove Spending"));
            Assert.That(explicitDefault.Problems().Single(), Does.Contain("Spending = OBrienFleming applies to a sequential claim"));
            Assert.That(undefined.Problems().Single(), Does.Contain("Spending = 7 is not a spending function"));
            Assert.That(new ClaimSettings { MinSeeds = 5, MaxSeeds = 5 }.Problems(), Is.Empty);
            Assert.That(new ClaimSettings { MinSeeds = 3, MaxSeeds = 9, Batch = 3, Spending = SpendingFunction.Pocock }.Problems(), Is.Empty);
            Assert.Throws<ClaimDeclarationException>(() => Decide(fixedN));
        });
    }

    [Test]
    public void Design_names_the_seeds_and_for_a_sequential_claim_the_spending_function()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new ClaimSettings { MinSeeds = 10, MaxSeeds = 10 }.Design(), Is.EqualTo("10 seeds per arm"));
            Assert.That(new ClaimSettings { MinSeeds = 3, MaxSeeds = 15, Batch = 3 }.Design(),
                Is.EqualTo("sequential, 3 to 15 seeds per arm by 3, O'Brien–Fleming spending"));
            Assert.That(new ClaimSettings { MinSeeds = 5, MaxSeeds = 20, Batch = 5, Spending = SpendingFunction.Pocock }.Design(),
                Is.EqualTo("sequential, 5 to 20 seeds per arm by 5, Pocock spending"));
        });
    }

    [TestCase(SpendingFunction.OBrienFleming)]
    [TestCase(SpendingFunction.Pocock)]
    public void The_decision_uses_the_declared_spending_functions_nominal_levels(SpendingFunction spending)
    {
        var settings = new ClaimSettings { MinSeeds = 3, MaxSeeds = 12, Batch = 3, Spending = spending };
        var outcome = Decide(settings);
        // A mean-above-a-bound claim is a one-sample t test: its levels are the ones calibrated for t.
        var design = SequentialDesign.Create(3, 12, 3, 0.05, spending, LookStatistic.OneSampleT);
        var other = SequentialDesign.Create(3, 12, 3, 0.05, spending == SpendingFunction.Pocock ? SpendingFunction.OBrienFleming : SpendingFunction.Pocock, LookStatistic.OneSampleT);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Supported), outcome.Reason);
            Assert.That(outcome.Threshold, Is.EqualTo(design.NominalAlphas[outcome.Looks - 1]));
            Assert.That(outcome.Threshold, Is.Not.EqualTo(other.NominalAlphas[outcome.Looks - 1]).Within(1e-6), "the two designs differ at this look");
            Assert.That(outcome.Reason, Does.Contain(ClaimSettings.SpendingName(spending) + " nominal level"));
        });
    }

    [Test]
    public void Without_a_declared_spending_function_a_sequential_claim_uses_obrien_fleming()
    {
        var settings = new ClaimSettings { MinSeeds = 3, MaxSeeds = 12, Batch = 3 };
        var outcome = Decide(settings);
        Assert.Multiple(() =>
        {
            Assert.That(settings.SpendingUsed, Is.EqualTo(SpendingFunction.OBrienFleming));
            Assert.That(outcome.Threshold, Is.EqualTo(SequentialDesign.Create(3, 12, 3, 0.05, statistic: LookStatistic.OneSampleT).NominalAlphas[outcome.Looks - 1]));
        });
    }
}

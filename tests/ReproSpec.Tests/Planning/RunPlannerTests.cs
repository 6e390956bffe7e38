using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Execution;
using ReproSpec.Planning;
using ReproSpec.Store;

namespace ReproSpec.Tests.Planning;

public class RunPlannerTests
{
    string root = "";

    [SetUp]
    public void CreateStore() => root = Directory.CreateTempSubdirectory("reprospec-plan-").FullName;

    [TearDown]
    public void DeleteStore() => Directory.Delete(root, recursive: true);

    static DiscoveredClaim Threshold(Experiment arm, int min, int max) =>
        new($"T.{arm.Name}", new ThresholdClaim(new Arm(arm.Name, arm), Metric.Named("score"), 0, AtLeast: true), new ClaimSettings { MinSeeds = min, MaxSeeds = max, Batch = 3 });

    RunPlan Plan(params DiscoveredClaim[] claims) => RunPlanner.NextLookAsync(claims, new RunStore(root)).GetAwaiter().GetResult();

    void Train(RunPlan plan)
    {
        var store = new RunStore(root);
        foreach (var run in plan.Missing) store.Put(RunOnce.Execute(run.Request, 1, "", CancellationToken.None));
    }

    [Test]
    public void A_sequential_claim_asks_for_one_look_at_a_time_until_decided()
    {
        var noisy = Threshold(PlanningFixture.Noisy, 3, 6);
        var first = Plan(noisy);
        Train(first);
        var second = Plan(noisy);
        Train(second);
        var third = Plan(noisy);
        Assert.Multiple(() =>
        {
            Assert.That(first.Missing.Select(r => r.Request.Seed).Order(), Is.EqualTo(new[] { 0, 1, 2 }));
            Assert.That(second.Claims[0].Decided, Is.False);
            Assert.That(second.Missing.Select(r => r.Request.Seed).Order(), Is.EqualTo(new[] { 3, 4, 5 }), "only the next look's seeds, not the stored ones");
            Assert.That(third.Missing, Is.Empty);
            Assert.That(third.Claims[0].Outcome?.Verdict, Is.EqualTo(Verdict.Inconclusive), "the last look decides, even if inconclusive");
        });
    }

    [Test]
    public void A_claim_decided_at_its_first_look_needs_nothing_more_and_shared_runs_are_planned_once()
    {
        var clear = Threshold(PlanningFixture.Clear, 3, 9);
        var sameArm = Threshold(PlanningFixture.Clear, 3, 3) with { Test = "T.again" };
        var first = Plan(clear, sameArm);
        Train(first);
        var after = Plan(clear, sameArm);
        Assert.Multiple(() =>
        {
            Assert.That(first.Missing, Has.Count.EqualTo(3));
            Assert.That(first.Missing.All(r => r.Claims.Count == 2), Is.True);
            Assert.That(after.Missing, Is.Empty);
            Assert.That(after.Claims.Select(c => c.Outcome?.Verdict), Is.All.EqualTo(Verdict.Supported));
        });
    }

    [Test]
    public void A_badly_declared_claim_is_reported_not_planned()
    {
        var bad = Threshold(PlanningFixture.Clear, 1, 1);
        var plan = Plan(bad);
        Assert.Multiple(() =>
        {
            Assert.That(plan.Missing, Is.Empty);
            Assert.That(plan.Claims[0].Problem, Does.Contain("MinSeeds = 1"));
        });
    }
}

using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Simulation;
using ReproSpec.Statistics;

namespace ReproSpec.Tests.Statistics;

/// <summary>
/// Issue #25: a threshold claim on values that all lie in [0, 1] is judged by the betting test on [0, 1] unless it
/// declares .AssumingNearNormal() (the t test) or another range; values outside [0, 1] keep the t test.
/// </summary>
public class ThresholdDefaultTests
{
    static readonly Arm A = ClaimSimulation.Arm("A");
    static readonly ClaimSettings Ten = new() { MinSeeds = 10, MaxSeeds = 10 };

    static ClaimOutcome Decide(ThresholdClaim claim, params double[] values) =>
        ClaimSimulation.Decide(claim, Ten, "score", new Dictionary<string, SimulatedRun[]> { ["A"] = [.. values.Select(v => new SimulatedRun(v))] });

    // Ten accuracies 1.7 to 2.4 points above the bound, with no seed far below: the t test decides, the betting test cannot yet.
    static readonly double[] Accuracies = [0.97, 0.975, 0.968, 0.972, 0.974, 0.969, 0.971, 0.973, 0.97, 0.972];

    [Test]
    public void Values_in_the_unit_interval_are_judged_by_the_betting_test_on_it()
    {
        var claim = new ThresholdClaim(A, Metric.Named("score"), 0.95, AtLeast: true);
        var outcome = Decide(claim, Accuracies);
        var direct = BoundedMean.Test(Accuracies, 0, 1, 0.95, Alternative.Greater);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Inconclusive));
            Assert.That(outcome.Test!.Test, Does.StartWith(BoundedMean.Name));
            Assert.That(outcome.PSupport, Is.EqualTo(direct.PValue).Within(1e-12), "the betting test's own p");
            Assert.That(outcome.Reason, Does.Contain("rests on: values within [0, 1], where every seed's value lay").And.Contain(".AssumingNearNormal()"));
            // If the next seeds looked like these, the betting test would need this many in all.
            Assert.That(outcome.SeedsToDecide, Is.EqualTo(BoundedMean.SeedsToReject(Accuracies, 0, 1, 0.95, Alternative.Greater, 0.05)));
            // …and the advice says that, not a power it does not compute.
            Assert.That(outcome.Reason, Does.Contain($"{outcome.SeedsToDecide} fresh seeds per arm would reject at α = 0.05 if they looked like these")
                .And.Not.Contain("80 % power"));
        });
    }

    [Test]
    public void The_near_normal_waiver_decides_the_same_values_with_the_t_test_and_says_so()
    {
        var outcome = Decide(new ThresholdClaim(A, Metric.Named("score"), 0.95, AtLeast: true, AssumingNearNormal: true), Accuracies);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Supported));
            Assert.That(outcome.Test!.Test, Does.Not.StartWith(BoundedMean.Name));
            Assert.That(outcome.Reason, Does.Contain("as declared (.AssumingNearNormal())"));
        });
    }

    [Test]
    public void Values_outside_the_unit_interval_keep_the_t_test()
    {
        double[] losses = [1.30, 1.32, 1.29, 1.31, 1.33, 1.30, 1.28, 1.31, 1.32, 1.30];
        var outcome = Decide(new ThresholdClaim(A, Metric.Lower("score"), 1.4, AtLeast: false), losses);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Supported));
            Assert.That(outcome.Test!.Test, Does.StartWith(OneSampleTests.TName));
        });
    }

    [Test]
    public void A_declared_range_is_the_betting_test_on_that_range()
    {
        double[] scores = [7.0, 7.5, 6.8, 7.2, 7.4, 6.9, 7.1, 7.3, 7.0, 7.2];
        var outcome = Decide(new ThresholdClaim(A, Metric.Named("score"), 5, AtLeast: true, Range: new ValueRange(0, 10)), scores);
        Assert.That(outcome.PSupport, Is.EqualTo(BoundedMean.Test(scores, 0, 10, 5, Alternative.Greater).PValue).Within(1e-12));
    }

    [TestCase(true, false, ".Bounded(…) and .AssumingNearNormal() each choose the test of the mean")]
    [TestCase(false, true, ".AssumingNearNormal() chooses the test of the mean; a claim .InFractionOfSeeds(…)")]
    public void The_waiver_with_a_range_or_a_fraction_of_seeds_is_a_declaration_error(bool range, bool fraction, string message)
    {
        var claim = new ThresholdClaim(A, Metric.Named("score"), 0.9, AtLeast: true, SeedFraction: fraction ? 0.8 : null,
            Range: range ? new ValueRange(0, 1) : null, AssumingNearNormal: true);
        Assert.That(claim.Problems(), Has.One.StartWith(message));
    }

    [Test]
    public void Seeds_to_reject_is_the_first_count_at_which_the_repeated_values_reach_the_level()
    {
        var n = BoundedMean.SeedsToReject(Accuracies, 0, 1, 0.95, Alternative.Greater, 0.05);
        Assert.That(n, Is.Not.Null);
        double[] Repeat(int count) => [.. Enumerable.Range(0, count).Select(i => Accuracies[i % Accuracies.Length])];
        Assert.Multiple(() =>
        {
            Assert.That(BoundedMean.Test(Repeat(n!.Value), 0, 1, 0.95, Alternative.Greater).PValue, Is.LessThanOrEqualTo(0.05));
            Assert.That(BoundedMean.Test(Repeat(n.Value - 1), 0, 1, 0.95, Alternative.Greater).PValue, Is.GreaterThan(0.05));
            Assert.That(BoundedMean.SeedsToReject(Accuracies, 0, 1, 0.99, Alternative.Greater, 0.05), Is.Null, "values below the bound never support it");
        });
    }
}

/// <summary>
/// Issue #25: a reproduction claim whose values of ours all lie in [0, 1] is judged by the betting test on [0, 1] against
/// the reported mean's t bound (<see cref="BoundedReproduction"/>), unless it declares .AssumingNearNormal().
/// </summary>
public class ReproductionDefaultTests
{
    static readonly Arm A = ClaimSimulation.Arm("A");
    static readonly double[] Ours = [0.97, 0.975, 0.968, 0.972, 0.974, 0.969, 0.971, 0.973, 0.97, 0.972];

    [Test]
    public void With_a_reported_mean_known_exactly_the_p_value_is_the_betting_tests_at_half_the_level()
    {
        // w = ½ of the level goes to the reported mean; with its sd near 0 that half buys nothing, so p = 2 · p(betting).
        var p = BoundedReproduction.PValue(Ours, 0, 1, 0.98, 1e-12, 1000, -0.03, Alternative.Greater, 0.05);
        var betting = BoundedMean.Test(Ours, 0, 1, 0.95, Alternative.Greater, 0.05).PValue;
        Assert.That(p, Is.EqualTo(Math.Min(1, 2 * betting)).Within(1e-9));
    }

    [Test]
    public void The_p_value_is_the_smallest_level_at_which_the_union_bound_rejects()
    {
        // Scan the level a on a grid, with the public pieces: reject at a when the betting p against m + c(a/2) + d is ≤ a/2.
        const double m = 0.975, sd = 0.004, d = -0.03;
        const int n = 3;
        double[] ours = [.. Enumerable.Range(0, 100).Select(i => Ours[i % Ours.Length])];
        var p = BoundedReproduction.PValue(ours, 0, 1, m, sd, n, d, Alternative.Greater, 0.05);
        double? smallest = null;
        for (var a = 0.0005; a <= 1; a += 0.0005)
        {
            var c = a / 2 >= 0.5 ? 0 : MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, n - 1, 1 - a / 2) * sd / Math.Sqrt(n);
            if (BoundedMean.Test(ours, 0, 1, m + c + d, Alternative.Greater, 0.05).PValue <= a / 2) { smallest = a; break; }
        }
        Assert.That(smallest, Is.Not.Null, "the scan must reject somewhere below 1 for this check to mean anything");
        Assert.That(p, Is.InRange(smallest!.Value - 0.0005, smallest.Value));
    }

    [Test]
    public void A_reproduction_on_values_in_the_unit_interval_uses_the_betting_test_and_the_waiver_uses_welch()
    {
        var reported = Reported.MeanSd(0.972, 0.003, 5, "simulated paper");
        var runs = new Dictionary<string, SimulatedRun[]> { ["A"] = [.. Ours.Select(v => new SimulatedRun(v))] };
        var settings = new ClaimSettings { MinSeeds = 10, MaxSeeds = 10 };
        var byDefault = ClaimSimulation.Decide(new ReproducesClaim(A, Metric.Named("score"), reported, 0.01), settings, "score", runs);
        var waived = ClaimSimulation.Decide(new ReproducesClaim(A, Metric.Named("score"), reported, 0.01, AssumingNearNormal: true), settings, "score", runs);
        Assert.Multiple(() =>
        {
            Assert.That(byDefault.Test!.Test, Does.StartWith(BoundedReproduction.Name));
            Assert.That(byDefault.Reason, Does.Contain("rests on: our values within [0, 1]").And.Contain("the reported runs near normal"));
            Assert.That(waived.Test!.Test, Does.StartWith("TOST against reported summary (Welch"));
            Assert.That(waived.Verdict, Is.EqualTo(Verdict.Supported), waived.Reason);
            Assert.That(byDefault.PSupport, Is.GreaterThan(waived.PSupport), "the betting test asks more of ten seeds");
        });
    }

    [Test]
    public void An_inconclusive_reproduction_prints_the_seeds_at_which_these_values_repeated_would_reproduce_it()
    {
        var reported = Reported.MeanSd(0.972, 0.003, 5, "simulated paper");
        var claim = new ReproducesClaim(A, Metric.Named("score"), reported, 0.01);
        var outcome = ClaimSimulation.Decide(claim, new ClaimSettings { MinSeeds = 10, MaxSeeds = 10 }, "score",
            new Dictionary<string, SimulatedRun[]> { ["A"] = [.. Ours.Select(v => new SimulatedRun(v))] });
        // The p-value the claim is Supported by, on our values repeated in seed order to n seeds.
        double PFor(int n)
        {
            double[] values = [.. Enumerable.Range(0, n).Select(i => Ours[i % Ours.Length])];
            return Math.Max(BoundedReproduction.PValue(values, 0, 1, 0.972, 0.003, 5, -0.01, Alternative.Greater, 0.05),
                BoundedReproduction.PValue(values, 0, 1, 0.972, 0.003, 5, 0.01, Alternative.Less, 0.05));
        }
        var seeds = outcome.SeedsToDecide;
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Inconclusive), outcome.Reason);
            Assert.That(seeds, Is.Not.Null, "ours lean inside the tolerance: some count of such seeds reproduces it");
            Assert.That(PFor(seeds!.Value), Is.LessThan(0.05), "at the printed count the repeated values reproduce the claim");
            Assert.That(PFor(seeds.Value - 1), Is.GreaterThanOrEqualTo(0.05), "and one seed fewer does not");
            Assert.That(outcome.Reason, Does.Contain($"{seeds} fresh seeds per arm would reject at α = 0.05 if they looked like these"));
        });
    }
}

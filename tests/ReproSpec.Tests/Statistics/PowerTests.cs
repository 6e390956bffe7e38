using System.Text.Json;
using ReproSpec.Statistics;

namespace ReproSpec.Tests.Statistics;

public class PowerTests
{
    static IEnumerable<JsonElement> WelchCases() => ReferenceB.Section("welch_power").EnumerateArray();

    [Test]
    public void Welch_power_matches_the_noncentral_t_formula_computed_in_scipy()
    {
        Assert.Multiple(() =>
        {
            foreach (var c in WelchCases())
            {
                var power = Power.WelchPower(c.GetProperty("delta").GetDouble(), c.GetProperty("sdA").GetDouble(),
                    c.GetProperty("sdB").GetDouble(), c.GetProperty("nA").GetInt32(), c.GetProperty("nB").GetInt32(),
                    c.GetProperty("alpha").GetDouble(), Enum.Parse<Alternative>(c.GetProperty("alternative").GetString()!),
                    c.GetProperty("margin").GetDouble());
                var expected = c.GetProperty("power").GetDouble();
                Assert.That(power, Is.EqualTo(expected).Within(1e-7 * expected + 1e-12), c.ToString());
            }
        });
    }

    // Seeded simulation of part A's Welch test against the noncentral-t approximation. 4,000 replications give a
    // Monte-Carlo standard error of at most 0.8 points; the tolerance is 4 standard errors plus 1 point for the
    // approximation itself (df taken from the true, not the estimated, variances).
    [TestCase(1.0, 1.0, 1.0, 5, 5, Alternative.Greater, 0.0)]
    [TestCase(0.5, 1.0, 2.0, 10, 30, Alternative.Greater, 0.0)]
    [TestCase(3.0, 1.5, 0.8, 8, 8, Alternative.Greater, 1.0)]
    [TestCase(1.0, 1.0, 1.0, 10, 10, Alternative.TwoSided, 0.0)]
    [TestCase(0.2, 0.5, 0.5, 12, 7, Alternative.Less, 1.0)]
    public void Welch_power_agrees_with_a_seeded_simulation_of_the_Welch_test(double delta, double sdA, double sdB, int nA, int nB,
        Alternative alternative, double margin)
    {
        const double alpha = 0.05;
        var analytic = Power.WelchPower(delta, sdA, sdB, nA, nB, alpha, alternative, margin);
        var simulated = Power.Simulate(Power.NormalSampler(delta, sdA), Power.NormalSampler(0, sdB), nA, nB,
            (a, b) => TwoSampleTests.Welch(a, b, alternative, margin).PValue, alpha, replications: 4000, seed: 7);
        var se = Math.Sqrt(analytic * (1 - analytic) / simulated.Replications);
        Assert.That(simulated.Power, Is.EqualTo(analytic).Within(4 * se + 0.01));
    }

    [Test]
    public void Colas_2018_five_seeds_miss_their_typical_effect_about_half_the_time()
    {
        // Inputs: the example data shipped with Colas, Sigaud and Oudeyer (2018)'s code (flowersteam/rl-difference-testing,
        // data1/data2: 20 final Half-Cheetah returns per algorithm): means 3649.0 and 4913.4, sds 945.8 and 1387.8.
        // The effect to detect is their observed difference ε = 1264.3; the test is one-sided Welch at α = 0.05 as
        // in their compute_beta(). Their shifted central-t formula gives β(5) = 0.580; the noncentral t gives 0.549.
        var colas = ReferenceB.Section("colas2018");
        var (sd1, sd2, epsilon) = (colas.GetProperty("sd1").GetDouble(), colas.GetProperty("sd2").GetDouble(), colas.GetProperty("epsilon").GetDouble());
        var rows = colas.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("n").GetInt32());

        var beta5 = 1 - Power.WelchPower(epsilon, sd2, sd1, 5, 5, 0.05);
        var simulated = Power.Simulate(Power.NormalSampler(epsilon, sd2), Power.NormalSampler(0, sd1), 5, 5,
            (a, b) => TwoSampleTests.Welch(a, b).PValue, 0.05, replications: 4000, seed: 2018);
        var plan = Power.SeedsNeeded(epsilon, sd2, sd1, margin: 0, alpha: 0.05, power: 0.8);

        Assert.Multiple(() =>
        {
            Assert.That(beta5, Is.EqualTo(rows[5].GetProperty("beta_noncentral_t").GetDouble()).Within(1e-7));
            Assert.That(beta5, Is.InRange(0.45, 0.6), "about half of real differences of this size are missed with 5 seeds");
            Assert.That(1 - simulated.Power, Is.EqualTo(beta5).Within(4 * simulated.StandardError + 0.01));
            // β ≤ 0.2 needs more than twice the seeds.
            Assert.That(plan.SeedsPerArm, Is.EqualTo(colas.GetProperty("seeds_for_power_0.8").GetInt32()));
            Assert.That(plan.SeedsPerArm, Is.GreaterThan(10));
            Assert.That(1 - Power.WelchPower(epsilon, sd2, sd1, 10, 10, 0.05), Is.GreaterThan(0.2));
        });
    }

    [Test]
    public void Seeds_needed_is_the_smallest_n_reaching_the_target_power()
    {
        var plan = Power.SeedsNeeded(delta: 1.0, sdA: 1.0, sdB: 1.5, margin: 0.25, alpha: 0.05, power: 0.9);
        Assert.Multiple(() =>
        {
            Assert.That(plan.Reachable, Is.True);
            Assert.That(plan.Power, Is.GreaterThanOrEqualTo(0.9));
            Assert.That(Power.WelchPower(1.0, 1.0, 1.5, plan.SeedsPerArm!.Value - 1, plan.SeedsPerArm.Value - 1, 0.05, margin: 0.25),
                Is.LessThan(0.9));
            Assert.That(plan.Power, Is.EqualTo(Power.WelchPower(1.0, 1.0, 1.5, plan.SeedsPerArm.Value, plan.SeedsPerArm.Value, 0.05, margin: 0.25)));
        });
    }

    [Test]
    public void Seeds_needed_from_a_pilot_uses_its_mean_difference_and_standard_deviations()
    {
        double[] pilotA = [0.91, 0.93, 0.90, 0.94, 0.92];
        double[] pilotB = [0.88, 0.90, 0.87, 0.89, 0.91];
        var fromPilot = Power.SeedsNeeded(pilotA, pilotB, margin: 0.01, alpha: 0.05);
        var direct = Power.SeedsNeeded(0.03, Math.Sqrt(0.00025), Math.Sqrt(0.00025), 0.01, 0.05);
        Assert.Multiple(() =>
        {
            Assert.That(fromPilot.Delta, Is.EqualTo(0.03).Within(1e-12));
            Assert.That(fromPilot.SdA, Is.EqualTo(Math.Sqrt(0.00025)).Within(1e-12));
            Assert.That(fromPilot.SeedsPerArm, Is.EqualTo(direct.SeedsPerArm));
        });
    }

    [Test]
    public void An_effect_at_or_below_the_margin_is_unreachable_with_any_number_of_seeds()
    {
        var plan = Power.SeedsNeeded(delta: 0.5, sdA: 1, sdB: 1, margin: 0.5, alpha: 0.05, maxSeeds: 500);
        Assert.Multiple(() =>
        {
            Assert.That(plan.Reachable, Is.False);
            Assert.That(plan.SeedsPerArm, Is.Null);
            // At the margin the power is the type-I error rate.
            Assert.That(plan.Power, Is.EqualTo(0.05).Within(1e-9));
        });
    }

    [Test]
    public void Power_at_zero_effect_is_alpha_and_grows_with_seeds()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Power.WelchPower(0, 1, 2, 7, 9, 0.05), Is.EqualTo(0.05).Within(1e-9));
            Assert.That(Power.WelchPower(0, 1, 2, 7, 9, 0.05, Alternative.TwoSided), Is.EqualTo(0.05).Within(1e-9));
            Assert.That(Power.WelchPower(0.5, 1, 1, 20, 20, 0.05), Is.GreaterThan(Power.WelchPower(0.5, 1, 1, 10, 10, 0.05)));
        });
    }

    [Test]
    public void Zero_variance_arms_make_the_test_exact()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Power.WelchPower(0.1, 0, 0, 3, 3, 0.05), Is.EqualTo(1));
            Assert.That(Power.WelchPower(-0.1, 0, 0, 3, 3, 0.05), Is.EqualTo(0));
            Assert.That(Power.WelchPower(0.1, 0, 0, 3, 3, 0.05, margin: 0.1), Is.EqualTo(0));
        });
    }

    [Test]
    public void Pilots_without_spread_plan_two_seeds_or_none()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Power.SeedsNeeded([0.9, 0.9], [0.8, 0.8], margin: 0.05, alpha: 0.05).SeedsPerArm, Is.EqualTo(2));
            Assert.That(Power.SeedsNeeded([0.9, 0.9], [0.8, 0.8], margin: 0.1, alpha: 0.05).Reachable, Is.False);
        });
    }

    [Test]
    public void Bad_inputs_name_the_problem()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => Power.WelchPower(1, 1, 1, 1, 5, 0.05),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("nA = 1"));
            Assert.That(() => Power.WelchPower(1, -1, 1, 5, 5, 0.05),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("sdA"));
            Assert.That(() => Power.WelchPower(double.NaN, 1, 1, 5, 5, 0.05),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("delta"));
            Assert.That(() => Power.WelchPower(1, 1, 1, 5, 5, 0),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("alpha"));
            Assert.That(() => Power.SeedsNeeded(1, 1, 1, 0, 0.05, power: 1),
                Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("power"));
            Assert.That(() => Power.SeedsNeeded([1.0], [1.0, 2.0], 0, 0.05),
                Throws.ArgumentException.With.Message.Contains("pilotA"));
            Assert.That(() => Power.SeedsNeeded([1.0, double.NaN], [1.0, 2.0], 0, 0.05),
                Throws.ArgumentException.With.Message.Contains("non-finite"));
            Assert.That(() => Power.Simulate(Power.NormalSampler(0, 1), Power.NormalSampler(0, 1), 5, 5, (_, _) => double.NaN, 0.05, 10),
                Throws.InvalidOperationException.With.Message.Contains("NaN"));
            Assert.That(() => NoncentralT.Cdf(1, 0, 1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Degrees of freedom"));
            Assert.That(() => NoncentralT.Survival(double.NaN, 3, 1), Throws.ArgumentException.With.Message.Contains("NaN"));
        });
    }

    [Test]
    public void Simulation_is_reproducible_from_its_seed()
    {
        PowerEstimate Run(ulong seed) => Power.Simulate(Power.NormalSampler(0.5, 1), Power.NormalSampler(0, 1), 6, 6,
            (a, b) => TwoSampleTests.Welch(a, b).PValue, 0.05, replications: 300, seed: seed);
        var first = Run(1);
        Assert.Multiple(() =>
        {
            Assert.That(Run(1), Is.EqualTo(first));
            Assert.That(Enumerable.Range(1, 5).Select(s => Run((ulong)s).Rejections).Distinct().Count(), Is.GreaterThan(1));
        });
    }
}

using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Simulation;
using ReproSpec.Statistics;

namespace ReproSpec.Tests.Decisions;

/// <summary>What an Inconclusive claim proposes, the fewest seeds a binomial claim needs, and why seeds already seen are not re-tested.</summary>
public class ContinuationTests
{
    static readonly ClaimSettings Sequential = new() { MinSeeds = 5, MaxSeeds = 20, Batch = 5 };

    [Test]
    public void The_proposed_seeds_give_80_percent_power_at_the_new_designs_last_look_level_not_at_alpha()
    {
        // Observed: a difference of 0.3 above a margin of 0 with sd 1 in both arms (unpaired).
        var a = Enumerable.Range(0, 20).Select(i => 0.3 + (i % 2 == 0 ? 1.0 : -1.0)).ToArray();
        var b = Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? 1.0 : -1.0).ToArray();
        var n = SeedPlanning.SeedsToDecide(a, b, 0, Sequential, LookStatistic.Normal, paired: false)!.Value;
        var level = SeedPlanning.LastLevel(Sequential, n, LookStatistic.Normal);
        var sd = Math.Sqrt(Descriptive.Variance(a));
        var atAlpha = Power.SeedsNeeded(0.3, sd, sd, 0, 0.05, 0.8, maxSeeds: 1000).SeedsPerArm!.Value;
        Assert.Multiple(() =>
        {
            Assert.That(level, Is.LessThan(0.05), "an O'Brien–Fleming design's last look is judged below α");
            var batch = (int)Math.Ceiling((n - 5) / 3.0);
            Assert.That(level, Is.EqualTo(SequentialDesign.Create(5, n, batch, 0.05).NominalAlphas[^1]), "the new design keeps the 4 looks of 5 to 20 by 5");
            Assert.That(Power.WelchPower(0.3, sd, sd, n, n, level), Is.GreaterThanOrEqualTo(0.8));
            Assert.That(n, Is.GreaterThan(atAlpha), "planning at α would promise 80 % power with too few seeds");
            var advice = SeedPlanning.Advice(Sequential, n, LookStatistic.Normal);
            Assert.That(advice, Does.StartWith($"{n} fresh seeds per arm would give 80 % power at its last look's level {level:G3} if the true effect equalled the observed one"));
            Assert.That(advice, Does.Contain($"[Claim(MinSeeds = 5, MaxSeeds = {n}, Batch = {batch}, FirstSeed = 20, …)]"));
            Assert.That(advice, Does.Contain("raising MaxSeeds instead would test seeds 0–19 again as if fresh"));
            Assert.That(SeedPlanning.Advice(new ClaimSettings { MinSeeds = 5, MaxSeeds = 5 }, 12, LookStatistic.OneSampleT), Does.Contain("at α = 0.05").And.Contain("[Claim(Seeds = 12, FirstSeed = 5, …)]"));
        });
    }

    /// <summary>
    /// A paired (or one-sample) t design is judged at simulated one-sample t levels, below the normal-theory ones: the
    /// continuation it proposes is planned, and its level printed, at those, so its 80 % is not promised at a level the
    /// rule never uses. Through ClaimDecider, as a user's Inconclusive paired claim gets it.
    /// </summary>
    [Test]
    public void A_paired_t_claims_continuation_is_planned_at_its_simulated_last_look_level()
    {
        var settings = new ClaimSettings { MinSeeds = 3, MaxSeeds = 12, Batch = 3, Test = TestKind.PairedT };
        // Paired differences 0.4 ± 1 (seed effects cancel): not decided at 12 seeds.
        double[] differences = [1.4, -0.6, 1.3, -0.5, 1.5, -0.7, 1.4, -0.6, 1.2, -0.4, 1.4, -0.6];
        var (outcome, challenger, baseline) = DecidePaired(differences, settings);
        var n = outcome.SeedsToDecide!.Value;
        var simulated = SeedPlanning.LastLevel(settings, n, LookStatistic.OneSampleT);
        var normal = SeedPlanning.LastLevel(settings, n, LookStatistic.Normal);
        var sd = Math.Sqrt(Descriptive.Variance(differences));
        var mean = differences.Average();
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Inconclusive), outcome.Reason);
            Assert.That(simulated, Is.LessThan(normal), "the simulated t level of 3 → n by 3 lies below normal theory's");
            Assert.That(outcome.Reason, Does.Contain($"{n} fresh seeds per arm would give 80 % power at its last look's level {simulated:G3}"));
            Assert.That(Power.WelchPower(mean, sd, 0, n, n, simulated), Is.GreaterThanOrEqualTo(0.8), "80 % power at the level the rule uses");
            Assert.That(n, Is.EqualTo(SeedPlanning.SeedsToDecide(challenger, baseline, 0, settings, LookStatistic.OneSampleT, paired: true)));
            Assert.That(n, Is.GreaterThanOrEqualTo(SeedPlanning.SeedsToDecide(challenger, baseline, 0, settings, LookStatistic.Normal, paired: true)!.Value));
        });
    }

    /// <summary>"A beats B" decided on arms whose per-seed differences are <paramref name="differences"/> over a rising baseline.</summary>
    static (ClaimOutcome Outcome, double[] Challenger, double[] Baseline) DecidePaired(double[] differences, ClaimSettings settings)
    {
        var baseline = Enumerable.Range(0, differences.Length).Select(i => 0.5 + 0.1 * i).ToArray();
        var challenger = baseline.Zip(differences, (b, d) => b + d).ToArray();
        var claim = new BeatsClaim(ClaimSimulation.Arm("A"), ClaimSimulation.Arm("B"), Metric.Named("score"));
        var outcome = ClaimSimulation.Decide(claim, settings, "score", new Dictionary<string, SimulatedRun[]>
        {
            ["A"] = [.. challenger.Select(v => new SimulatedRun(v))],
            ["B"] = [.. baseline.Select(v => new SimulatedRun(v))],
        });
        return (outcome, challenger, baseline);
    }

    [Test]
    public void The_default_paired_claims_continuation_is_planned_at_the_critical_value_it_is_judged_by()
    {
        // The same Inconclusive paired data under the default (the skew-robust paired t): its plan gives 80 % power to the
        // t test at the level whose critical value is the robust test's, one seed fewer does not, and it asks for more
        // seeds than the t waiver's plan.
        var settings = new ClaimSettings { MinSeeds = 10, MaxSeeds = 10 };
        double[] differences = [1.4, -0.6, 1.3, -0.5, 1.5, -0.7, 1.4, -0.6, 1.2, -0.4];
        var (outcome, challenger, baseline) = DecidePaired(differences, settings);
        var n = outcome.SeedsToDecide!.Value;
        var sd = Math.Sqrt(Descriptive.Variance(differences));
        var mean = differences.Average();
        double PowerAt(int seeds) => Power.WelchPower(mean, sd, 0, seeds, seeds, SkewRobustPairedT.EquivalentTLevel(seeds, 0.05));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Inconclusive), outcome.Reason);
            Assert.That(PowerAt(n), Is.GreaterThanOrEqualTo(0.8));
            Assert.That(PowerAt(n - 1), Is.LessThan(0.8));
            Assert.That(n, Is.GreaterThan(SeedPlanning.SeedsToDecide(challenger, baseline, 0, settings with { Test = TestKind.PairedT }, LookStatistic.OneSampleT, paired: true)!.Value));
        });
    }

    [TestCase(0.9, 29)]
    [TestCase(0.8, 14)]
    [TestCase(0.5, 5)]
    public void A_fraction_of_seeds_claim_needs_the_fewest_seeds_whose_best_binomial_p_clears_alpha(double q, int expected)
    {
        var fixedN = new ClaimSettings { MinSeeds = 5, MaxSeeds = 5 };
        var arm = new Arm("a", new Planning.Alternating(1, 0.1));
        Assert.Multiple(() =>
        {
            // 0.9^29 = 0.047 < 0.05 ≤ 0.9^28 = 0.052: the smallest n with q^n < α.
            Assert.That(Enumerable.Range(2, 100).First(n => Math.Pow(q, n) < 0.05), Is.EqualTo(expected));
            Assert.That(SeedPlanning.MinimumSeeds(new StableClaim(arm, arm with { Name = "b" }, Metric.Named("score"), q), fixedN), Is.EqualTo(expected));
            Assert.That(SeedPlanning.MinimumSeeds(new ThresholdClaim(arm, Metric.Named("score"), 0.5, AtLeast: true, SeedFraction: q), fixedN), Is.EqualTo(expected));
        });
    }

    [Test]
    public void A_divergence_claim_needs_59_seeds_at_5_percent_and_more_under_a_sequential_design()
    {
        var arm = new Arm("a", new Planning.Alternating(1, 0.1));
        var claim = new DivergenceClaim(arm, 0.05);
        var sequential = new ClaimSettings { MinSeeds = 10, MaxSeeds = 60, Batch = 10 };
        var minimum = SeedPlanning.MinimumSeeds(claim, sequential)!.Value;
        // The exact minimum for the sequential design: 0.95^n below its own last look's level.
        // (MaxSeeds n with the declared design's 6 looks.)
        var brute = Enumerable.Range(59, 200).First(n => Math.Pow(0.95, n) < SequentialDesign.Create(10, n, (int)Math.Ceiling((n - 10) / 5.0), 0.05).NominalAlphas[^1]);
        Assert.Multiple(() =>
        {
            Assert.That(SeedPlanning.MinimumSeeds(claim, new ClaimSettings { MinSeeds = 5, MaxSeeds = 5 }), Is.EqualTo(59));
            Assert.That(minimum, Is.EqualTo(brute));
            Assert.That(minimum, Is.GreaterThan(59));
            Assert.That(SeedPlanning.Unsupportable(claim, sequential).Single(), Does.Contain($"It needs at least {minimum} seeds per arm at α = 0.05; declare MaxSeeds = {minimum} or more"));
            Assert.That(SeedPlanning.Unsupportable(claim, sequential with { MaxSeeds = minimum }), Is.Empty);
        });
    }

    /// <summary>
    /// Seeded simulation at the margin (both arms N(0, 1), claim "A beats B by ≥ 0", Welch, α = 0.05, R = 20,000):
    /// the old advice (Inconclusive at 5 seeds → re-declare 10 seeds, re-testing seeds 0–4 as new) makes each error
    /// larger than α; the pre-registered design alone, and a new design on fresh seeds judged on its own seeds, do not.
    /// </summary>
    [Test]
    public void Raising_MaxSeeds_on_seen_seeds_inflates_each_error_and_fresh_seeds_do_not()
    {
        const int replications = 20_000;
        const double alpha = 0.05;
        var random = new SeededRandom(20261202);
        int preRegisteredSupported = 0, preRegisteredRefuted = 0, reusedSupported = 0, reusedRefuted = 0;
        int inconclusive = 0, freshSupported = 0, freshRefuted = 0;
        for (var r = 0; r < replications; r++)
        {
            var a = Normals(random, 15);
            var b = Normals(random, 15);
            var first = Decide(a[..5], b[..5], alpha);
            if (first == Verdict.Supported) preRegisteredSupported++;
            if (first == Verdict.Refuted) preRegisteredRefuted++;
            var reused = first == Verdict.Inconclusive ? Decide(a[..10], b[..10], alpha) : first;
            if (reused == Verdict.Supported) reusedSupported++;
            if (reused == Verdict.Refuted) reusedRefuted++;
            if (first != Verdict.Inconclusive) continue;
            inconclusive++;
            var fresh = Decide(a[5..15], b[5..15], alpha);
            if (fresh == Verdict.Supported) freshSupported++;
            if (fresh == Verdict.Refuted) freshRefuted++;
        }
        double Rate(int k, int n) => (double)k / n;
        double Bound(int n) => alpha + 3 * Math.Sqrt(alpha * (1 - alpha) / n);
        TestContext.Out.WriteLine($"pre-registered 5 seeds: errors {Rate(preRegisteredSupported, replications):F4} / {Rate(preRegisteredRefuted, replications):F4}");
        TestContext.Out.WriteLine($"raise to 10 on seeds 0–9: errors {Rate(reusedSupported, replications):F4} / {Rate(reusedRefuted, replications):F4}");
        TestContext.Out.WriteLine($"fresh seeds 5–14 after Inconclusive ({inconclusive}): errors {Rate(freshSupported, inconclusive):F4} / {Rate(freshRefuted, inconclusive):F4}");
        Assert.Multiple(() =>
        {
            Assert.That(Rate(preRegisteredSupported, replications), Is.LessThanOrEqualTo(Bound(replications)));
            Assert.That(Rate(preRegisteredRefuted, replications), Is.LessThanOrEqualTo(Bound(replications)));
            Assert.That(Rate(reusedSupported, replications), Is.GreaterThan(Bound(replications)), "re-testing seen seeds as new inflates the Supported error");
            Assert.That(Rate(reusedRefuted, replications), Is.GreaterThan(Bound(replications)), "and the Refuted error");
            Assert.That(Rate(freshSupported, inconclusive), Is.LessThanOrEqualTo(Bound(inconclusive)), "fresh seeds: the new verdict keeps its α whatever came before");
            Assert.That(Rate(freshRefuted, inconclusive), Is.LessThanOrEqualTo(Bound(inconclusive)));
        });
    }

    static Verdict Decide(double[] a, double[] b, double alpha)
    {
        if (TwoSampleTests.Welch(a, b, Alternative.Greater, 0).PValue < alpha) return Verdict.Supported;
        return TwoSampleTests.Welch(a, b, Alternative.Less, 0).PValue < alpha ? Verdict.Refuted : Verdict.Inconclusive;
    }

    static double[] Normals(SeededRandom random, int n) => Enumerable.Range(0, n).Select(_ => Power.StandardNormal(random)).ToArray();
}

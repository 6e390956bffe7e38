using ReproSpec.Claims;
using ReproSpec.Simulation;
using ReproSpec.Statistics;
using ReproSpec.Store;
using ReproSpec.Tests.Statistics;

namespace ReproSpec.Tests.Decisions;

/// <summary>
/// Issue #25's data kinds, seeded and small enough for CI, through <see cref="ClaimSimulation"/> as a user's claim is
/// decided; docs/calibration.md ("Data ML produces") has the same rows at larger R.
/// </summary>
public class DataKindSimulationTests
{
    static readonly Arm A = ClaimSimulation.Arm("A");
    static readonly Arm B = ClaimSimulation.Arm("B");

    static double Gaussian(SeededRandom r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [Test]
    public void Welch_with_unequal_n_after_exclusions_keeps_alpha_under_looks()
    {
        // At the margin (equal means), A sd 1 and B sd 2, runs diverging with probability 0.05 (A) and 0.2 (B), excluded:
        // unequal n at every look of 2 → 10 by 2; a look with < 2 usable runs in an arm decides nothing and the claim goes on.
        const int replications = 1500;
        var settings = new ClaimSettings { MinSeeds = 2, MaxSeeds = 10, Batch = 2, Spending = SpendingFunction.Pocock, Test = TestKind.Welch, Divergence = DivergencePolicy.Exclude };
        SimulatedRun Draw(SeededRandom r, double diverge, double sd) =>
            r.NextDouble() < diverge ? new SimulatedRun(double.NaN, RunStatus.Diverged) : new SimulatedRun(sd * Gaussian(r));
        var rates = ClaimSimulation.Run(new BeatsClaim(A, B, Metric.Named("score")), settings, "score",
            (r, n) => new Dictionary<string, SimulatedRun[]>
            {
                ["A"] = [.. Enumerable.Range(0, n).Select(_ => Draw(r, 0.05, 1))],
                ["B"] = [.. Enumerable.Range(0, n).Select(_ => Draw(r, 0.2, 2))],
            }, replications, seed: 2501);
        Assert.Multiple(() =>
        {
            Assert.That(rates.Supported.Power, Is.LessThanOrEqualTo(MonteCarloBar.Allowance(replications)), "Supported at the margin");
            Assert.That(rates.Refuted.Power, Is.LessThanOrEqualTo(MonteCarloBar.Allowance(replications)), "Refuted at the margin");
        });
    }

    [Test]
    public void A_relative_margin_keeps_alpha_at_its_margin_when_the_baseline_crosses_zero()
    {
        // Baseline values around 0 (sd 0.05) cross zero in most replications; A = B + 10 %·|B| + paired noise: exactly at the margin.
        const int replications = 1500;
        var claim = new BeatsClaim(A, B, Metric.Named("score"), 0.10, RelativeMargin: true);
        var settings = new ClaimSettings { MinSeeds = 8, MaxSeeds = 8 };
        var rates = ClaimSimulation.Run(claim, settings, "score", (r, n) =>
        {
            var b = Enumerable.Range(0, n).Select(_ => 0.01 + 0.05 * Gaussian(r)).ToArray();
            var a = b.Select(v => v + 0.10 * Math.Abs(v) + 0.02 * Gaussian(r)).ToArray();
            return new Dictionary<string, SimulatedRun[]> { ["A"] = [.. a.Select(v => new SimulatedRun(v))], ["B"] = [.. b.Select(v => new SimulatedRun(v))] };
        }, replications, seed: 2502);
        Assert.Multiple(() =>
        {
            Assert.That(rates.Supported.Power, Is.LessThanOrEqualTo(MonteCarloBar.Allowance(replications)), "Supported at the margin");
            Assert.That(rates.Refuted.Power, Is.LessThanOrEqualTo(MonteCarloBar.Allowance(replications)), "Refuted at the margin");
        });
    }

    [Test]
    public void The_default_keeps_alpha_when_seeds_collapse_and_the_near_normal_waiver_says_what_it_rests_on()
    {
        // 5 % of seeds collapse to 0.6, the rest are shares of 2,000 items; the mean is exactly the bound 0.95.
        const int replications = 300;
        double Seed(SeededRandom r)
        {
            if (r.NextDouble() < 0.05) return 0.6;
            var correct = 0;
            var q = (0.95 - 0.05 * 0.6) / 0.95;
            for (var i = 0; i < 2000; i++) correct += r.NextDouble() < q ? 1 : 0;
            return correct / 2000.0;
        }
        IReadOnlyDictionary<string, SimulatedRun[]> Sample(SeededRandom r, int n) =>
            new Dictionary<string, SimulatedRun[]> { ["A"] = [.. Enumerable.Range(0, n).Select(_ => new SimulatedRun(Seed(r)))] };
        var settings = new ClaimSettings { MinSeeds = 10, MaxSeeds = 10 };
        // The default: no range declared, every value in [0, 1], so the betting test on [0, 1].
        var byDefault = ClaimSimulation.Run(new ThresholdClaim(A, Metric.Named("score"), 0.95, AtLeast: true),
            settings, "score", Sample, replications, seed: 2503);
        var waived = ClaimSimulation.Run(new ThresholdClaim(A, Metric.Named("score"), 0.95, AtLeast: true, AssumingNearNormal: true),
            settings, "score", Sample, replications, seed: 2503);
        var once = ClaimSimulation.Decide(new ThresholdClaim(A, Metric.Named("score"), 0.95, AtLeast: true, AssumingNearNormal: true), settings, "score",
            Sample(new SeededRandom(2504), 10));
        var onceByDefault = ClaimSimulation.Decide(new ThresholdClaim(A, Metric.Named("score"), 0.95, AtLeast: true), settings, "score",
            Sample(new SeededRandom(2504), 10));
        Assert.Multiple(() =>
        {
            Assert.That(byDefault.Supported.Power, Is.LessThanOrEqualTo(MonteCarloBar.Allowance(replications)), "the default at the margin");
            Assert.That(byDefault.Refuted.Power, Is.LessThanOrEqualTo(MonteCarloBar.Allowance(replications)), "the default at the margin");
            // The waiver errs here (about 0.59 at R = 2,000, docs/calibration.md): the simulation must see it, or it checks nothing.
            Assert.That(waived.Supported.Power, Is.GreaterThan(0.4), "the near-normal waiver on collapsing seeds");
            Assert.That(once.Reason, Does.Contain("rests on:").And.Contain("as declared (.AssumingNearNormal())").And.Contain("collapsing seeds are not covered"));
            Assert.That(onceByDefault.Reason, Does.Contain("rests on: values within [0, 1], where every seed's value lay (valid for every distribution on it, at any look)"));
        });
    }

    /// <summary>Accuracy on 2,000 items with seed-to-seed variance 10× the binomial's (Beta-binomial), mean exactly <paramref name="mean"/>.</summary>
    static double OverDispersed(SeededRandom r, double mean)
    {
        var total = 1 / (9.0 / 1999) - 1;
        var random = new Random((int)(r.NextUInt64() & int.MaxValue));
        var p = MathNet.Numerics.Distributions.Beta.Sample(random, mean * total, (1 - mean) * total);
        return MathNet.Numerics.Distributions.Binomial.Sample(random, p, 2000) / 2000.0;
    }

    [Test]
    public void The_default_keeps_alpha_on_over_dispersed_shares_at_seed_counts_where_it_decides_and_the_waiver_does_not()
    {
        // At the bound 0.98, 10× binomial variance (skewed left): the default sequential 50 → 400 seeds can decide (its power
        // at a true 0.985 is in docs/calibration.md); the waiver's t test errs at 10 seeds (0.0885 at R = 2,000 there).
        IReadOnlyDictionary<string, SimulatedRun[]> Sample(SeededRandom r, int n) =>
            new Dictionary<string, SimulatedRun[]> { ["A"] = [.. Enumerable.Range(0, n).Select(_ => new SimulatedRun(OverDispersed(r, 0.98)))] };
        const int replications = 200, waiverReplications = 1200;
        var byDefault = ClaimSimulation.Run(new ThresholdClaim(A, Metric.Named("score"), 0.98, AtLeast: true),
            new ClaimSettings { MinSeeds = 50, MaxSeeds = 400, Batch = 50 }, "score", Sample, replications, seed: 2506);
        var waived = ClaimSimulation.Run(new ThresholdClaim(A, Metric.Named("score"), 0.98, AtLeast: true, AssumingNearNormal: true),
            new ClaimSettings { MinSeeds = 10, MaxSeeds = 10 }, "score", Sample, waiverReplications, seed: 2507);
        DefaultKeepsAlphaWaiverErs(byDefault, replications, waived, 0.065);
    }

    /// <summary>
    /// The default's two wrong verdicts at the margin stay within α + 3 MC-SE; the waiver's Supported rate exceeds
    /// <paramref name="waiverFloor"/>, so the simulation does see the error the default avoids (or it checks nothing).
    /// </summary>
    static void DefaultKeepsAlphaWaiverErs(ClaimErrorRates byDefault, int replications, ClaimErrorRates waived, double waiverFloor) =>
        Assert.Multiple(() =>
        {
            Assert.That(byDefault.Supported.Power, Is.LessThanOrEqualTo(MonteCarloBar.Allowance(replications)), "the default, Supported at the margin");
            Assert.That(byDefault.Refuted.Power, Is.LessThanOrEqualTo(MonteCarloBar.Allowance(replications)), "the default, Refuted at the margin");
            Assert.That(waived.Supported.Power, Is.GreaterThan(waiverFloor), "the .AssumingNearNormal() waiver on these data");
        });

    /// <summary>Beta(99, 1) per seed (U^(1/99)): mean 0.99, skewness −1.94.</summary>
    static IReadOnlyDictionary<string, SimulatedRun[]> BetaSeeds(SeededRandom r, int n) => new Dictionary<string, SimulatedRun[]>
    {
        ["A"] = [.. Enumerable.Range(0, n).Select(_ => new SimulatedRun(Math.Pow(1 - r.NextDouble(), 1.0 / 99)))],
    };

    [Test]
    public void The_default_keeps_alpha_on_continuous_accuracies_skewed_towards_one()
    {
        // Beta(99, 1) per seed at the bound 0.99; the waiver errs about 0.13 at 10 seeds.
        const int replications = 1200;
        var settings = new ClaimSettings { MinSeeds = 10, MaxSeeds = 10 };
        var byDefault = ClaimSimulation.Run(new ThresholdClaim(A, Metric.Named("score"), 0.99, AtLeast: true), settings, "score", BetaSeeds, replications, seed: 2508);
        var waived = ClaimSimulation.Run(new ThresholdClaim(A, Metric.Named("score"), 0.99, AtLeast: true, AssumingNearNormal: true), settings, "score", BetaSeeds, replications, seed: 2508);
        DefaultKeepsAlphaWaiverErs(byDefault, replications, waived, 0.09);
    }

    [Test]
    public void A_reproduction_at_its_lower_edge_keeps_alpha_on_seeds_skewed_towards_one()
    {
        // Ours Beta(99, 1) (mean 0.99); reported 0.995 ± 0.01 over 1,000 runs; tolerance 0.005: ours − reported = −δ exactly.
        // The waiver's Welch TOST errs about 0.14 here (docs/calibration.md).
        const int replications = 1200;
        var reported = Reported.MeanSd(0.995, 0.01, 1000, "simulated paper");
        var settings = new ClaimSettings { MinSeeds = 3, MaxSeeds = 12, Batch = 3 };
        var byDefault = ClaimSimulation.Run(new ReproducesClaim(A, Metric.Named("score"), reported, 0.005), settings, "score", BetaSeeds, replications, seed: 2509);
        var waived = ClaimSimulation.Run(new ReproducesClaim(A, Metric.Named("score"), reported, 0.005, AssumingNearNormal: true), settings, "score", BetaSeeds, replications, seed: 2509);
        DefaultKeepsAlphaWaiverErs(byDefault, replications, waived, 0.09);
    }

    /// <summary>A standardised Gamma(k, 1) (skewness 2/√k) for the replication's stream, times <paramref name="sign"/> (−1: a left tail).</summary>
    static double Skewed(SeededRandom r, double skewness, int sign)
    {
        var k = 4 / (skewness * skewness);
        var random = new Random((int)(r.NextUInt64() & int.MaxValue));
        return sign * (MathNet.Numerics.Distributions.Gamma.Sample(random, k, 1) - k) / Math.Sqrt(k);
    }

    [TestCase(-1, 10, 10, 0.09)]
    [TestCase(+1, 10, 10, 0.09)]
    [TestCase(-1, 2, 10, 0.14)]
    public void The_default_paired_test_keeps_alpha_on_skewed_differences_and_the_t_waiver_does_not(int sign, int minSeeds, int maxSeeds, double waiverFloor)
    {
        // A − B = an exponential-like difference (skewness ±2) with mean exactly the margin 0: a left tail makes the t test
        // support too often, a right tail refute too often (0.13 and 0.12 at fixed 10, 0.22 at 2 → 10 Pocock, docs/calibration.md).
        const int replications = 1200;
        IReadOnlyDictionary<string, SimulatedRun[]> Sample(SeededRandom r, int n)
        {
            var b = Enumerable.Range(0, n).Select(_ => Gaussian(r)).ToArray();
            return new Dictionary<string, SimulatedRun[]>
            {
                ["A"] = [.. b.Select(v => new SimulatedRun(v + Skewed(r, 2, sign)))],
                ["B"] = [.. b.Select(v => new SimulatedRun(v))],
            };
        }
        var settings = minSeeds == maxSeeds
            ? new ClaimSettings { MinSeeds = minSeeds, MaxSeeds = maxSeeds }
            : new ClaimSettings { MinSeeds = minSeeds, MaxSeeds = maxSeeds, Batch = 2, Spending = SpendingFunction.Pocock };
        var claim = new BeatsClaim(A, B, Metric.Named("score"));
        var byDefault = ClaimSimulation.Run(claim, settings, "score", Sample, replications, seed: 2510);
        var waived = ClaimSimulation.Run(claim, settings with { Test = TestKind.PairedT }, "score", Sample, replications, seed: 2510);
        var waivedError = sign < 0 ? waived.Supported.Power : waived.Refuted.Power;
        Assert.Multiple(() =>
        {
            Assert.That(byDefault.Supported.Power, Is.LessThanOrEqualTo(MonteCarloBar.Allowance(replications)), "the default, Supported at the margin");
            Assert.That(byDefault.Refuted.Power, Is.LessThanOrEqualTo(MonteCarloBar.Allowance(replications)), "the default, Refuted at the margin");
            Assert.That(waivedError, Is.GreaterThan(waiverFloor), "Test = TestKind.PairedT on these data: the error the default avoids");
        });
    }

    [Test]
    public void A_paired_claim_says_what_it_rests_on_by_default_and_under_the_t_waiver()
    {
        var random = new SeededRandom(2505);
        var b = Enumerable.Range(0, 10).Select(_ => Gaussian(random)).ToArray();
        var a = b.Select(v => v + 0.5 + 0.3 * Gaussian(random)).ToArray();
        var runs = new Dictionary<string, SimulatedRun[]> { ["A"] = [.. a.Select(v => new SimulatedRun(v))], ["B"] = [.. b.Select(v => new SimulatedRun(v))] };
        var settings = new ClaimSettings { MinSeeds = 10, MaxSeeds = 10 };
        var byDefault = ClaimSimulation.Decide(new BeatsClaim(A, B, Metric.Named("score")), settings, "score", runs);
        var waived = ClaimSimulation.Decide(new BeatsClaim(A, B, Metric.Named("score")), settings with { Test = TestKind.PairedT }, "score", runs);
        Assert.Multiple(() =>
        {
            Assert.That(byDefault.Verdict, Is.EqualTo(Verdict.Supported), byDefault.Reason);
            Assert.That(byDefault.Reason, Does.Contain("rests on: per-seed differences no more skewed than an exponential or a lognormal of skewness 2 (skew-robust paired t)"));
            Assert.That(waived.Reason, Does.Contain("rests on: per-seed differences near normal (paired t); strongly skewed differences at few seeds exceed α (the skew-robust paired t"));
        });
    }
}

using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Simulation;
using ReproSpec.Statistics;
using static ReproSpec.Tests.Statistics.MonteCarloBar;

namespace ReproSpec.Tests.Statistics;

/// <summary>
/// The continuation an Inconclusive claim offers (fresh seeds, <see cref="SeedPlanning.Advice"/>), decided through
/// <see cref="ClaimDecider"/> as a user's re-declared claim is, at the margin: each error of its verdict ≤ α + 3 MC-SE.
/// The extension it does not offer (the same seeds re-tested under a larger design) fails the same check.
/// </summary>
public class ContinuationMarginTests
{
    const double Alpha = 0.05;
    static readonly Arm A = ClaimSimulation.Arm("A");
    static readonly Arm B = ClaimSimulation.Arm("B");
    static readonly Metric Score = Metric.Named("score");

    [TestCase(TestKind.PairedT, 10, 10, 1, 4_000)]
    [TestCase(TestKind.Welch, 5, 20, 5, 200)] // about 9 in 10 end Inconclusive and plan their continuation: a calibrated design per candidate n (CI time: R = 200)
    public void The_offered_fresh_seed_continuation_keeps_each_error_at_alpha_and_re_testing_seen_seeds_does_not(
        TestKind test, int min, int max, int batch, int replications)
    {
        // "A beats B by ≥ 0.5" with A − B = 0.5 per seed: both verdicts are errors. Paired runs share a seed effect,
        // unpaired ones (Welch) do not (Welch on correlated arms would be conservative and test nothing).
        var shared = test == TestKind.PairedT;
        var claim = new BeatsClaim(A, B, Score, 0.5);
        var settings = new ClaimSettings { MinSeeds = min, MaxSeeds = max, Batch = batch, Test = test };
        var random = new SeededRandom(2026_12_02, stream: (ulong)max);
        int inconclusive = 0, freshSupported = 0, freshRefuted = 0, reusedSupported = 0, reusedRefuted = 0;
        for (var r = 0; r < replications; r++)
        {
            var first = Runs(random, 0, max, shared);
            var outcome = ClaimSimulation.Decide(claim, settings, "score", first);
            if (outcome.Verdict != Verdict.Inconclusive)
            {
                Count(outcome.Verdict, ref reusedSupported, ref reusedRefuted);
                continue;
            }
            inconclusive++;
            // The message's advice: n fresh seeds, declared as SeedPlanning.Continuation (FirstSeed after the seen ones).
            var n = Math.Min(outcome.SeedsToDecide ?? 2 * max, 200);
            var next = SeedPlanning.Continuation(settings, n);
            Assert.That(next.FirstSeed, Is.EqualTo(max), "the continuation starts after the seeds already seen");
            var runs = Extend(first, Runs(random, max, n, shared));
            Count(ClaimSimulation.Decide(claim, next, "score", runs).Verdict, ref freshSupported, ref freshRefuted);
            // What is not offered (checked for the fixed design): the same data re-tested as if fresh by max + n seeds from seed 0.
            if (settings.IsSequential) continue;
            var reused = ClaimSimulation.Decide(claim, new ClaimSettings { MinSeeds = max + n, MaxSeeds = max + n, Test = test }, "score", runs);
            Count(reused.Verdict, ref reusedSupported, ref reusedRefuted);
        }
        double Rate(int k, int of) => (double)k / of;
        TestContext.Out.WriteLine($"{inconclusive} of {replications} Inconclusive; fresh continuation errors {Rate(freshSupported, inconclusive):F4} / {Rate(freshRefuted, inconclusive):F4}; "
                                  + $"re-testing seen seeds {Rate(reusedSupported, replications):F4} / {Rate(reusedRefuted, replications):F4}");
        Assert.Multiple(() =>
        {
            Assert.That(Rate(freshSupported, inconclusive), Is.LessThanOrEqualTo(Allowance(inconclusive)));
            Assert.That(Rate(freshRefuted, inconclusive), Is.LessThanOrEqualTo(Allowance(inconclusive)));
            if (!settings.IsSequential)
            {
                Assert.That(Rate(reusedSupported, replications), Is.GreaterThan(Allowance(replications)), "re-testing seen seeds inflates the Supported error");
                Assert.That(Rate(reusedRefuted, replications), Is.GreaterThan(Allowance(replications)), "and the Refuted error");
            }
        });
    }

    static void Count(Verdict verdict, ref int supported, ref int refuted)
    {
        if (verdict == Verdict.Supported) supported++;
        if (verdict == Verdict.Refuted) refuted++;
    }

    /// <summary>Seeds first … first + n − 1 of both arms: A − B = 0.5 plus noise sd 1, with a shared seed effect (sd 2) when paired.</summary>
    static Dictionary<string, SimulatedRun[]> Runs(SeededRandom random, int first, int n, bool shared)
    {
        var a = new SimulatedRun[n];
        var b = new SimulatedRun[n];
        for (var i = 0; i < n; i++)
        {
            var effect = shared ? 2 * Power.StandardNormal(random) : 0;
            a[i] = new SimulatedRun(effect + 0.5 + Power.StandardNormal(random));
            b[i] = new SimulatedRun(effect + Power.StandardNormal(random));
        }
        return new() { ["A"] = a, ["B"] = b };
    }

    static Dictionary<string, SimulatedRun[]> Extend(Dictionary<string, SimulatedRun[]> seen, Dictionary<string, SimulatedRun[]> fresh) =>
        seen.ToDictionary(kv => kv.Key, kv => kv.Value.Concat(fresh[kv.Key]).ToArray());
}

using ReproSpec.Simulation;
using System.Text.Json;
using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Statistics;
using ReproSpec.Tests.Statistics;

namespace ReproSpec.Tests.Decisions;

/// <summary>
/// A continuation after an Inconclusive whose two attempts together keep α: the first attempt keeps a share of α back
/// (<see cref="ClaimSettings.ContinuationShare"/>), the printed continuation combines both attempts by the inverse normal
/// at that share. Without it, following the printed fresh-seed continuation is a second test and the errors add up.
/// </summary>
public class CombinedContinuationTests
{
    [Test]
    public void The_inverse_normal_combination_matches_scipys_weighted_stouffer()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ReferenceB.RepositoryFile("tests", "reference", "combination_reference.json")));
        foreach (var c in document.RootElement.GetProperty("cases").EnumerateArray())
        {
            var w = CombinationTest.FirstWeight(c.GetProperty("n1").GetInt32(), c.GetProperty("n2").GetInt32());
            var p1 = c.GetProperty("p1").GetDouble();
            Assert.Multiple(() =>
            {
                Assert.That(w, Is.EqualTo(c.GetProperty("w1").GetDouble()).Within(1e-15));
                Assert.That(CombinationTest.InverseNormal(p1, c.GetProperty("p2").GetDouble(), w),
                    Is.EqualTo(c.GetProperty("combined").GetDouble()).Within(1e-12 + 1e-9 * c.GetProperty("combined").GetDouble()));
                Assert.That(CombinationTest.ConditionalPower(p1, w, 2.0, 0.01),
                    Is.EqualTo(c.GetProperty("conditional_power_0_01_drift_2").GetDouble()).Within(1e-10));
            });
        }
    }

    [Test]
    public void Degenerate_p_values_decide_by_the_attempt_that_is_certain_and_bad_input_is_named()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CombinationTest.InverseNormal(0, 0.7, 0.5), Is.EqualTo(0));
            Assert.That(CombinationTest.InverseNormal(1, 0.2, 0.5), Is.EqualTo(1));
            Assert.That(CombinationTest.InverseNormal(0, 1, 0.5), Is.EqualTo(1), "one attempt certain each way: the larger p");
            Assert.That(CombinationTest.InverseNormal(0.3, 0.3, 1), Is.EqualTo(0.3).Within(1e-12), "weight 1: the first attempt alone");
            Assert.That(() => CombinationTest.InverseNormal(1.2, 0.5, 0.5), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("[0, 1]"));
            Assert.That(() => CombinationTest.FirstWeight(0, 5), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [Test]
    public void Settings_name_a_bad_share_and_a_continuation_that_is_not_one_look()
    {
        var earlier = new EarlierAttempt(10, 10, 0.08, 0.92, 0.01);
        Assert.Multiple(() =>
        {
            Assert.That(new ClaimSettings { ContinuationShare = 1 }.Problems(), Has.One.Contains("ContinuationShare = 1 is outside [0, 1)"));
            Assert.That(new ClaimSettings { MinSeeds = 5, MaxSeeds = 10, Continues = earlier }.Problems(), Has.One.Contains("one look on fresh seeds"));
            Assert.That(new ClaimSettings { Continues = earlier with { Level = 0.06 } }.Problems(), Has.One.Contains("Level = 0.06 must lie in (0, α = 0.05]"));
            Assert.That(new ClaimSettings { Continues = earlier with { PSupport = 2 } }.Problems(), Has.One.Contains("are not p-values"));
            Assert.That(new ClaimSettings { Continues = earlier }.Problems(), Is.Empty);
            Assert.That(new ClaimSettings { ContinuationShare = 0.2 }.DecisionAlpha, Is.EqualTo(0.04).Within(1e-15));
            Assert.That(new ClaimSettings { Continues = earlier }.DecisionAlpha, Is.EqualTo(0.01));
        });
    }

    [TestCase(10, 10, 0.08, 0.92, 0.01)]
    [TestCase(12, 20, 0.0831234567891234, 0.9168765432108766, 0.010000000000000002)]
    [TestCase(5, 5, 1e-7, 1, 0.005)]
    public void The_earlier_attempt_reads_back_from_the_text_its_message_prints(int seeds, int planned, double pFor, double pAgainst, double level)
    {
        var earlier = new EarlierAttempt(seeds, planned, pFor, pAgainst, level);
        Assert.That(EarlierAttempt.Parse(earlier.ToString(), out var problem), Is.EqualTo(earlier), problem);
    }

    [TestCase("")]
    [TestCase("10 of 10 seeds, p(for) 0.08, p(against) 0.92")]
    [TestCase("10 of 10 seeds, p(for) 0,08, p(against) 0.92, level 0.01")]
    [TestCase("EarlierAttempt(10, 10, 0.08, 0.92, 0.01)")]
    public void Text_that_is_not_an_earlier_attempt_is_named_with_the_form_to_copy(string text)
    {
        Assert.Multiple(() =>
        {
            Assert.That(EarlierAttempt.Parse(text, out var problem), Is.Null);
            Assert.That(problem, Does.StartWith($"Continues = \"{text}\" is not an earlier attempt").And.Contain("Inconclusive message prints"));
        });
    }

    [Test]
    public void An_inconclusive_attempt_that_kept_alpha_back_prints_the_combined_continuation_and_says_the_two_keep_alpha()
    {
        var settings = new ClaimSettings { MinSeeds = 10, MaxSeeds = 10, Test = TestKind.Welch, ContinuationShare = 0.2 };
        var (a, b) = (Enumerable.Range(0, 10).Select(i => 0.45 + (i % 2 == 0 ? 1.0 : -1.0)).ToArray(), Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? 1.0 : -1.0).ToArray());
        var outcome = Decide(Claim(), settings, a, b);
        var n = outcome.SeedsToDecide!.Value;
        var next = SeedPlanning.CombinedContinuation(settings, n, outcome.PSupport, outcome.PRefute);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Inconclusive), outcome.Reason);
            Assert.That(outcome.Threshold, Is.EqualTo(0.04).Within(1e-12), "the first attempt spends α·(1 − share)");
            Assert.That(outcome.Reason, Does.Contain("level 0.04: α = 0.05 less 0.01 kept back for a continuation"));
            Assert.That(outcome.Reason, Does.Contain($"{n} fresh seeds per arm combined with these 10 would give 80 % power"));
            Assert.That(outcome.Reason, Does.Contain($"[Claim(Seeds = {n}, FirstSeed = 10, Continues = \"10 of 10 seeds, p(for) {outcome.PSupport:R}, p(against) {outcome.PRefute:R}, level 0.010000000000000002\")]"));
            Assert.That(outcome.Reason, Does.Contain("the two attempts together keep each error ≤ α = 0.05"));
            var drift = (a.Average() - b.Average()) / Math.Sqrt(Descriptive.Variance(a) + Descriptive.Variance(b)) * Math.Sqrt(n);
            Assert.That(CombinationTest.ConditionalPower(outcome.PSupport, Math.Sqrt(0.5), drift, 0.01), Is.GreaterThanOrEqualTo(0.8));
            Assert.That(next.Continues, Is.EqualTo(new EarlierAttempt(10, 10, outcome.PSupport, outcome.PRefute, 0.05 * 0.2)));
        });
        // The continuation on fresh seeds: its p-values are the combination, its reason says so.
        var fresh = Enumerable.Range(0, n).Select(i => 0.45 + (i % 2 == 0 ? 1.0 : -1.0)).ToArray();
        var baseline = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 1.0 : -1.0).ToArray();
        var continued = Decide(Claim(), next, [.. a, .. fresh], [.. b, .. baseline]);
        var alone = TwoSampleTests.Welch(fresh, baseline, Alternative.Greater, 0).PValue;
        Assert.Multiple(() =>
        {
            Assert.That(continued.PSupport, Is.EqualTo(CombinationTest.InverseNormal(outcome.PSupport, alone, Math.Sqrt(0.5))).Within(1e-12));
            Assert.That(continued.Threshold, Is.EqualTo(0.01).Within(1e-15));
            Assert.That(continued.Reason, Does.Contain("combined with the earlier attempt").And.Contain("the two attempts together keep each error ≤ α"));
        });
    }

    [Test]
    public void The_share_kept_back_is_part_of_the_pre_registered_design_and_absent_from_designs_without_it()
    {
        var plain = ReproSpec.Snapshots.ClaimDesign.Declared(Claim(), new ClaimSettings());
        var kept = ReproSpec.Snapshots.ClaimDesign.Declared(Claim(), new ClaimSettings { ContinuationShare = 0.2 });
        Assert.Multiple(() =>
        {
            Assert.That(ReproSpec.Snapshots.ClaimDesign.Differences(plain, kept), Is.EqualTo(new[] { "ContinuationShare: 0 → 0.2" }));
            Assert.That(ReproSpec.Reports.ReportJson.Serialize(new ReproSpec.Snapshots.DistributionSnapshot([new ReproSpec.Snapshots.ClaimSnapshot("s", Verdict.Supported, [], plain)])),
                Does.Not.Contain("continuationShare").And.Not.Contain("continues"), "snapshots of designs without it are unchanged");
            Assert.That(ReproSpec.Reports.ReportJson.Serialize(new ReproSpec.Snapshots.DistributionSnapshot([new ReproSpec.Snapshots.ClaimSnapshot("s", Verdict.Supported, [], kept)])),
                Does.Contain("\"continuationShare\": 0.2"));
        });
    }

    [Test]
    public void An_attempt_that_kept_nothing_back_says_its_fresh_seed_continuation_is_a_second_test()
    {
        var settings = new ClaimSettings { MinSeeds = 10, MaxSeeds = 10, Test = TestKind.Welch };
        var a = Enumerable.Range(0, 10).Select(i => 0.45 + (i % 2 == 0 ? 1.0 : -1.0)).ToArray();
        var b = Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? 1.0 : -1.0).ToArray();
        var outcome = Decide(Claim(), settings, a, b);
        Assert.That(outcome.Reason, Does.Contain("That is a second test at its own α: this design kept no α back, so the chance that either attempt errs is up to 0.1"));
    }

    /// <summary>
    /// Seeded simulation at the margin (both arms N(0, 1), "A beats B by ≥ 0"), through ClaimDecider as a user's claim is
    /// decided: the first attempt, then after an Inconclusive the continuation its message prints, on fresh seeds. Kept
    /// nothing back (the default), the two attempts together are Supported by mistake more often than α; with
    /// ContinuationShare = 0.2 and the combined continuation, each overall error stays within α + 3 MC-SE.
    /// </summary>
    [TestCase(TestKind.Welch, 10, 10, true)]
    [TestCase(TestKind.PairedT, 10, 10, true)]
    [TestCase(TestKind.PairedT, 3, 12, false)]
    public void The_first_attempt_and_its_printed_continuation_keep_alpha_together_only_when_alpha_was_kept_back(TestKind test, int minSeeds, int maxSeeds, bool compareWithDefault)
    {
        const int replications = 4_000;
        var design = new ClaimSettings { MinSeeds = minSeeds, MaxSeeds = maxSeeds, Batch = 3, Test = test };
        var (keptBack, keptBackContinued) = Overall(design with { ContinuationShare = 0.2 }, replications, seed: 251208);
        var bar = MonteCarloBar.Allowance(replications);
        TestContext.Out.WriteLine($"{test} {minSeeds}→{maxSeeds}, share 0.2, combined: Supported {keptBack.Supported:F4}, Refuted {keptBack.Refuted:F4} ({keptBackContinued} continued); bar {bar:F4}");
        Assert.Multiple(() =>
        {
            Assert.That(keptBack.Supported, Is.LessThanOrEqualTo(bar), "both attempts together, Supported by mistake");
            Assert.That(keptBack.Refuted, Is.LessThanOrEqualTo(bar), "both attempts together, Refuted by mistake");
            Assert.That(keptBackContinued, Is.GreaterThan(replications / 2), "most attempts at the margin continue");
        });
        // The default (a sequential one plans continuations at simulated t levels of many sizes: slow, so fixed designs only).
        if (!compareWithDefault) return;
        var (keptNothing, keptNothingContinued) = Overall(design, replications, seed: 251207);
        TestContext.Out.WriteLine($"{test} {minSeeds}→{maxSeeds}, kept nothing back, fresh-seed continuation: Supported {keptNothing.Supported:F4}, Refuted {keptNothing.Refuted:F4} ({keptNothingContinued} continued)");
        Assert.That(Math.Max(keptNothing.Supported, keptNothing.Refuted), Is.GreaterThan(bar), "a fresh-seed continuation at its own α on top of a full-α attempt errs more than α");
    }

    static ((double Supported, double Refuted) Rates, int Continued) Overall(ClaimSettings design, int replications, ulong seed)
    {
        var random = new SeededRandom(seed);
        var claim = Claim();
        int supported = 0, refuted = 0, continued = 0;
        for (var r = 0; r < replications; r++)
        {
            // Paired designs: a shared seed effect (sd 2) under noise sd 1; Welch: independent arms.
            var sharedSd = design.Test == TestKind.PairedT ? 2 : 0;
            var shared = Draw(random, design.MaxSeeds, sharedSd);
            var a = Draw(random, design.MaxSeeds, 1).Zip(shared, (x, s) => x + s).ToArray();
            var b = Draw(random, design.MaxSeeds, 1).Zip(shared, (x, s) => x + s).ToArray();
            var first = Decide(claim, design, a, b);
            var verdict = first.Verdict;
            if (verdict == Verdict.Inconclusive && first.SeedsToDecide is { } n)
            {
                continued++;
                var next = design.ContinuationShare > 0
                    ? SeedPlanning.CombinedContinuation(design, n, first.PSupport, first.PRefute)
                    : SeedPlanning.Continuation(design, n);
                var more = next.FirstSeed + next.MaxSeeds - design.MaxSeeds;
                var freshShared = Draw(random, more, sharedSd);
                var freshA = Draw(random, more, 1).Zip(freshShared, (x, s) => x + s);
                var freshB = Draw(random, more, 1).Zip(freshShared, (x, s) => x + s);
                verdict = Decide(claim, next, [.. a, .. freshA], [.. b, .. freshB]).Verdict;
            }
            if (verdict == Verdict.Supported) supported++;
            if (verdict == Verdict.Refuted) refuted++;
        }
        return (((double)supported / replications, (double)refuted / replications), continued);
    }

    static BeatsClaim Claim() => new(ClaimSimulation.Arm("A"), ClaimSimulation.Arm("B"), Metric.Named("score"));

    static ClaimOutcome Decide(ClaimDeclaration claim, ClaimSettings settings, double[] a, double[] b) =>
        ClaimSimulation.Decide(claim, settings, "score", new Dictionary<string, SimulatedRun[]>
        {
            ["A"] = [.. a.Select(v => new SimulatedRun(v))],
            ["B"] = [.. b.Select(v => new SimulatedRun(v))],
        });

    static double[] Draw(SeededRandom random, int n, double sd) => Enumerable.Range(0, n).Select(_ => sd * Power.StandardNormal(random)).ToArray();
}

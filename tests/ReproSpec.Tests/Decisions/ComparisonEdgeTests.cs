using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Execution;
using ReproSpec.Simulation;
using ReproSpec.Statistics;
using ReproSpec.Store;

namespace ReproSpec.Tests.Decisions;

/// <summary>Issue #25: relative margins through zero and unequal n after exclusions end in a verdict, never an exception mid-run.</summary>
public class ComparisonEdgeTests
{
    static readonly Arm A = ClaimSimulation.Arm("A");
    static readonly Arm B = ClaimSimulation.Arm("B");
    static readonly ClaimSettings Ten = new() { MinSeeds = 10, MaxSeeds = 10 };

    static SimulatedRun[] Runs(IEnumerable<double> values) => [.. values.Select(v => new SimulatedRun(v))];

    static ClaimOutcome Decide(ClaimDeclaration claim, ClaimSettings settings, SimulatedRun[] a, SimulatedRun[] b) =>
        ClaimSimulation.Decide(claim, settings, "score", new Dictionary<string, SimulatedRun[]> { ["A"] = a, ["B"] = b });

    static BeatsClaim Relative(double fraction)
    {
        // Declared as a user declares it, in a claim method's scope.
        using var scope = ClaimScope.Open();
        Claim.That(A).Beats(B).On("score").ByAtLeastRelative(fraction);
        var claims = scope.Build(out var problems);
        Assert.That(problems, Is.Empty);
        return (BeatsClaim)claims.Single();
    }

    static readonly double[] Baseline = [0.80, 0.81, 0.79, 0.805, 0.795, 0.80, 0.802, 0.798, 0.801, 0.799];

    [Test]
    public void By_at_least_relative_tests_A_against_B_moved_that_share_of_its_size_towards_better()
    {
        var claim = Relative(0.05);
        var noise = new[] { 0.001, -0.002, 0.0015, -0.001, 0.002, -0.0005, 0.001, -0.0015, 0.0005, 0 };
        var clearly = Baseline.Select((v, i) => v * 1.08 + noise[i]).ToArray();   // 8 % better
        var slightly = Baseline.Select((v, i) => v * 1.02 + noise[i]).ToArray();  // 2 % better
        var supported = Decide(claim, Ten, Runs(clearly), Runs(Baseline));
        var refuted = Decide(claim, Ten, Runs(slightly), Runs(Baseline));
        var expected = SkewRobustPairedT.Test(clearly, [.. Baseline.Select(v => v * 1.05)], Alternative.Greater, 0, 0.9);
        Assert.Multiple(() =>
        {
            Assert.That(claim, Is.EqualTo(new BeatsClaim(A, B, Metric.Named("score"), 0.05, RelativeMargin: true)));
            Assert.That(supported.Verdict, Is.EqualTo(Verdict.Supported), "8 % better than 5 %");
            Assert.That(refuted.Verdict, Is.EqualTo(Verdict.Refuted), "2 % better is not 5 %");
            Assert.That(supported.PSupport, Is.EqualTo(expected.PValue).Within(1e-12), "the default paired test of A against 1.05·B");
        });
    }

    [TestCase(double.NaN)]
    [TestCase(-0.05)]
    [TestCase(double.PositiveInfinity)]
    public void An_impossible_relative_margin_is_a_declaration_error_before_any_run(double fraction)
    {
        var batches = 0;
        var decider = new ClaimDecider((requests, _) =>
        {
            batches++;
            return Task.FromResult(new RunBatch([], 0, 0, TimeSpan.Zero));
        });
        Assert.Multiple(() =>
        {
            Assert.That(() => decider.DecideAsync(Relative(fraction), Ten), Throws.TypeOf<ClaimDeclarationException>().With.Message.Contains("margin"));
            Assert.That(batches, Is.Zero, "nothing trained");
        });
    }

    [Test]
    public void A_relative_margin_on_a_baseline_through_zero_is_a_defined_comparison()
    {
        // A loss-like baseline crossing zero: B + 10 %·|B| per seed, continuous through 0, never "values must share one sign" mid-run.
        var claim = Relative(0.10);
        double[] baseline = [-0.02, 0.01, 0.0, -0.01, 0.03, -0.03, 0.02, 0.005, -0.005, 0.0];
        double[] close = [.. baseline.Select(v => v + 0.001)];
        double[] far = [.. baseline.Select(v => v + 0.5)];
        var undecided = Decide(claim, Ten, Runs(close), Runs(baseline));
        var supported = Decide(claim, Ten, Runs(far), Runs(baseline));
        var moved = baseline.Select(v => v + 0.10 * Math.Abs(v)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(supported.Verdict, Is.EqualTo(Verdict.Supported));
            Assert.That(undecided.PSupport, Is.EqualTo(SkewRobustPairedT.Test(close, moved, Alternative.Greater, 0, 0.9).PValue).Within(1e-12), "the default paired test");
        });
    }

    [Test]
    public void Welch_with_unequal_n_after_exclusions_decides()
    {
        // B lost 3 of 10 runs to divergence (excluded): 10 against 7 usable runs is a Welch test, not an error.
        var a = Runs(Baseline.Select(v => v + 0.05));
        var b = Runs(Baseline).Select((r, i) => i is 1 or 4 or 7 ? r with { Status = RunStatus.Diverged, Value = double.NaN } : r).ToArray();
        var settings = Ten with { Test = TestKind.Welch, Divergence = DivergencePolicy.Exclude };
        var outcome = Decide(new BeatsClaim(A, B, Metric.Named("score")), settings, a, b);
        var usableB = Baseline.Where((_, i) => i is not (1 or 4 or 7)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Supported));
            Assert.That(outcome.PSupport, Is.EqualTo(TwoSampleTests.Welch([.. Baseline.Select(v => v + 0.05)], usableB).PValue).Within(1e-12));
            Assert.That(outcome.Reason, Does.Contain("B: 3 diverged"));
        });
    }

    [Test]
    public void One_usable_run_at_the_last_look_is_a_clear_error_and_at_an_earlier_look_the_claim_goes_on()
    {
        var a = Runs(Baseline.Select(v => v + 0.05));
        // Every B run but seed 5 diverged: no test is possible at the only look.
        var b = Runs(Baseline).Select((r, i) => i == 5 ? r : r with { Status = RunStatus.Diverged, Value = double.NaN }).ToArray();
        var settings = Ten with { Test = TestKind.Welch, Divergence = DivergencePolicy.Exclude };
        // Sequential 2 → 10 by 2: B diverged on seed 1, so the first look has 1 usable B run; later looks have more.
        var later = Runs(Baseline).Select((r, i) => i == 1 ? r with { Status = RunStatus.Diverged, Value = double.NaN } : r).ToArray();
        var sequential = Decide(new BeatsClaim(A, B, Metric.Named("score")),
            settings with { MinSeeds = 2, MaxSeeds = 10, Batch = 2 }, a, later);
        Assert.Multiple(() =>
        {
            Assert.That(() => Decide(new BeatsClaim(A, B, Metric.Named("score")), settings, a, b),
                Throws.TypeOf<ClaimDeclarationException>().With.Message.Contains("B: only 1 usable run(s)").And.Message.Contains("Raise MinSeeds or fix the diverging runs"));
            Assert.That(sequential.Verdict, Is.EqualTo(Verdict.Supported), "the first look (1 usable run in B) decides nothing; later looks do");
            Assert.That(sequential.SeedsPerArm, Is.GreaterThan(2));
        });
    }
}

/// <summary>
/// A relative margin whose baseline values cross zero, or sit at it, is a defined comparison for every test and design:
/// a verdict, never an exception mid-run (issue #25 found 0.2–0.9 % of replications throwing).
/// </summary>
public class RelativeMarginThroughZeroTests
{
    static readonly Arm A = ClaimSimulation.Arm("A");
    static readonly Arm B = ClaimSimulation.Arm("B");

    [TestCase(TestKind.Auto, 8, 8)]
    [TestCase(TestKind.Welch, 8, 8)]
    [TestCase(TestKind.Student, 8, 8)]
    [TestCase(TestKind.MannWhitney, 8, 8)]
    [TestCase(TestKind.Wilcoxon, 8, 8)]
    [TestCase(TestKind.Permutation, 6, 6)]
    [TestCase(TestKind.Auto, 2, 10)]
    [TestCase(TestKind.Welch, 3, 12)]
    public void Every_test_decides_a_relative_margin_whose_baseline_crosses_or_sits_at_zero(TestKind test, int minSeeds, int maxSeeds)
    {
        var claim = new BeatsClaim(A, B, Metric.Named("score"), 0.10, RelativeMargin: true);
        var settings = new ClaimSettings { MinSeeds = minSeeds, MaxSeeds = maxSeeds, Batch = 2, Test = test };
        var random = new SeededRandom(25_0207);
        var verdicts = new Dictionary<Verdict, int>();
        for (var r = 0; r < 150; r++)
        {
            // Baselines around 0: some replications straddle zero, some are exactly 0 on several seeds (a metric at its floor),
            // and some runs diverge (counted as the worst value, which moves through zero as well).
            var b = Enumerable.Range(0, maxSeeds).Select(i => r % 5 == 0 && i % 2 == 0 ? 0.0 : 0.02 * Power.StandardNormal(random)).ToArray();
            var a = b.Select(v => v + 0.1 * Math.Abs(v) + (r % 7 == 0 ? 0 : 0.01 * Power.StandardNormal(random))).ToArray();
            var runsA = a.Select((v, i) => r % 11 == 0 && i == 1 ? new SimulatedRun(double.NaN, RunStatus.Diverged) : new SimulatedRun(v)).ToArray();
            var outcome = ClaimSimulation.Decide(claim, settings, "score",
                new Dictionary<string, SimulatedRun[]> { ["A"] = runsA, ["B"] = [.. b.Select(v => new SimulatedRun(v))] }, plan: r % 10 == 0);
            verdicts[outcome.Verdict] = verdicts.GetValueOrDefault(outcome.Verdict) + 1;
            Assert.That(outcome.Reason, Is.Not.Empty);
        }
        TestContext.Out.WriteLine(string.Join(", ", verdicts.Select(v => $"{v.Key}: {v.Value}")));
        Assert.That(verdicts.Values.Sum(), Is.EqualTo(150), "every replication ends in a verdict");
    }
}

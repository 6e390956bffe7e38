using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Reports;
using ReproSpec.Simulation;
using ReproSpec.Statistics;
using ReproSpec.Store;

namespace ReproSpec.Tests.Statistics;

/// <summary>The smaller rules of issue #13: what each claim shape prints and how it treats diverged and crashed runs.</summary>
public class ClaimRuleTests
{
    static readonly Arm A = ClaimSimulation.Arm("A");
    static readonly Arm B = ClaimSimulation.Arm("B");

    static SimulatedRun[] Runs(params double[] values) => [.. values.Select(v => new SimulatedRun(v))];

    static ClaimOutcome Decide(ClaimDeclaration claim, ClaimSettings settings, params (string Arm, SimulatedRun[] Runs)[] arms) =>
        Decide(claim, settings, plan: true, arms);

    static ClaimOutcome Decide(ClaimDeclaration claim, ClaimSettings settings, bool plan, params (string Arm, SimulatedRun[] Runs)[] arms) =>
        ClaimSimulation.Decide(claim, settings, "score", arms.ToDictionary(a => a.Arm, a => a.Runs), plan);

    static readonly ClaimSettings Ten = new() { MinSeeds = 10, MaxSeeds = 10 };

    [Test]
    public void Is_at_most_prints_the_metrics_own_mean_interval_and_bound()
    {
        double[] losses = [0.30, 0.32, 0.29, 0.31, 0.33, 0.30, 0.28, 0.31, 0.32, 0.30];
        var outcome = Decide(new ThresholdClaim(A, Metric.Lower("score"), 0.4, AtLeast: false, AssumingNearNormal: true), Ten, ("A", Runs(losses)));
        var test = outcome.Test!;
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Supported));
            Assert.That(test.Estimate, Is.EqualTo(losses.Average()).Within(1e-12), "the mean loss, not its negation");
            Assert.That(test.Margin, Is.EqualTo(0.4));
            Assert.That(test.DifferenceInterval.High, Is.LessThan(0.4).And.GreaterThan(test.Estimate));
            Assert.That(ClaimText.Format(outcome), Does.Contain("mean: 0.306").And.Not.Contain("-0.306"));
        });
    }

    [Test]
    public void A_relative_margin_on_a_negative_baseline_means_better_by_that_share_of_its_size()
    {
        // Returns of about −200 (higher is better): 5 % better is −190. A at −195 is only 2.5 % better.
        var claim = new BeatsClaim(A, B, Metric.Named("score"), 0.05, RelativeMargin: true);
        double[] baseline = [-200, -201, -199, -200.5, -199.5, -200, -200.2, -199.8, -200.1, -199.9];
        var slightly = Decide(claim, Ten, ("A", Runs([.. baseline.Select(v => v + 5)])), ("B", Runs(baseline)));
        var clearly = Decide(claim, Ten, ("A", Runs([.. baseline.Select(v => v + 15)])), ("B", Runs(baseline)));
        // A baseline that crosses zero (−0.2 … 1) is a defined comparison with B + 5 %·|B| per seed, not an exception mid-run.
        var straddling = Decide(claim, Ten, ("A", Runs([.. baseline.Select(v => v + 300)])), ("B", Runs([.. baseline.Select(v => v + 200)])));
        Assert.Multiple(() =>
        {
            Assert.That(slightly.Verdict, Is.EqualTo(Verdict.Refuted), "−195 against −200 is 2.5 % better, not 5 %");
            Assert.That(clearly.Verdict, Is.EqualTo(Verdict.Supported), "−185 against −200 is 7.5 % better");
            Assert.That(straddling.Verdict, Is.EqualTo(Verdict.Supported), "about 100 against a baseline near 0");
        });
    }

    [Test]
    public void Equivalence_uses_the_declared_paired_test()
    {
        // A large seed effect shared by both arms: the paired TOST sees a difference of 0.01 ± 0.002, Welch does not.
        double[] seedEffect = [0.0, 0.3, -0.2, 0.5, -0.4, 0.1, 0.25, -0.3, 0.45, -0.1];
        double[] noise = [0.001, -0.002, 0.0015, -0.001, 0.002, -0.0005, 0.001, -0.0015, 0.0005, 0];
        var b = seedEffect.Select(e => 0.8 + e).ToArray();
        var a = b.Select((v, i) => v + 0.01 + noise[i]).ToArray();
        var claim = new EquivalenceClaim(A, B, Metric.Named("score"), 0.05);
        var paired = Decide(claim, Ten, ("A", Runs(a)), ("B", Runs(b)));
        var welch = Decide(claim, Ten with { Test = TestKind.Welch }, ("A", Runs(a)), ("B", Runs(b)));
        Assert.Multiple(() =>
        {
            Assert.That(paired.Test!.Test, Does.Contain("paired t").IgnoreCase);
            Assert.That(paired.Verdict, Is.EqualTo(Verdict.Supported));
            Assert.That(welch.Test!.Test, Does.Contain("Welch"));
            Assert.That(welch.Verdict, Is.EqualTo(Verdict.Inconclusive));
            Assert.That(ClaimText.Format(paired), Does.Contain("difference A − B").And.Not.Contain("better is larger"));
        });
    }

    [Test]
    public void A_crashed_run_counts_against_diverges_at_most()
    {
        // 60 runs (with fewer, "at most 5 %" could never be Supported: a declaration error), none diverged, 12 crashed:
        // 12/60 = 20 % did not finish cleanly, far from "at most 5 %".
        var runs = Enumerable.Range(0, 60).Select(i => i < 12 ? new SimulatedRun(0, RunStatus.Failed) : new SimulatedRun(1)).ToArray();
        var outcome = Decide(new DivergenceClaim(A, 0.05), new ClaimSettings { MinSeeds = 60, MaxSeeds = 60 }, ("A", runs));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Effects["failed"], Is.EqualTo(12));
            Assert.That(outcome.Effects["divergence_rate"], Is.EqualTo(0.2));
            Assert.That(outcome.Verdict, Is.Not.EqualTo(Verdict.Supported));
            Assert.That(outcome.Reason, Does.Contain("12 failed"));
        });
    }

    [Test]
    public void Diverging_on_hard_seeds_cannot_make_a_method_look_better_by_default()
    {
        // Both arms have the same per-seed scores; A diverges on its three hardest seeds. Comparing survivors
        // (DivergencePolicy.Exclude) would call A better; the default counts those runs as the worst value seen.
        double[] scores = [0.60, 0.62, 0.64, 0.80, 0.81, 0.82, 0.83, 0.84, 0.85, 0.86];
        var a = scores.Select((v, i) => i < 3 ? new SimulatedRun(double.NaN, RunStatus.Diverged) : new SimulatedRun(v + 0.001)).ToArray();
        var claim = new BeatsClaim(A, B, Metric.Named("score"));
        var unpaired = Ten with { Test = TestKind.Welch };
        var byDefault = Decide(claim, unpaired, ("A", a), ("B", Runs(scores)));
        var survivors = Decide(claim, unpaired with { Divergence = DivergencePolicy.Exclude }, ("A", a), ("B", Runs(scores)));
        Assert.Multiple(() =>
        {
            Assert.That(new ClaimSettings().Divergence, Is.EqualTo(DivergencePolicy.CountAsWorst));
            Assert.That(survivors.Verdict, Is.EqualTo(Verdict.Supported), "the survivors comparison the default avoids");
            Assert.That(byDefault.Verdict, Is.Not.EqualTo(Verdict.Supported));
            Assert.That(byDefault.Reason, Does.Contain("A: 3 diverged (counted as the worst value seen)"));
            Assert.That(Decide(claim, unpaired, ("A", Runs(scores)), ("B", Runs(scores))).Reason, Does.Contain("no run diverged or failed"));
        });
    }

    [Test]
    public void A_sequential_claim_prints_the_repeated_interval_of_its_look_and_it_agrees_with_the_verdict()
    {
        var settings = new ClaimSettings { MinSeeds = 5, MaxSeeds = 20, Batch = 5 };
        var random = new SeededRandom(7);
        var checkedLooks = 0;
        for (var r = 0; r < 200; r++)
        {
            var effect = 0.25 + 0.1 * (r % 5);
            var runs = ClaimCalibration.Cases()[0].Sampler(random, 20);
            var shifted = runs["A"].Select(x => new SimulatedRun(x.Value + effect - 0.5)).ToArray();
            // The interval, not the continuation an Inconclusive look would plan (a calibration per candidate design).
            var outcome = Decide(new BeatsClaim(A, B, Metric.Named("score"), 0.5), settings, plan: false, ("A", shifted), ("B", runs["B"]));
            var interval = outcome.Test!.DifferenceInterval;
            Assert.That(interval.Level, Is.EqualTo(1 - 2 * outcome.Threshold).Within(1e-12));
            // Supported ⇔ the lower end clears the margin; Refuted ⇔ the upper end is below it.
            Assert.That(interval.Low > 0.5, Is.EqualTo(outcome.Verdict == Verdict.Supported), outcome.Reason);
            Assert.That(interval.High < 0.5, Is.EqualTo(outcome.Verdict == Verdict.Refuted), outcome.Reason);
            checkedLooks++;
        }
        var text = ClaimText.Format(Decide(new BeatsClaim(A, B, Metric.Named("score"), 0.5), settings, ("A", Runs([.. Enumerable.Range(0, 20).Select(i => 0.5 + i % 3 * 0.1)])),
            ("B", Runs([.. Enumerable.Range(0, 20).Select(i => i % 2 * 0.05)]))));
        Assert.That(text, Does.Contain("repeated confidence interval"));
        Assert.That(checkedLooks, Is.EqualTo(200));
    }
}

using MathNet.Numerics.Distributions;
using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Execution;
using ReproSpec.Reports;

namespace ReproSpec.Tests.Claims;

/// <summary>Variance-by-source claims through the decider: the runs they ask for, their verdicts, their level at ratio 1, their declaration errors.</summary>
public class VarianceBySourceTests
{
    /// <summary>A score that is a sum of independent normal noises, one per source, each from that source's seed.</summary>
    sealed record SourceNoise(double SplitSd, double InitSd, int Replicate = 0) : Experiment
    {
        public override RunMetrics Run(RunContext context)
        {
            double Noise(string source, double sd) =>
                sd * Normal.Sample(new Random(unchecked(context.Seeds.For(source) * 31 + Replicate)), 0, 1);
            return RunMetrics.Of(("score", 0.9 + Noise("split", SplitSd) + Noise("init", InitSd) + Noise("order", 0.001)));
        }
    }

    static ClaimOutcome Decide(ClaimDeclaration claim, ClaimSettings settings) =>
        new ClaimDecider((requests, cancellation) =>
            Task.FromResult(new RunBatch(requests.Select(r => RunOnce.Execute(r, 1, "", cancellation)).ToList(), 0, requests.Count, TimeSpan.Zero)))
            .DecideAsync(claim, settings).GetAwaiter().GetResult();

    static VarianceBySourceClaim SplitOverInit(Experiment experiment) =>
        new(new Arm("net", experiment), Metric.Named("score"), "split", "init");

    static readonly ClaimSettings TenSeeds = new() { MinSeeds = 10, MaxSeeds = 10 };

    [Test]
    public void Each_source_gets_its_own_runs_with_every_other_source_fixed()
    {
        var outcome = Decide(SplitOverInit(new SourceNoise(0.02, 0.005)), TenSeeds);
        var split = outcome.Runs.Where(r => !r.FixedSources.Contains("split")).ToList();
        var init = outcome.Runs.Where(r => !r.FixedSources.Contains("init")).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Runs, Has.Count.EqualTo(20));
            Assert.That(split.Select(r => r.Seed), Is.EqualTo(Enumerable.Range(1, 10)), "seeds 1..n: seed 0 is the value fixed sources take");
            Assert.That(split.All(r => r.FixedSources.Contains("init") && r.FixedSources.Contains("order") && r.FixedSources.Contains("dropout")));
            Assert.That(init.All(r => r.FixedSources.Contains("split") && !r.FixedSources.Contains("init")));
            Assert.That(split.Select(r => r.Key).Intersect(init.Select(r => r.Key)), Is.Empty, "the two samples share no run");
            Assert.That(outcome.Arms.Select(a => a.Name), Is.EqualTo(new[] { "net (split varies)", "net (init varies)" }));
        });
    }

    [Test]
    public void A_source_four_times_as_spread_is_supported_and_the_reverse_refuted()
    {
        var supported = Decide(SplitOverInit(new SourceNoise(0.02, 0.005)), TenSeeds);
        var refuted = Decide(SplitOverInit(new SourceNoise(0.005, 0.02)), TenSeeds);
        var text = ClaimText.Format(supported);
        Assert.Multiple(() =>
        {
            Assert.That(supported.Verdict, Is.EqualTo(Verdict.Supported), supported.Reason);
            Assert.That(refuted.Verdict, Is.EqualTo(Verdict.Refuted), refuted.Reason);
            Assert.That(supported.Effects["variance_ratio"], Is.GreaterThan(4));
            Assert.That(supported.Effects["variance_ratio_low"], Is.LessThan(supported.Effects["variance_ratio"]));
            Assert.That(text, Does.Contain("Brown–Forsythe").And.Contain("variance_ratio").And.Contain("split minus init"));
        });
    }

    [Test]
    public void A_source_with_no_spread_gets_no_normal_theory_p_of_zero()
    {
        // The init seed has no effect at all (sd 0): Brown–Forsythe decides; the F test's p would read 0 and is left out.
        var outcome = Decide(new VarianceBySourceClaim(new Arm("net", new SourceNoise(0.02, 0)), Metric.Named("score"), "split", "init"), TenSeeds);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Effects["sd_init"], Is.Zero);
            Assert.That(outcome.Effects.ContainsKey("f_test_p"), Is.False);
            Assert.That(ClaimText.Format(outcome), Does.Not.Contain("f_test_p"));
            Assert.That(outcome.PSupport, Is.GreaterThan(0));
        });
    }

    [Test]
    public void At_equal_spread_the_claim_is_wrongly_decided_at_most_alpha_of_the_time()
    {
        const int Replicates = 600;
        const double Alpha = 0.05;
        var wrong = 0;
        for (var r = 0; r < Replicates; r++)
        {
            var outcome = Decide(SplitOverInit(new SourceNoise(0.01, 0.01, r)), TenSeeds);
            if (outcome.Verdict != Verdict.Inconclusive) wrong++;
        }
        // Two one-sided errors, each ≤ α: the rate of any decision is ≤ 2α (+ 3 Monte Carlo standard errors).
        var limit = 2 * Alpha + 3 * Math.Sqrt(2 * Alpha * (1 - 2 * Alpha) / Replicates);
        Assert.That((double)wrong / Replicates, Is.LessThanOrEqualTo(limit));
    }

    [Test]
    public void Declaration_errors_name_the_problem_and_the_fix()
    {
        var claim = SplitOverInit(new SourceNoise(0.02, 0.005));
        string Problems(ClaimDeclaration c, ClaimSettings s) => string.Join(" | ", ClaimDecider.Problems(c, s));
        Assert.Multiple(() =>
        {
            Assert.That(Problems(claim, new ClaimSettings { MinSeeds = 5, MaxSeeds = 20, Batch = 5 }), Does.Contain("fixed number of seeds"));
            Assert.That(Problems(claim, new ClaimSettings { MinSeeds = 3, MaxSeeds = 3 }), Does.Contain("at least 5 seeds per source"));
            Assert.That(Problems(claim, TenSeeds with { Test = TestKind.Welch }), Does.Contain("remove Test"));
            Assert.That(Problems(claim, TenSeeds with { FixedSources = ["split"] }), Does.Contain("remove it from FixedSources"));
            Assert.That(Problems(claim with { Source = "splt" }, TenSeeds), Does.Contain("\"splt\" is not one the experiments draw from"));
            Assert.That(Problems(claim with { Baseline = "split" }, TenSeeds), Does.Contain("with itself"));
            Assert.That(Problems(claim, TenSeeds), Is.Empty);
            Assert.Throws<ClaimDeclarationException>(() => Decide(claim, new ClaimSettings { MinSeeds = 3, MaxSeeds = 3 }));
        });
    }

    [Test]
    public void The_sentence_needs_a_second_source_and_a_metric()
    {
        using var scope = ClaimScope.Open();
        var arm = new Arm("net", new SourceNoise(0.02, 0.005));
        Claim.That(arm).VarianceFrom("split").On("score");
        Claim.That(arm).VarianceFrom("split").Exceeds("init");
        Claim.That(arm).VarianceFrom("split").Exceeds("init").On("score");
        var claims = scope.Build(out var problems);
        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Count.EqualTo(2));
            Assert.That(problems[0], Does.Contain(".Exceeds(\"init\")"));
            Assert.That(problems[1], Does.Contain(".On(\"metric_name\")"));
            Assert.That(claims.Single(), Is.EqualTo(SplitOverInit(new SourceNoise(0.02, 0.005))));
        });
    }
}

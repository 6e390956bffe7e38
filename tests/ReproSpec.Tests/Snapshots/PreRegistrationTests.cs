using ReproSpec.Claims;
using ReproSpec.Reports;
using ReproSpec.Snapshots;
using ReproSpec.Tests.Planning;

namespace ReproSpec.Tests.Snapshots;

public class PreRegistrationTests
{
    static readonly Arm Clear = new("clear", PlanningFixture.Clear);
    static readonly Arm Noisy = new("noisy", PlanningFixture.Noisy);
    static readonly ClaimDeclaration Beats = new BeatsClaim(Clear, Noisy, Metric.Named("score"), 0.03);
    static readonly ClaimSettings Five = new() { MinSeeds = 5, MaxSeeds = 5 };

    static ClaimDesign Design(ClaimDeclaration claim, ClaimSettings settings) => ClaimDesign.Declared(claim, settings);

    /// <summary>A verified claim decided under <paramref name="settings"/> on its seeds.</summary>
    static ClaimSnapshot Recorded(ClaimDeclaration claim, ClaimSettings settings, ClaimDesign? design = null)
    {
        var seeds = settings.SeedNumbers(settings.MaxSeeds).ToList();
        var arms = claim.Arms.Select(a => new ArmSnapshot(a.Name, a.Experiment.Name, "score", seeds, seeds.Select(s => (double)s).ToList(), null, [])).ToList();
        return new ClaimSnapshot(claim.Sentence, Verdict.Inconclusive, arms, design ?? Design(claim, settings) with { Seeds = seeds });
    }

    [Test]
    public void An_upgrade_that_adds_options_at_their_default_or_moves_run_control_out_declares_the_same_arms()
    {
        var before = Design(Beats, Five) with { Arms = ["Cmd {\"Label\":\"a\",\"TimeoutSeconds\":600,\"Install\":\"apt-get install x\"}", "Cmd {\"Label\":\"b\"}"] };
        var upgraded = before with { Arms = ["Cmd {\"Label\":\"a\",\"Version\":\"1\",\"Mounts\":null,\"InPlace\":false,\"Home\":0}", "Cmd {\"Label\":\"b\",\"Repository\":\"\"}"] };
        var changed = before with { Arms = ["Cmd {\"Label\":\"a\",\"Version\":\"2\"}", "Cmd {\"Label\":\"b\",\"Dropout\":0.5}"] };
        Assert.Multiple(() =>
        {
            Assert.That(ClaimDesign.Differences(before, upgraded), Is.Empty);
            Assert.That(ClaimDesign.Differences(before, changed), Has.Count.EqualTo(1), "a version salt and a real parameter are changes");
        });
    }

    [Test]
    public void What_defines_the_hypothesis_or_the_decision_is_design_and_display_text_is_not()
    {
        var before = Design(Beats, Five);
        Assert.Multiple(() =>
        {
            // Cosmetic: arm display names.
            Assert.That(Design(new BeatsClaim(Clear with { Name = "renamed" }, Noisy, Metric.Named("score"), 0.03), Five).DeclaresSameAs(before), Is.True);
            // The expectation is pre-registered with the test: a verdict expected after the results were seen is no prediction.
            Assert.That(ClaimDesign.Differences(before, Design(Beats, Five with { Because = "other words", Expected = Verdict.Refuted })),
                Is.EqualTo(new[] { "Expect: Supported → Refuted", "Because: none → other words" }));
            // A design recorded before expectations were part of designs differs in nothing else.
            Assert.That((before with { Expected = null, Because = null }).DeclaresSameAs(Design(Beats, Five with { Because = "x", Expected = Verdict.Refuted })), Is.True);
            // Batch and spending mean nothing with one look.
            Assert.That(Design(Beats, Five with { Batch = 2 }).DeclaresSameAs(before), Is.True);

            Assert.That(ClaimDesign.Differences(before, Design(new BeatsClaim(Clear, Noisy, Metric.Named("score"), 0.05), Five)),
                Is.EqualTo(new[] { "hypothesis: challenger − baseline > 0.03 → challenger − baseline > 0.05" }));
            Assert.That(ClaimDesign.Differences(before, Design(Beats, Five with { Alpha = 0.1 })), Is.EqualTo(new[] { "Alpha: 0.05 → 0.1" }));
            Assert.That(ClaimDesign.Differences(before, Design(Beats, Five with { Test = TestKind.Welch })), Is.EqualTo(new[] { "Test: Auto → Welch" }));
            Assert.That(ClaimDesign.Differences(before, Design(Beats, Five with { MaxSeeds = 20 })),
                Is.EqualTo(new[] { "MaxSeeds: 5 → 20", "Spending: none (fixed seeds) → OBrienFleming" }));
            Assert.That(ClaimDesign.Differences(before, Design(Beats, Five with { Divergence = DivergencePolicy.Exclude })), Is.EqualTo(new[] { "Divergence: CountAsWorst → Exclude" }));
            Assert.That(ClaimDesign.Differences(before, Design(Beats, Five with { FixedSources = ["split"] })), Is.EqualTo(new[] { "FixedSources: [] → [split]" }));
            Assert.That(ClaimDesign.Differences(before, Design(new BeatsClaim(Clear, Noisy, Metric.Lower("score"), 0.03), Five)).Single(), Does.StartWith("metric:"));
            Assert.That(ClaimDesign.Differences(before, Design(new BeatsClaim(Noisy, Clear, Metric.Named("score"), 0.03), Five)).Single(), Does.StartWith("arms:"),
                "swapping the arms' roles changes the hypothesis even though the runs are the same");
            Assert.That(ClaimDesign.Differences(before, Design(new BeatsClaim(Clear with { Experiment = new Alternating(10, 0.02) }, Noisy, Metric.Named("score"), 0.03), Five)).Single(),
                Does.StartWith("arms:"), "a different experiment behind an arm is a different claim");
        });
    }

    [Test]
    public void A_new_design_on_seen_seeds_is_refused_on_fresh_seeds_it_is_a_valid_continuation()
    {
        var recorded = Recorded(Beats, Five);
        Assert.Multiple(() =>
        {
            Assert.That(PreRegistration.Check(null, Design(Beats, Five), Beats.Sentence).Status, Is.EqualTo(DesignStatus.New));
            Assert.That(PreRegistration.Check(recorded, Design(Beats, Five), Beats.Sentence).Status, Is.EqualTo(DesignStatus.Same));
            Assert.That(PreRegistration.Check(recorded with { Design = null }, Design(Beats, Five), Beats.Sentence).Status, Is.EqualTo(DesignStatus.NotRecorded));
            // Raising MaxSeeds (the old "raise MaxSeeds" advice) re-tests seeds 0–4.
            Assert.That(PreRegistration.Check(recorded, Design(Beats, Five with { MaxSeeds = 10 }), Beats.Sentence).Status, Is.EqualTo(DesignStatus.Refused));
            Assert.That(PreRegistration.Check(recorded, Design(Beats, Five with { Alpha = 0.1 }), Beats.Sentence).Status, Is.EqualTo(DesignStatus.Refused));
            // Fresh seeds: none of 0–4; a first seed inside them is still a reuse.
            Assert.That(PreRegistration.Check(recorded, Design(Beats, Five with { MinSeeds = 10, MaxSeeds = 10, FirstSeed = 5 }), Beats.Sentence).Status, Is.EqualTo(DesignStatus.FreshSeeds));
            Assert.That(PreRegistration.Check(recorded, Design(Beats, Five with { FirstSeed = 3 }), Beats.Sentence).Status, Is.EqualTo(DesignStatus.Refused));
        });
    }

    [Test]
    public void Seeds_used_under_earlier_designs_are_not_fresh_either()
    {
        var first = Design(Beats, Five) with { Seeds = [0, 1, 2, 3, 4] };
        var second = Design(Beats, Five with { FirstSeed = 5 }) with { Seeds = [5, 6, 7, 8, 9] };
        var recorded = Recorded(Beats, Five with { FirstSeed = 5 }, second) with { DesignChanges = [new DesignChange(first, second, DesignChangeKind.FreshSeeds)] };
        Assert.Multiple(() =>
        {
            Assert.That(PreRegistration.NextFreshSeed(recorded), Is.EqualTo(10));
            Assert.That(PreRegistration.Check(recorded, Design(Beats, Five with { FirstSeed = 0, MinSeeds = 3, MaxSeeds = 3 }), Beats.Sentence).Status, Is.EqualTo(DesignStatus.Refused),
                "seeds 0–2 were used by the first design");
            Assert.That(PreRegistration.Check(recorded, Design(Beats, Five with { FirstSeed = 10 }), Beats.Sentence).Status, Is.EqualTo(DesignStatus.FreshSeeds));
        });
    }

    [Test]
    public void The_refusal_states_both_designs_what_changed_and_the_valid_continuations()
    {
        var check = PreRegistration.Check(Recorded(Beats, Five), Design(Beats, Five with { MaxSeeds = 8, MinSeeds = 8 }), Beats.Sentence);
        var message = PreRegistration.Refusal(check, "/c/F.M.verified.json", "/c/F.M.received.json", "F.M");
        Assert.Multiple(() =>
        {
            Assert.That(message, Does.Contain("design changed after results were seen"));
            Assert.That(message, Does.Contain("recorded: beats: challenger − baseline > 0.03 on score (higher is better); α = 0.05, Auto test, 5 seeds per arm from seed 0"));
            Assert.That(message, Does.Contain("declared: beats: challenger − baseline > 0.03 on score (higher is better); α = 0.05, Auto test, 8 seeds per arm from seed 0"));
            Assert.That(message, Does.Contain("changed: MinSeeds: 5 → 8; MaxSeeds: 5 → 8"));
            Assert.That(message, Does.Contain("would use seeds 0–7, and seeds 0–4 have been seen"));
            Assert.That(message, Does.Contain("add FirstSeed = 5"));
            Assert.That(message, Does.Contain("`reprospec accept --claim F.M --reason \"why\"`"));
            Assert.That(message, Does.Contain("No extension of the recorded design over seeds 0–4 and new seeds is offered: the recorded design ended"));
        });
    }

    [Test]
    public void The_proposal_keeps_the_results_and_waits_for_a_reason_and_the_history_survives_JSON()
    {
        var recorded = Recorded(Beats, Five);
        var declared = Design(new BeatsClaim(Clear, Noisy, Metric.Named("score"), 0.05), Five);
        var check = PreRegistration.Check(recorded, declared, "clear beats noisy by at least 0.05");
        var proposal = PreRegistration.Proposal(new DistributionSnapshot([recorded]), [check]);
        var path = Path.Combine(Path.GetTempPath(), $"prereg-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, ReportJson.Serialize(proposal));
            var read = ReportJson.ReadSnapshot(path).Claims.Single();
            Assert.Multiple(() =>
            {
                Assert.That(read.Sentence, Is.EqualTo("clear beats noisy by at least 0.05"));
                Assert.That(read.Arms.Select(a => a.Values), Is.EqualTo(recorded.Arms.Select(a => a.Values)), "the results are the recorded ones");
                Assert.That(read.Design, Is.EqualTo(declared).Using<ClaimDesign>((a, b) => a.DeclaresSameAs(b)));
                var change = read.History.Single();
                Assert.That(change.Kind, Is.EqualTo(DesignChangeKind.SeedsReused));
                Assert.That(change.NeedsReason, Is.True);
                Assert.That(change.Accepted, Is.Null);
                Assert.That(change.From!.Seeds, Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Snapshots_written_before_designs_were_recorded_still_read_with_no_design()
    {
        var root = TestContext.CurrentContext.TestDirectory;
        while (!File.Exists(Path.Combine(root, "ReproSpec.sln"))) root = Path.GetDirectoryName(root)!;
        var legacy = Path.Combine(root, "tests", "ReproSpec.Tests", "Snapshots", "legacy.snapshot.json");
        var claim = ReportJson.ReadSnapshot(legacy).Claims.Single();
        Assert.Multiple(() =>
        {
            Assert.That(claim.Design, Is.Null);
            Assert.That(claim.History, Is.Empty);
            Assert.That(PreRegistration.Check(claim, Design(Beats, Five), Beats.Sentence).Status, Is.EqualTo(DesignStatus.NotRecorded));
        });
    }
}

using System.Text.Json.Nodes;
using NUnit.Framework.Interfaces;
using ReproSpec.KnownVerdicts;
using ReproSpec.Reports;

namespace ReproSpec.NUnit.Tests;

[NonParallelizable]
public class SnapshotTests
{
    string snapshots = "";
    string? ci;

    string Verified => Path.Combine(snapshots, $"{nameof(SnapshotClaims)}.{nameof(SnapshotClaims.High_beats_low)}.verified.json");

    string Received => Path.Combine(snapshots, $"{nameof(SnapshotClaims)}.{nameof(SnapshotClaims.High_beats_low)}.received.json");

    [SetUp]
    public void Isolate()
    {
        snapshots = Path.Combine(Path.GetTempPath(), "reprospec-snap-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(snapshots);
        ci = Environment.GetEnvironmentVariable("CI");
        Environment.SetEnvironmentVariable("CI", null);
        Environment.SetEnvironmentVariable("REPROSPEC_SNAPSHOTS", "1");
        Environment.SetEnvironmentVariable("REPROSPEC_SNAPSHOTS_DIR", snapshots);
    }

    [TearDown]
    public void Restore()
    {
        Environment.SetEnvironmentVariable("CI", ci);
        Environment.SetEnvironmentVariable("REPROSPEC_SNAPSHOTS", "0");
        Environment.SetEnvironmentVariable("REPROSPEC_SNAPSHOTS_DIR", null);
        if (Directory.Exists(snapshots)) Directory.Delete(snapshots, recursive: true);
    }

    static IReadOnlyDictionary<string, ITestResult> Run() => FixtureRunner.Run(typeof(SnapshotClaims));

    /// <summary>Runs once and accepts the received snapshot, as `reprospec accept` would.</summary>
    void Accept()
    {
        Run();
        File.Move(Received, Verified);
    }

    /// <summary>Rewrites the verified snapshot's arm values (and optionally its verdict and environment).</summary>
    void Tamper(Func<int, double, double> value, string? verdict = null, string? environment = null, int seedOffset = 0)
    {
        var json = JsonNode.Parse(File.ReadAllText(Verified))!;
        var claim = json["claims"]![0]!;
        if (verdict is not null) claim["verdict"] = verdict;
        var armIndex = 0;
        foreach (var arm in claim["arms"]!.AsArray())
        {
            var values = arm!["values"]!.AsArray();
            var index = armIndex++;
            for (var i = 0; i < values.Count; i++) values[i] = value(index * 100 + i, values[i]!.GetValue<double>());
            if (environment is not null) arm["environments"] = new JsonArray(environment);
            var seeds = arm["seeds"]!.AsArray();
            for (var i = 0; i < seeds.Count; i++) seeds[i] = seeds[i]!.GetValue<int>() + seedOffset;
        }
        File.WriteAllText(Verified, json.ToJsonString());
    }

    [Test]
    public void A_new_snapshot_fails_writes_received_and_is_not_accepted()
    {
        var results = Run();
        var result = results[nameof(SnapshotClaims.High_beats_low)];
        Assert.Multiple(() =>
        {
            Assert.That(result.ResultState, Is.EqualTo(ResultState.Failure));
            Assert.That(result.Message, Does.StartWith("New distribution snapshot"));
            Assert.That(result.Message, Does.Contain("SUPPORTED: snap-high beats snap-low"));
            Assert.That(File.Exists(Received), Is.True);
            Assert.That(File.Exists(Verified), Is.False);
            Assert.That(File.ReadAllText(Received), Does.Not.Contain("\r"));
            Assert.That(results[nameof(SnapshotClaims.Without_snapshot)].ResultState.Status, Is.EqualTo(TestStatus.Passed));
            Assert.That(Directory.GetFiles(snapshots, "*Without_snapshot*"), Is.Empty);
        });
    }

    [Test]
    public void On_CI_a_missing_snapshot_fails_and_says_so()
    {
        Environment.SetEnvironmentVariable("CI", "true");
        var result = Run()[nameof(SnapshotClaims.High_beats_low)];
        Assert.Multiple(() =>
        {
            Assert.That(result.ResultState, Is.EqualTo(ResultState.Failure));
            Assert.That(result.Message, Does.StartWith("CI=true: a missing snapshot fails and is never accepted"));
            Assert.That(File.Exists(Verified), Is.False);
        });
    }

    [Test]
    public void An_accepted_snapshot_passes_and_the_received_file_goes_away()
    {
        Accept();
        var result = Run()[nameof(SnapshotClaims.High_beats_low)];
        Assert.Multiple(() =>
        {
            Assert.That(result.ResultState.Status, Is.EqualTo(TestStatus.Passed), result.Message);
            Assert.That(File.Exists(Received), Is.False);
        });
    }

    [Test]
    public void On_another_environment_per_seed_changes_within_the_tolerance_pass()
    {
        Accept();
        // ±0.00005 per seed: inside 1 % of either arm's mean (about 1 and 0.014), as floating-point noise across machines would be.
        Tamper((i, v) => v + (i % 2 == 0 ? 0.00005 : -0.00005), environment: "env-old");
        var result = Run()[nameof(SnapshotClaims.High_beats_low)];
        Assert.That(result.ResultState.Status, Is.EqualTo(TestStatus.Passed), result.Message);
    }

    [Test]
    public void On_the_same_environment_one_ulp_on_one_seed_fails_and_names_the_seed()
    {
        Accept();
        Tamper((i, v) => i == 3 ? Math.BitIncrement(v) : v);
        var result = Run()[nameof(SnapshotClaims.High_beats_low)];
        Assert.Multiple(() =>
        {
            Assert.That(result.ResultState, Is.EqualTo(ResultState.Failure));
            // Same machine, same inputs, another value: reported as nondeterminism, the seed named.
            Assert.That(result.Message, Does.Contain("NONDETERMINISTIC: snap-high score").And.Contain("a machine environment the snapshot knows, so every shared seed must give the same value: 1 seed(s) differ"));
            Assert.That(result.Message, Does.Contain("1 seed(s) differ\n    seed 3: "));
            Assert.That(result.Message, Does.Contain("identical: snap-low score"));
        });
    }

    [Test]
    public void Without_shared_seeds_arms_are_compared_as_distributions()
    {
        Accept();
        Tamper((i, v) => i < 100 ? v + 0.5 : v, seedOffset: 1000);
        var result = Run()[nameof(SnapshotClaims.High_beats_low)];
        Assert.Multiple(() =>
        {
            Assert.That(result.ResultState, Is.EqualTo(ResultState.Failure));
            // Fresh seeds on a known machine are compared as distributions: a 0.5 shift at sd 0.05 is shown.
            Assert.That(result.Message, Does.Contain("SHIFTED: snap-high score").And.Contain("compared as distributions").And.Contain("(Welch t)"));
            Assert.That(result.Message, Does.Contain("same conclusion: snap-low score"));
        });
    }

    [Test]
    public void A_drifted_distribution_fails_with_old_and_new_summaries_the_test_and_the_environments()
    {
        Accept();
        Tamper((i, v) => i < 100 ? v + 0.5 : v, environment: "env-old");
        var result = Run()[nameof(SnapshotClaims.High_beats_low)];
        Assert.Multiple(() =>
        {
            Assert.That(result.ResultState, Is.EqualTo(ResultState.Failure));
            Assert.That(result.Message, Does.StartWith("Distribution snapshot differs"));
            Assert.That(result.Message, Does.Contain("SHIFTED: snap-high score: verified 1.5"));
            Assert.That(result.Message, Does.Contain("identical: snap-low score"));
            Assert.That(result.Message, Does.Contain("another machine environment, compared as distributions: the shift of the mean is -0.5"));
            Assert.That(result.Message, Does.Contain("seed 0: "));
            Assert.That(result.Message, Does.Contain("machine environment: verified [env-old]"));
            Assert.That(File.Exists(Received), Is.True);
        });
    }

    [Test]
    public void A_flipped_verdict_fails()
    {
        Accept();
        Tamper((_, v) => v, verdict: "Refuted");
        var result = Run()[nameof(SnapshotClaims.High_beats_low)];
        Assert.That(result.Message, Does.Contain("verdict flipped: \"snap-high beats snap-low on score by ≥ 0\" was Refuted, now Supported").Or.Contain("verdict flipped"));
        Assert.That(result.ResultState, Is.EqualTo(ResultState.Failure));
    }

    [Test]
    public void Orphaned_snapshots_are_found_and_owned_ones_are_not()
    {
        Accept();
        var orphan = Path.Combine(snapshots, $"{nameof(SnapshotClaims)}.Deleted_claim.verified.json");
        File.WriteAllText(orphan, "{}");
        File.WriteAllText(Path.Combine(snapshots, "SomethingElse.Test.verified.json"), "{}");
        var orphans = ReproSpec.Sessions.ClaimSession.FindOrphans(typeof(SnapshotClaims).Assembly, ReproSpec.Sessions.SessionSettings.FromEnvironment());
        Assert.That(orphans, Is.EqualTo(new[] { Path.GetFullPath(orphan) }));
    }

    [Test]
    public void Each_claim_gets_a_report_a_plot_and_a_saved_outcome_attached_to_its_result()
    {
        var result = Run()[nameof(SnapshotClaims.Without_snapshot)];
        var test = typeof(SnapshotClaims).FullName + "." + nameof(SnapshotClaims.Without_snapshot);
        var outcome = ReportJson.ReadClaim(ReportFiles.Outcome(TestEnvironment.Reports, test));
        var png = File.ReadAllBytes(ReportFiles.Plot(TestEnvironment.Reports, test));
        Assert.Multiple(() =>
        {
            Assert.That(result.TestAttachments.Select(a => Path.GetFileName(a.FilePath)),
                Is.EquivalentTo(new[] { $"{test}.png", $"{test}.md", $"{test}.outcome.json" }));
            Assert.That(outcome.Verdict.ToString(), Is.EqualTo("Supported"));
            Assert.That(outcome.Arms[0].Values, Has.Count.EqualTo(5));
            Assert.That(png.Take(4), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47 }));
            Assert.That(File.ReadAllText(ReportFiles.Markdown(TestEnvironment.Reports, test)), Does.Contain("| snap-high | score |"));
        });
    }
}

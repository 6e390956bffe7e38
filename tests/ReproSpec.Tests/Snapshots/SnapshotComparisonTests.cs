using ReproSpec.Claims;
using ReproSpec.Provenance;
using ReproSpec.Reports;
using ReproSpec.Snapshots;
using ReproSpec.Statistics;
using ReproSpec.Tests.Reports;

namespace ReproSpec.Tests.Snapshots;

public class SnapshotComparisonTests
{
    static DistributionSnapshot Of(double[] a, double[] b, Verdict verdict = Verdict.Supported, string environment = "env-1") =>
        DistributionSnapshot.Of([Sample.Claim(a: a, b: b, verdict: verdict, environment: environment)]);

    static readonly double[] Linear = Sample.Normal(10, 0.85, 0.01, 2);

    /// <summary>The same snapshot with every arm's seeds moved by <paramref name="offset"/>: no seed is shared with the original.</summary>
    static DistributionSnapshot OtherSeeds(DistributionSnapshot s, int offset = 100) =>
        new(s.Claims.Select(c => c with { Arms = c.Arms.Select(a => a with { Seeds = a.Seeds.Select(x => x + offset).ToList() }).ToList() }).ToList());

    /// <summary>The mlp arm's values with <paramref name="change"/> applied to the seeds listed; the rest untouched.</summary>
    static double[] Changed(double[] values, Func<double, double> change, params int[] seeds) =>
        values.Select((v, i) => seeds.Contains(i) ? change(v) : v).ToArray();

    [Test]
    public void No_verified_snapshot_is_new()
    {
        var c = SnapshotComparison.Compare(null, Of(Sample.Normal(10, 0.9, 0.01, 1), Linear), SnapshotTolerance.Default);
        Assert.That(c.Status, Is.EqualTo(SnapshotStatus.New));
    }

    [Test]
    public void Other_seeds_from_the_same_distribution_match()
    {
        var c = SnapshotComparison.Compare(Of(Sample.Normal(10, 0.9, 0.01, 1), Linear), OtherSeeds(Of(Sample.Normal(10, 0.9, 0.01, 99), Linear)), SnapshotTolerance.Default);
        Assert.Multiple(() =>
        {
            Assert.That(c.Status, Is.EqualTo(SnapshotStatus.Matches), string.Join("; ", c.Changes));
            Assert.That(c.Arms.Select(a => a.Check), Is.All.EqualTo(DriftCheck.UnpairedWelch));
        });
    }

    [Test]
    public void A_changed_environment_is_listed_field_by_field_when_the_store_has_both_manifests()
    {
        var before = EnvironmentManifest.Capture(null, 1, 1, Path.GetTempPath());
        var after = before with { Cores = before.Cores + 6 };
        var verified = Of(Sample.Normal(10, 0.9, 0.01, 1), Linear, environment: before.Id);
        var received = Of(Sample.Normal(10, 0.8, 0.01, 1), Linear, environment: after.Id);
        var manifests = new Dictionary<string, EnvironmentManifest> { [before.Id] = before, [after.Id] = after };
        var text = SnapshotComparison.Compare(verified, received, SnapshotTolerance.Default)
            .Describe("X.M.verified.json", "X.M.received.json", id => manifests.GetValueOrDefault(id));
        var missing = SnapshotComparison.Compare(verified, received, SnapshotTolerance.Default)
            .Describe("X.M.verified.json", "X.M.received.json", _ => null);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain($"cores: {before.Cores} → {after.Cores}"));
            Assert.That(missing, Does.Contain("is not in this store"));
        });
    }

    [Test]
    public void A_shift_beyond_noise_and_tolerance_differs_and_is_described()
    {
        var verified = Of(Sample.Normal(10, 0.9, 0.01, 1), Linear);
        var received = OtherSeeds(Of(Sample.Normal(10, 0.8, 0.01, 1), Linear, environment: "env-2"));
        var c = SnapshotComparison.Compare(verified, received, SnapshotTolerance.Default);
        var text = c.Describe("X.M.verified.json", "X.M.received.json");
        Assert.Multiple(() =>
        {
            Assert.That(c.Status, Is.EqualTo(SnapshotStatus.Differs));
            Assert.That(c.Arms.Single(a => a.Arm == "mlp").Drifted, Is.True);
            Assert.That(c.Arms.Single(a => a.Arm == "linear").Drifted, Is.False);
            Assert.That(c.Arms.Single(a => a.Arm == "mlp").Test!.PValue, Is.LessThan(1e-6));
            Assert.That(text, Does.Contain("no shared seeds, compared as distributions: drift = Welch two-sided p < 0.01"));
            Assert.That(text, Does.Contain("DRIFTED: mlp accuracy: verified 0.8989 ± 0.00743 (n = 10) → received 0.7989"));
            Assert.That(text, Does.Contain("(n = 10)"));
            Assert.That(text, Does.Contain("environment: verified [env-1] → received [env-2]"));
        });
    }

    [Test]
    public void A_significant_shift_smaller_than_the_practical_tolerance_matches()
    {
        // sd 1e-5: a 0.001 shift is wildly significant, but 0.001 < 1 % of 0.9.
        var c = SnapshotComparison.Compare(Of(Sample.Normal(10, 0.9, 1e-5, 1), Linear), OtherSeeds(Of(Sample.Normal(10, 0.901, 1e-5, 3), Linear)), SnapshotTolerance.Default);
        Assert.Multiple(() =>
        {
            Assert.That(c.Arms.Single(a => a.Arm == "mlp").Test!.PValue, Is.LessThan(0.01));
            Assert.That(c.Status, Is.EqualTo(SnapshotStatus.Matches));
        });
    }

    [Test]
    public void A_large_shift_within_the_noise_matches()
    {
        // sd 0.2 over 5 seeds: a 0.05 shift (above the 1 % tolerance) is not significant.
        var c = SnapshotComparison.Compare(Of(Sample.Normal(5, 0.9, 0.2, 1), Linear), OtherSeeds(Of(Sample.Normal(5, 0.95, 0.2, 1), Linear)), SnapshotTolerance.Default);
        Assert.That(c.Status, Is.EqualTo(SnapshotStatus.Matches), string.Join("; ", c.Changes));
    }

    [Test]
    public void The_absolute_tolerance_rescues_means_near_zero()
    {
        var near = Sample.Normal(10, 0.0, 1e-4, 1);
        var shifted = Sample.Normal(10, 0.001, 1e-4, 2);
        var relative = SnapshotComparison.Compare(Of(near, Linear), OtherSeeds(Of(shifted, Linear)), SnapshotTolerance.Default);
        var absolute = SnapshotComparison.Compare(Of(near, Linear), OtherSeeds(Of(shifted, Linear)), new SnapshotTolerance { Absolute = 0.01 });
        Assert.Multiple(() =>
        {
            Assert.That(relative.Status, Is.EqualTo(SnapshotStatus.Differs));
            Assert.That(absolute.Status, Is.EqualTo(SnapshotStatus.Matches));
        });
    }

    [Test]
    public void On_the_same_environment_one_ulp_on_one_seed_differs_and_names_the_seed()
    {
        var mlp = Sample.Normal(5, 0.9, 0.01, 1);
        var received = Changed(mlp, Math.BitIncrement, 3);
        var c = SnapshotComparison.Compare(Of(mlp, Linear), Of(received, Linear), SnapshotTolerance.Default);
        var arm = c.Arms.Single(a => a.Arm == "mlp");
        var text = c.Describe("X.M.verified.json", "X.M.received.json");
        Assert.Multiple(() =>
        {
            Assert.That(c.Status, Is.EqualTo(SnapshotStatus.Differs));
            Assert.That(arm.Check, Is.EqualTo(DriftCheck.ExactPerSeed));
            Assert.That(arm.Moved.Select(m => m.Seed), Is.EqualTo(new[] { 3 }));
            Assert.That(c.Arms.Single(a => a.Arm == "linear").Drifted, Is.False);
            Assert.That(text, Does.Contain("same seeds on the same environment, so every value must match exactly"));
            Assert.That(text, Does.Contain(FormattableString.Invariant($"seed 3: {mlp[3]:R} → {received[3]:R} (Δ = ")));
        });
    }

    [Test]
    public void On_the_same_environment_identical_values_match()
    {
        var mlp = Sample.Normal(5, 0.9, 0.01, 1);
        var c = SnapshotComparison.Compare(Of(mlp, Linear), Of(mlp.ToArray(), Linear), SnapshotTolerance.Default);
        Assert.Multiple(() =>
        {
            Assert.That(c.Status, Is.EqualTo(SnapshotStatus.Matches));
            Assert.That(c.Arms.Select(a => a.Check), Is.All.EqualTo(DriftCheck.ExactPerSeed));
        });
    }

    [Test]
    public void Across_environments_two_of_five_seeds_times_one_and_a_half_differ()
    {
        // The case the unpaired Welch test let through: three seeds identical, two moved by 50 %.
        var mlp = Sample.Normal(5, 0.9, 0.01, 1);
        var c = SnapshotComparison.Compare(Of(mlp, Sample.Normal(5, 0.85, 0.01, 2)),
            Of(Changed(mlp, v => v * 1.5, 1, 4), Sample.Normal(5, 0.85, 0.01, 2), environment: "env-2"), SnapshotTolerance.Default);
        var arm = c.Arms.Single(a => a.Arm == "mlp");
        var text = c.Describe("X.M.verified.json", "X.M.received.json");
        Assert.Multiple(() =>
        {
            Assert.That(c.Status, Is.EqualTo(SnapshotStatus.Differs));
            Assert.That(arm.Check, Is.EqualTo(DriftCheck.PairedWithinTolerance));
            Assert.That(arm.Drifted, Is.True);
            Assert.That(arm.Moved.Select(m => m.Seed), Is.EqualTo(new[] { 1, 4 }));
            Assert.That(c.Arms.Single(a => a.Arm == "linear").Drifted, Is.False, "identical values on another environment are within any tolerance");
            Assert.That(text, Does.Contain("same seeds on another environment, paired per seed"));
            // The unpaired test alone would not have seen it.
            Assert.That(TwoSampleTests.Welch(Changed(mlp, v => v * 1.5, 1, 4), mlp, Alternative.TwoSided).PValue, Is.GreaterThan(0.01));
        });
    }

    [Test]
    public void Across_environments_per_seed_noise_well_inside_the_tolerance_matches()
    {
        var mlp = Sample.Normal(10, 0.9, 0.01, 1);
        var noise = Sample.Normal(10, 0, 0.0005, 7);
        var c = SnapshotComparison.Compare(Of(mlp, Linear), Of(mlp.Select((v, i) => v + noise[i]).ToArray(), Linear, environment: "env-2"), SnapshotTolerance.Default);
        Assert.Multiple(() =>
        {
            Assert.That(c.Status, Is.EqualTo(SnapshotStatus.Matches), string.Join("; ", c.Changes));
            Assert.That(c.Arms.Single(a => a.Arm == "mlp").Check, Is.EqualTo(DriftCheck.PairedWithinTolerance));
        });
    }

    [Test]
    public void Across_environments_three_seeds_two_bit_identical_and_one_an_ulp_away_match()
    {
        // Tied per-seed differences (0, 0, one ulp) at 3 seeds: the exact sign-flip interval is unbounded, the seeds are not.
        double[] mlp = [0.91, 0.92, 0.93];
        var moved = new[] { mlp[0], mlp[1], Math.BitIncrement(mlp[2]) };
        var c = SnapshotComparison.Compare(Of(mlp, Linear), Of(moved, Linear, environment: "env-2"), SnapshotTolerance.Default);
        var shifted = SnapshotComparison.Compare(Of(mlp, Linear), Of([mlp[0], mlp[1], mlp[2] + 0.5], Linear, environment: "env-2"), SnapshotTolerance.Default);
        Assert.Multiple(() =>
        {
            Assert.That(c.Status, Is.EqualTo(SnapshotStatus.Matches), string.Join("; ", c.Changes));
            Assert.That(c.Arms.Single(a => a.Arm == "mlp").Check, Is.EqualTo(DriftCheck.PairedWithinTolerance));
            Assert.That(shifted.Arms.Single(a => a.Arm == "mlp").Drifted, Is.True, "one seed moved far beyond the tolerance");
        });
    }

    [Test]
    public void Across_environments_identical_values_match_and_a_constant_shift_beyond_the_tolerance_differs()
    {
        var mlp = Sample.Normal(5, 0.9, 0.01, 1);
        var same = SnapshotComparison.Compare(Of(mlp, Linear), Of(mlp.ToArray(), Linear, environment: "env-2"), SnapshotTolerance.Default);
        var shifted = SnapshotComparison.Compare(Of(mlp, Linear), Of(mlp.Select(v => v + 0.05).ToArray(), Linear, environment: "env-2"), SnapshotTolerance.Default);
        Assert.Multiple(() =>
        {
            Assert.That(same.Status, Is.EqualTo(SnapshotStatus.Matches), string.Join("; ", same.Changes));
            Assert.That(same.Arms[0].Test!.DifferenceInterval, Is.EqualTo(new ConfidenceInterval(0, 0, 0.98)));
            Assert.That(shifted.Arms.Single(a => a.Arm == "mlp").Drifted, Is.True);
            Assert.That(shifted.Arms.Single(a => a.Arm == "mlp").Moved, Has.Count.EqualTo(5));
        });
    }

    [Test]
    public void Across_environments_a_run_that_now_diverges_differs()
    {
        var mlp = Sample.Normal(5, 0.9, 0.01, 1);
        var c = SnapshotComparison.Compare(Of(mlp, Linear), Of(Changed(mlp, _ => double.NaN, 2), Linear, environment: "env-2"), SnapshotTolerance.Default);
        Assert.Multiple(() =>
        {
            Assert.That(c.Arms.Single(a => a.Arm == "mlp").Drifted, Is.True);
            Assert.That(c.Arms.Single(a => a.Arm == "mlp").Moved.Select(m => m.Seed), Is.EqualTo(new[] { 2 }));
        });
    }

    [Test]
    public void A_flipped_verdict_differs_even_with_identical_values()
    {
        var a = Sample.Normal(10, 0.9, 0.01, 1);
        var c = SnapshotComparison.Compare(Of(a, Linear, Verdict.Inconclusive), Of(a, Linear), SnapshotTolerance.Default);
        Assert.That(c.Changes, Is.EqualTo(new[] { "verdict flipped: \"mlp beats linear on accuracy by ≥ 0.03\" was Inconclusive, now Supported" }));
    }

    [Test]
    public void Snapshots_round_trip_through_json_with_lf_endings()
    {
        var snapshot = Of(Sample.Normal(10, 0.9, 0.01, 1), Linear);
        var path = Path.Combine(Path.GetTempPath(), $"rt-{Guid.NewGuid():N}.verified.json");
        try
        {
            File.WriteAllText(path, ReportJson.Serialize(snapshot));
            var back = ReportJson.ReadSnapshot(path);
            Assert.Multiple(() =>
            {
                Assert.That(File.ReadAllText(path), Does.Not.Contain("\r"));
                Assert.That(back.Claims[0].Arms[0].Values, Is.EqualTo(snapshot.Claims[0].Arms[0].Values));
                Assert.That(SnapshotComparison.Compare(back, snapshot, SnapshotTolerance.Default).Status, Is.EqualTo(SnapshotStatus.Matches));
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Tolerance_problems_name_the_bad_setting()
    {
        var problems = new SnapshotTolerance { Alpha = 2, Relative = -1 }.Problems().ToList();
        Assert.That(problems, Has.Count.EqualTo(2));
        Assert.That(problems[0], Does.Contain("Alpha = 2"));
    }

    [Test]
    public void File_names_follow_verify_conventions_and_orphans_are_found()
    {
        var dir = Directory.CreateTempSubdirectory("reprospec-orphans").FullName;
        try
        {
            var source = Path.Combine(dir, "MlpClaims.cs");
            File.WriteAllText(Path.Combine(dir, "MlpClaims.Beats_linear.verified.json"), "{}");
            File.WriteAllText(Path.Combine(dir, "MlpClaims.Renamed_away.verified.json"), "{}");
            File.WriteAllText(Path.Combine(dir, "Other.Thing.verified.json"), "{}");
            Assert.Multiple(() =>
            {
                Assert.That(SnapshotFiles.Verified(source, "Beats_linear"), Is.EqualTo(Path.Combine(dir, "MlpClaims.Beats_linear.verified.json")));
                Assert.That(SnapshotFiles.VerifiedFor(Path.Combine(dir, "A.B.received.json")), Is.EqualTo(Path.Combine(dir, "A.B.verified.json")));
                Assert.That(SnapshotFiles.Orphans([(source, "Beats_linear")]), Is.EqualTo(new[] { Path.Combine(dir, "MlpClaims.Renamed_away.verified.json") }));
            });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

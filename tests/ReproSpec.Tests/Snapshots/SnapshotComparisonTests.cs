using ReproSpec.Claims;
using ReproSpec.Planning;
using ReproSpec.Provenance;
using ReproSpec.Reports;
using ReproSpec.Snapshots;
using ReproSpec.Tests.Reports;

namespace ReproSpec.Tests.Snapshots;

[NonParallelizable] // sets process environment variables
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

    static readonly RunInputs Inputs = new("Mlp", "c0de000000000001", "da7a000000000001", "9a7a000000000001", "1");

    /// <summary>A snapshot whose arms record <paramref name="inputs"/> (what the runs were computed from).</summary>
    static DistributionSnapshot WithInputs(DistributionSnapshot s, RunInputs inputs) =>
        new(s.Claims.Select(c => c with { Arms = c.Arms.Select(a => a with { Inputs = inputs }).ToList() }).ToList());

    [Test]
    public void Other_seeds_from_the_same_distribution_on_another_machine_match()
    {
        var c = SnapshotComparison.Compare(Of(Sample.Normal(10, 0.9, 0.01, 1), Linear), OtherSeeds(Of(Sample.Normal(10, 0.9, 0.01, 99), Linear, environment: "env-2")), SnapshotTolerance.Default);
        Assert.Multiple(() =>
        {
            Assert.That(c.Status, Is.EqualTo(SnapshotStatus.Matches), string.Join("; ", c.Changes));
            Assert.That(c.Arms.Select(a => a.Check), Is.All.EqualTo(DriftCheck.AnotherEnvironment));
            Assert.That(c.NewEnvironment, Is.True, "accepting adds the machine");
        });
    }

    [Test]
    public void A_changed_machine_is_listed_field_by_field_when_the_store_has_both_manifests()
    {
        var before = EnvironmentManifest.Capture(null, 1, 1, Path.GetTempPath());
        var after = before with { Cpu = "Other CPU", CpuFeatures = ["avx2"] };
        var verified = Of(Sample.Normal(10, 0.9, 0.01, 1), Linear, environment: before.Id);
        var received = Of(Sample.Normal(10, 0.8, 0.01, 1), Linear, environment: after.Id);
        var manifests = new Dictionary<string, EnvironmentManifest> { [before.Id] = before, [after.Id] = after };
        var text = SnapshotComparison.Compare(verified, received, SnapshotTolerance.Default)
            .Describe("X.M.verified.json", "X.M.received.json", id => manifests.GetValueOrDefault(id));
        var missing = SnapshotComparison.Compare(verified, received, SnapshotTolerance.Default)
            .Describe("X.M.verified.json", "X.M.received.json", _ => null);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain($"cpu: {before.Cpu} → Other CPU"));
            Assert.That(missing, Does.Contain("is not in this store"));
        });
    }

    [Test]
    public void The_machine_id_ignores_where_and_when_it_was_seen()
    {
        var here = EnvironmentManifest.Capture(null, 2, 1, Path.GetTempPath());
        var elsewhere = here with { Cores = here.Cores + 6, MemoryBytes = 1, Workers = 7, GitCommit = "abc", GitDirty = "yes", Kernel = "other" };
        var threads = here with { ThreadsPerRun = 2 };
        var capability = here with { Variables = new(here.Variables, StringComparer.Ordinal) { ["ATEN_CPU_CAPABILITY"] = "default" } };
        Assert.Multiple(() =>
        {
            Assert.That(elsewhere.WithDataset("Mlp", "da7a").Id, Is.EqualTo(here.Id), "revision, data, workers, kernel and memory are not the machine");
            Assert.That(threads.Id, Is.Not.EqualTo(here.Id), "threads per run change libtorch's reductions");
            Assert.That(capability.Id, Is.Not.EqualTo(here.Id), "ATen's CPU capability changes its kernels");
            Assert.That(EnvironmentManifest.Differences(here, capability), Is.EqualTo(new[] { "variables.ATEN_CPU_CAPABILITY: (absent) → default" }));
        });
    }

    [Test]
    public void Secrets_and_output_paths_never_enter_the_manifest()
    {
        Environment.SetEnvironmentVariable("CUDA_API_TOKEN", "s3cret");
        Environment.SetEnvironmentVariable("REPROSPEC_REPORTS", "/tmp/somewhere");
        Environment.SetEnvironmentVariable("OMP_NUM_THREADS", "1");
        try
        {
            var manifest = EnvironmentManifest.Capture(null, 1, 1, null);
            Assert.Multiple(() =>
            {
                Assert.That(manifest.ToJson(), Does.Not.Contain("s3cret"));
                Assert.That(manifest.ToJson(), Does.Not.Contain("/tmp/somewhere"));
                Assert.That(manifest.Variables, Does.ContainKey("OMP_NUM_THREADS"));
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable("CUDA_API_TOKEN", null);
            Environment.SetEnvironmentVariable("REPROSPEC_REPORTS", null);
            Environment.SetEnvironmentVariable("OMP_NUM_THREADS", null);
        }
    }

    [Test]
    public void On_another_machine_a_shift_shown_beyond_the_tolerance_differs_and_names_the_arm()
    {
        // Per-seed values redrawn (another CPU) and the mean 3 tolerances higher: 0.9 → 0.927, sd 0.001, 10 seeds.
        var verified = Of(Sample.Normal(10, 0.9, 0.001, 1), Linear);
        var received = Of(Sample.Normal(10, 0.9 + 3 * 0.009, 0.001, 5), Linear, environment: "env-2");
        var c = SnapshotComparison.Compare(verified, received, SnapshotTolerance.Default);
        var text = c.Describe("X.M.verified.json", "X.M.received.json");
        Assert.Multiple(() =>
        {
            Assert.That(c.Status, Is.EqualTo(SnapshotStatus.Differs));
            Assert.That(c.Arms.Single(a => a.Arm == "mlp").Finding, Is.EqualTo(ArmFinding.Shifted));
            Assert.That(c.Arms.Single(a => a.Arm == "linear").Finding, Is.EqualTo(ArmFinding.Identical), "the linear arm's values are bit-identical");
            Assert.That(c.Changes, Has.Some.Contain("arm mlp: accuracy shifted by more than the tolerance"));
            Assert.That(text, Does.Contain("SHIFTED: mlp accuracy"));
            Assert.That(text, Does.Contain("machine environment: verified [env-1] → received [env-2]"));
        });
    }

    [Test]
    public void On_another_machine_redrawn_seeds_with_the_same_distribution_match_and_moved_seeds_are_information()
    {
        // He's 30-layer arm across CPUs: per-seed values redrawn (sd 0.07), mean unchanged; every seed moves by more than 1 %.
        var verified = Of(Sample.Normal(15, 0.28, 0.07, 1), Linear);
        var received = Of(Sample.Normal(15, 0.28, 0.085, 2), Linear, environment: "env-2");
        var c = SnapshotComparison.Compare(verified, received, SnapshotTolerance.Default);
        var mlp = c.Arms.Single(a => a.Arm == "mlp");
        var text = c.Describe("X.M.verified.json", "X.M.received.json");
        Assert.Multiple(() =>
        {
            Assert.That(c.Status, Is.EqualTo(SnapshotStatus.Matches), string.Join("; ", c.Changes));
            Assert.That(mlp.Finding, Is.EqualTo(ArmFinding.WithinTolerance));
            Assert.That(mlp.Moved, Has.Count.GreaterThan(10));
            Assert.That(text, Does.Contain("the conclusion held"));
            Assert.That(text, Does.Contain("information: per-seed values are redrawn across machines"));
        });
    }

    [Test]
    public void A_significant_shift_smaller_than_the_practical_tolerance_matches()
    {
        // sd 1e-5: a 0.001 shift is wildly significant, but 0.001 < 1 % of 0.9.
        var c = SnapshotComparison.Compare(Of(Sample.Normal(10, 0.9, 1e-5, 1), Linear), OtherSeeds(Of(Sample.Normal(10, 0.901, 1e-5, 3), Linear, environment: "env-2")), SnapshotTolerance.Default);
        Assert.That(c.Status, Is.EqualTo(SnapshotStatus.Matches), string.Join("; ", c.Changes));
    }

    [Test]
    public void A_large_shift_not_shown_beyond_the_noise_matches()
    {
        // sd 0.2 over 5 seeds: a 0.05 shift (above the 1 % tolerance) is not shown.
        var c = SnapshotComparison.Compare(Of(Sample.Normal(5, 0.9, 0.2, 1), Linear), OtherSeeds(Of(Sample.Normal(5, 0.95, 0.2, 1), Linear, environment: "env-2")), SnapshotTolerance.Default);
        Assert.That(c.Status, Is.EqualTo(SnapshotStatus.Matches), string.Join("; ", c.Changes));
    }

    [Test]
    public void The_absolute_tolerance_rescues_means_near_zero()
    {
        var near = Sample.Normal(10, 0.0, 1e-4, 1);
        var shifted = Sample.Normal(10, 0.001, 1e-4, 2);
        var relative = SnapshotComparison.Compare(Of(near, Linear), OtherSeeds(Of(shifted, Linear, environment: "env-2")), SnapshotTolerance.Default);
        var absolute = SnapshotComparison.Compare(Of(near, Linear), OtherSeeds(Of(shifted, Linear, environment: "env-2")), new SnapshotTolerance { Absolute = 0.01 });
        Assert.Multiple(() =>
        {
            Assert.That(relative.Status, Is.EqualTo(SnapshotStatus.Differs));
            Assert.That(absolute.Status, Is.EqualTo(SnapshotStatus.Matches));
        });
    }

    [Test]
    public void Constant_arms_on_another_machine_are_compared_exactly()
    {
        // Xavier's arm: every seed 0.1133 on both machines; no noise to excuse a shift, and none to invent one.
        var flat = Enumerable.Repeat(0.11333333333333333, 15).ToArray();
        var same = SnapshotComparison.Compare(Of(flat, Linear), Of(flat.Select(v => v + 0.0005).ToArray(), Linear, environment: "env-2"), SnapshotTolerance.Default);
        var moved = SnapshotComparison.Compare(Of(flat, Linear), Of(flat.Select(v => v + 0.01).ToArray(), Linear, environment: "env-2"), SnapshotTolerance.Default);
        Assert.Multiple(() =>
        {
            Assert.That(same.Status, Is.EqualTo(SnapshotStatus.Matches), string.Join("; ", same.Changes));
            Assert.That(moved.Arms.Single(a => a.Arm == "mlp").Finding, Is.EqualTo(ArmFinding.Shifted));
        });
    }

    [Test]
    public void On_a_known_machine_one_ulp_with_the_same_inputs_is_nondeterminism_naming_metric_and_seed()
    {
        var mlp = Sample.Normal(5, 0.9, 0.01, 1);
        var received = Changed(mlp, Math.BitIncrement, 3);
        var c = SnapshotComparison.Compare(WithInputs(Of(mlp, Linear), Inputs), WithInputs(Of(received, Linear), Inputs), SnapshotTolerance.Default);
        var arm = c.Arms.Single(a => a.Arm == "mlp");
        var text = c.Describe("X.M.verified.json", "X.M.received.json");
        Assert.Multiple(() =>
        {
            Assert.That(c.Status, Is.EqualTo(SnapshotStatus.Differs));
            Assert.That(arm.Check, Is.EqualTo(DriftCheck.ExactPerSeed));
            Assert.That(arm.Finding, Is.EqualTo(ArmFinding.Nondeterministic));
            Assert.That(arm.Moved.Select(m => m.Seed), Is.EqualTo(new[] { 3 }));
            Assert.That(c.Changes, Has.Some.Contain("nondeterminism: accuracy differs on seeds 3 with the same inputs on the same machine environment"));
            Assert.That(text, Does.Contain(FormattableString.Invariant($"seed 3: {mlp[3]:R} → {received[3]:R} (Δ = ")));
            Assert.That(text, Does.Contain("accepting does not fix it"));
        });
    }

    [Test]
    public void On_a_known_machine_other_values_from_changed_code_name_the_code_fingerprint()
    {
        var mlp = Sample.Normal(5, 0.9, 0.01, 1);
        var edited = Inputs with { Code = "c0de000000000002" };
        var c = SnapshotComparison.Compare(WithInputs(Of(mlp, Linear), Inputs), WithInputs(Of(mlp.Select(v => v + 1e-4).ToArray(), Linear), edited), SnapshotTolerance.Default);
        var arm = c.Arms.Single(a => a.Arm == "mlp");
        Assert.Multiple(() =>
        {
            Assert.That(arm.Finding, Is.EqualTo(ArmFinding.InputsChanged));
            Assert.That(arm.InputChanges, Is.EqualTo(new[] { "code fingerprint c0de000000000001 → c0de000000000002" }));
            Assert.That(c.Changes, Has.Some.Contain("because its inputs changed: code fingerprint c0de000000000001 → c0de000000000002"));
            Assert.That(c.Arms.Single(a => a.Arm == "linear").Finding, Is.EqualTo(ArmFinding.Identical), "a change that moved no value passes");
        });
    }

    [Test]
    public void A_machine_accepted_beside_another_is_checked_exactly_and_neither_is_dropped()
    {
        var onA = Of(Sample.Normal(10, 0.9, 0.01, 1), Linear, environment: "env-a");
        var onB = Of(Sample.Normal(10, 0.9, 0.01, 2), Linear, environment: "env-b");
        // Accepting B's run keeps A's values beside B's.
        var both = onB.KeepingOtherEnvironments(onA);
        var againOnA = SnapshotComparison.Compare(both, onA, SnapshotTolerance.Default);
        var nudgedOnA = SnapshotComparison.Compare(both, Of(Changed(onA.Claims[0].Arms[0].Values.ToArray(), Math.BitIncrement, 0), Linear, environment: "env-a"), SnapshotTolerance.Default);
        Assert.Multiple(() =>
        {
            Assert.That(both.Claims[0].Arms[0].AcceptedSets.Select(s => s.Environments[0]), Is.EqualTo(new[] { "env-b", "env-a" }));
            Assert.That(againOnA.Status, Is.EqualTo(SnapshotStatus.Matches));
            Assert.That(againOnA.Arms.Select(a => a.Check), Is.All.EqualTo(DriftCheck.ExactPerSeed));
            Assert.That(nudgedOnA.Arms.Single(a => a.Arm == "mlp").Check, Is.EqualTo(DriftCheck.ExactPerSeed), "A's own values, exactly");
            Assert.That(nudgedOnA.Status, Is.EqualTo(SnapshotStatus.Differs));
            Assert.That(both.KeepingOtherEnvironments(both).Claims[0].Arms[0].AcceptedSets, Has.Count.EqualTo(2), "re-accepting a machine replaces its values");
            Assert.That(SnapshotComparison.Compare(Of(onA.Claims[0].Arms[0].Values.ToArray(), Linear, environment: "env-c").KeepingOtherEnvironments(onA), onA, SnapshotTolerance.Default)
                .Arms.Select(a => a.Check), Is.All.EqualTo(DriftCheck.ExactPerSeed), "a machine whose values equal another's is known by both ids");
        });
    }

    [Test]
    public void Values_identical_to_a_set_accepted_under_an_older_id_are_proposed_under_the_machine_id_and_replace_it()
    {
        var mlp = Sample.Normal(10, 0.9, 0.01, 1);
        var old = Of(mlp, Linear, environment: "0ld1d0f0ld5c4e4e");
        var now = Of(mlp.ToArray(), Linear, environment: "env-machine");
        var c = SnapshotComparison.Compare(old, now, SnapshotTolerance.Default);
        var proposal = now.KeepingOtherEnvironments(old);
        Assert.Multiple(() =>
        {
            Assert.That(c.Status, Is.EqualTo(SnapshotStatus.Matches));
            Assert.That(c.Arms.Select(a => a.Finding), Is.All.EqualTo(ArmFinding.Identical));
            Assert.That(c.NewEnvironment, Is.True, "the snapshot learns this machine's id");
            Assert.That(proposal.Claims[0].Arms[0].AcceptedSets.Single().Environments, Is.EqualTo(new[] { "env-machine", "0ld1d0f0ld5c4e4e" }), "the same numbers are kept once, for both ids");
            Assert.That(c.Describe("X.M.verified.json", "X.M.received.json"), Does.Contain("another machine environment, and every shared seed gave the same value bit for bit"));
        });
    }

    [Test]
    public void A_package_upgrade_that_moves_no_value_matches_on_the_changed_environment()
    {
        var mlp = Sample.Normal(5, 0.9, 0.01, 1);
        var c = SnapshotComparison.Compare(WithInputs(Of(mlp, Linear), Inputs), WithInputs(Of(mlp.ToArray(), Linear, environment: "env-upgraded"), Inputs with { Code = "c0de000000000009" }),
            SnapshotTolerance.Default);
        Assert.Multiple(() =>
        {
            Assert.That(c.Status, Is.EqualTo(SnapshotStatus.Matches), string.Join("; ", c.Changes));
            Assert.That(c.Arms.Select(a => a.Finding), Is.All.EqualTo(ArmFinding.Identical));
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
    public void Across_environments_a_run_that_now_diverges_differs()
    {
        var mlp = Sample.Normal(5, 0.9, 0.01, 1);
        var c = SnapshotComparison.Compare(Of(mlp, Linear), Of(Changed(mlp, _ => double.NaN, 2), Linear, environment: "env-2"), SnapshotTolerance.Default);
        Assert.Multiple(() =>
        {
            Assert.That(c.Arms.Single(a => a.Arm == "mlp").Finding, Is.EqualTo(ArmFinding.RunsLost));
            Assert.That(c.Arms.Single(a => a.Arm == "mlp").Drifted, Is.True);
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

using ReproSpec.Reports;
using ReproSpec.Snapshots;

namespace ReproSpec.NUnit.Tests;

/// <summary>
/// The snapshot rules through `dotnet test` on a copy of tests/ReproSpec.PortableVerdict.Sample: a verified snapshot
/// accepted on a machine this one is not (values redrawn from the same distribution) passes; one whose arm sits 3
/// tolerances away fails naming the arm; a flipped verdict fails; an edit of the experiment's code fails naming the
/// code fingerprint on this machine; a metric from an unseeded generator is reported as nondeterminism; published
/// runs decide with nothing trained and a missing one names the command that trains it.
/// </summary>
[NonParallelizable]
public class PortableVerdictEndToEndTests
{
    const string Fixture = "PortableClaims.cs";
    const string Wide = "PortableClaims.Wide_beats_narrow.verified.json";
    const string Jitter = "PortableClaims.Jittery_reaches_its_floor.verified.json";
    const string Elsewhere = "e15e111e7e000001"; // the id of a machine this test does not run on

    SampleCopy copy = null!;
    DistributionSnapshot accepted = null!;

    [OneTimeSetUp]
    public void DecideAndAccept()
    {
        copy = new SampleCopy("ReproSpec.PortableVerdict.Sample", "portable");
        copy.Build();
        var first = copy.Test();
        Assert.That(first.Output, Does.Contain("New distribution snapshot"), first.Output);
        Assert.That(copy.Accept().Code, Is.Zero);
        accepted = ReportJson.ReadSnapshot(copy.PathOf(Wide));
        var arm = accepted.Claims[0].Arms[0];
        Assert.Multiple(() =>
        {
            Assert.That(arm.Environments, Has.Count.EqualTo(1), "one machine environment for the runs of one machine");
            Assert.That(arm.Inputs, Is.Not.Null, "the snapshot records what the runs were computed from");
            Assert.That(accepted.Claims[0].Design!.Expected, Is.EqualTo("Supported"), "the expectation is recorded with the first result");
        });
    }

    [OneTimeTearDown]
    public void Clean() => copy.Dispose();

    [SetUp]
    public void RestoreTheAcceptedSnapshot() => Write(accepted);

    void Write(DistributionSnapshot snapshot) => File.WriteAllText(copy.PathOf(Wide), ReportJson.Serialize(snapshot));

    /// <summary>The accepted snapshot as if it had been accepted on another machine: other ids, each arm's values changed by <paramref name="change"/>.</summary>
    DistributionSnapshot FromAnotherMachine(Func<int, double, double> change, Claims.Verdict? verdict = null) =>
        new(accepted.Claims.Select(c => c with
        {
            Verdict = verdict ?? c.Verdict,
            Arms = c.Arms.Select(a => a with { Environments = [Elsewhere], Values = a.Values.Select((v, i) => change(i, v)).ToList() }).ToList(),
        }).ToList());

    // Per-seed values redrawn as another CPU's floating-point order would: another N(0, sd) draw per seed.
    static double Redrawn(int seed, double value) => value + 0.002 * Math.Sqrt(-2 * Math.Log(1 - new Random(1000 + seed).NextDouble())) * Math.Cos(2 * Math.PI * new Random(2000 + seed).NextDouble());

    [Test]
    public void Another_machine_with_redrawn_seeds_and_the_same_distribution_passes_and_accepting_keeps_both_machines()
    {
        Write(FromAnotherMachine(Redrawn));
        var run = copy.Test();
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.Zero, run.Output);
            Assert.That(run.Output, Does.Contain("the conclusion held"));
            Assert.That(run.Output, Does.Contain("same conclusion: wide score"));
            Assert.That(run.Output, Does.Contain("This machine environment is new to the snapshot"));
        });
        Assert.That(copy.Accept().Code, Is.Zero);
        var both = ReportJson.ReadSnapshot(copy.PathOf(Wide)).Claims[0].Arms[0];
        var machines = both.AcceptedSets.Select(s => s.Environments[0]).ToList();
        Assert.That(machines, Has.Member(Elsewhere).And.Count.EqualTo(2), "accepting adds this machine and keeps the other");
        var again = copy.Test();
        Assert.Multiple(() =>
        {
            Assert.That(again.Code, Is.Zero, again.Output);
            Assert.That(again.Output, Does.Not.Contain("new to the snapshot"), "this machine is now checked seed by seed");
        });
    }

    [Test]
    public void Another_machine_whose_arm_sits_three_tolerances_away_fails_naming_the_arm()
    {
        // Tolerance: 1 % of the wide arm's mean 0.9, i.e. 0.009; the narrow arm stays as it was.
        Write(FromAnotherMachine((_, v) => v > 0.7 ? v - 3 * 0.009 : v));
        var run = copy.Test();
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.Not.Zero, run.Output);
            Assert.That(run.Output, Does.Contain("arm wide: score shifted by more than the tolerance"));
            Assert.That(run.Output, Does.Contain("SHIFTED: wide score"));
            Assert.That(run.Output, Does.Not.Contain("arm narrow: score shifted"));
        });
    }

    [Test]
    public void A_flipped_verdict_fails_on_any_machine()
    {
        Write(FromAnotherMachine(Redrawn, Claims.Verdict.Inconclusive));
        var run = copy.Test();
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.Not.Zero, run.Output);
            Assert.That(run.Output, Does.Contain("verdict flipped"));
        });
    }

    [Test]
    public void A_metric_from_an_unseeded_generator_is_reported_as_nondeterminism()
    {
        // A fresh store trains every run again on this machine with the same inputs.
        var run = copy.Test(store: "fresh-store");
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.Not.Zero, run.Output);
            Assert.That(run.Output, Does.Contain("nondeterminism: score differs on seeds 0, 1, 2, 3, 4 with the same inputs on the same machine environment"));
            Assert.That(run.Output, Does.Contain("NONDETERMINISTIC: Jittery score"));
            Assert.That(run.Output, Does.Not.Contain("arm wide: nondeterminism"), "the seeded experiment gives the same values again");
        });
        Assert.That(File.Exists(copy.PathOf(Jitter)), Is.True);
    }

    [Test]
    public void Published_runs_decide_with_nothing_trained_and_a_missing_one_names_the_command_that_trains_it()
    {
        Assert.That(copy.Test().Code, Is.Zero, "the accepted snapshots pass against the store they were trained in");
        var published = Path.Combine(copy.Work, "published");
        var export = SampleCopy.Cli("export", "--reports", copy.Reports, "--to", published);
        Assert.That(export.Code, Is.Zero, export.Output);
        Assert.That(export.Output, Does.Contain("published 25 run(s) of 2 claim(s)"));
        var decideOnly = new Dictionary<string, string> { ["REPROSPEC_TRAIN"] = "never", ["REPROSPEC_PUBLISHED"] = published };
        var decided = copy.Test(store: "empty-store", settings: decideOnly);
        Assert.Multiple(() =>
        {
            Assert.That(decided.Code, Is.Zero, decided.Output);
            Assert.That(decided.Output, Does.Contain("decide-only (REPROSPEC_TRAIN=never)"));
            Assert.That(decided.Output, Does.Contain("runs: 0 trained, 20 from the store"));
        });
        var one = Directory.EnumerateFiles(Path.Combine(published, "runs"), "*.json", SearchOption.AllDirectories).First();
        File.Delete(one);
        var missing = copy.Test(store: "empty-store-2", settings: decideOnly);
        Assert.Multiple(() =>
        {
            Assert.That(missing.Code, Is.Not.Zero, missing.Output);
            Assert.That(missing.Output, Does.Contain("1 of "));
            Assert.That(missing.Output, Does.Contain("REPROSPEC_TRAIN=never forbids training them"));
            Assert.That(missing.Output, Does.Contain("dotnet test --filter \"FullyQualifiedName=ReproSpec.PortableVerdict.Sample.PortableClaims."));
        });
    }

    [Test]
    public void A_renamed_claim_with_a_new_design_on_the_seeds_it_used_is_refused_naming_the_rename()
    {
        var run = copy.TestEdited(Fixture, "[Claim(Seeds = 10)]\n    public void Wide_beats_narrow()", "[Claim(Seeds = 12)]\n    public void Wide_beats_narrow_by_design()");
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.Not.Zero, run.Output);
            Assert.That(run.Output, Does.Contain("has no snapshot of its own, but PortableClaims.Wide_beats_narrow.verified.json records results of"));
            Assert.That(run.Output, Does.Contain("rename the snapshot to PortableClaims.Wide_beats_narrow_by_design.verified.json"));
            Assert.That(run.Output, Does.Contain("FirstSeed = 10"));
            Assert.That(File.Exists(copy.PathOf("PortableClaims.Wide_beats_narrow_by_design.received.json")), Is.False, "nothing was decided");
        });
    }

    [Test]
    public void An_edit_of_the_experiments_code_fails_on_this_machine_naming_the_code_fingerprint()
    {
        var run = copy.TestEdited(Fixture, "return RunMetrics.Of((\"score\", Mean + Sd * z));", "return RunMetrics.Of((\"score\", Mean + Sd * z + 0.0001));");
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.Not.Zero, run.Output);
            Assert.That(run.Output, Does.Contain("because its inputs changed: code fingerprint"));
            Assert.That(run.Output, Does.Contain("CHANGED: wide score"));
        });
    }
}

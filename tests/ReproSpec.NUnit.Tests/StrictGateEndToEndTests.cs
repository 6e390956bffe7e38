using ReproSpec.Cli;
using ReproSpec.Cli.Commands;

namespace ReproSpec.NUnit.Tests;

/// <summary>
/// Strict mode through a real `dotnet test`: tests/ReproSpec.StrictGate.Sample (one inconclusive claim, outside the
/// solution) is built once and run as a child process, with and without REPROSPEC_STRICT and the runsettings parameter;
/// then `reprospec gate --trx` reads the child's TRX.
/// </summary>
[NonParallelizable]
public class StrictGateEndToEndTests
{
    string work = "";
    string project = "";

    [OneTimeSetUp]
    public void BuildTheSample()
    {
        work = Directory.CreateTempSubdirectory("reprospec-strict-gate-").FullName;
        project = Path.Combine(ChildDotnet.RepositoryRoot(), "tests", "ReproSpec.StrictGate.Sample", "ReproSpec.StrictGate.Sample.csproj");
        var build = Dotnet(strict: false, snapshots: false, ci: false, "build", project, "-nologo", "-v", "q");
        Assert.That(build.Code, Is.Zero, $"building the sample failed:\n{build.Output}");
    }

    [OneTimeTearDown]
    public void Clean()
    {
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
    }

    [Test]
    public void Without_strict_mode_the_inconclusive_claim_is_skipped_and_the_run_passes()
    {
        var trx = Path.Combine(work, "lenient.trx");
        var run = Test(strict: false, trx, []);
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.Zero, run.Output);
            Assert.That(run.Output, Does.Contain("Skipped Noisy_difference_is_inconclusive"));
            Assert.That(run.Output, Does.Contain("INCONCLUSIVE: noisy-a beats noisy-b on score"));
            Assert.That(run.Output, Does.Not.Contain("Inconclusive in strict mode"));
            // The build props imported like a package user's (no [TestFixture], no [assembly: ClaimSuite]) took effect.
            Assert.That(run.Output, Does.Contain("[reprospec] claims: 1 supported, 0 refuted, 1 inconclusive"));
        });
        Assert.Multiple(() =>
        {
            Assert.That(Gate("--trx", trx).Code, Is.EqualTo(CliExit.Ok), "an inconclusive claim passes the lenient gate");
            var strictGate = Gate("--trx", trx, "--strict");
            Assert.That(strictGate.Code, Is.EqualTo(CliExit.GateFailed), "an inconclusive claim fails the strict gate");
            Assert.That(strictGate.Output, Does.Contain("FAIL Noisy_difference_is_inconclusive").And.Contain("1 failing (strict)"));
        });
    }

    [Test]
    public void REPROSPEC_STRICT_fails_the_run_with_the_reason_and_the_seeds_that_would_decide_it()
    {
        var trx = Path.Combine(work, "strict.trx");
        var run = Test(strict: true, trx, []);
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.Not.Zero, run.Output);
            Assert.That(run.Output, Does.Contain("Failed Noisy_difference_is_inconclusive"));
            Assert.That(run.Output, Does.Contain("Inconclusive in strict mode (REPROSPEC_STRICT): neither direction is significant"));
            Assert.That(run.Output, Does.Match(@"\d+ fresh seeds per arm would give 80 % power at .* if the true effect equalled the observed one: declare \[Claim\(Seeds = \d+, FirstSeed = 5, …\)\]"));
            Assert.That(Gate("--trx", trx).Code, Is.EqualTo(CliExit.GateFailed), "a strict-mode failure fails even the lenient gate");
        });
    }

    [Test]
    public void The_runsettings_parameter_ReproSpecStrict_fails_the_run_too()
    {
        var run = Test(strict: false, Path.Combine(work, "runsettings.trx"), ["--", "TestRunParameters.Parameter(name=\"ReproSpecStrict\", value=\"true\")"]);
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.Not.Zero, run.Output);
            Assert.That(run.Output, Does.Contain("Inconclusive in strict mode"));
        });
    }

    [Test]
    public void On_CI_an_orphaned_snapshot_fails_the_run_and_names_the_file()
    {
        var orphan = Path.Combine(Path.GetDirectoryName(project)!, "SnapshotClaims.A_deleted_claim.verified.json");
        var filter = new[] { "--filter", "Name~Clear_difference_is_supported" };
        try
        {
            var clean = Test(strict: false, Path.Combine(work, "snapshots.trx"), filter, snapshots: true, ci: true);
            Assert.That(clean.Code, Is.Zero, "the committed snapshot matches, so a CI run passes:\n" + clean.Output);

            File.WriteAllText(orphan, "{}");
            var run = Test(strict: false, Path.Combine(work, "orphan.trx"), filter, snapshots: true, ci: true);
            Assert.Multiple(() =>
            {
                Assert.That(run.Code, Is.Not.Zero, run.Output);
                Assert.That(run.Output, Does.Contain("Failed Clear_difference_is_supported").And.Contain("CI=true: 1 orphaned snapshot(s) beside this fixture belong to no [Claim] method any more"));
                Assert.That(run.Output, Does.Contain(orphan));
            });

            var local = Test(strict: false, Path.Combine(work, "orphan-local.trx"), filter, snapshots: true, ci: false);
            Assert.Multiple(() =>
            {
                Assert.That(local.Code, Is.Zero, "outside CI an orphan is reported, not fatal:\n" + local.Output);
                Assert.That(local.Output, Does.Contain("1 orphaned snapshot(s)").And.Contain(orphan));
            });
        }
        finally
        {
            File.Delete(orphan);
        }
    }

    [Test]
    public void The_reproducibility_card_marks_what_the_sample_run_lacked_as_missing()
    {
        var run = Test(strict: false, Path.Combine(work, "card.trx"), []);
        var summary = File.ReadAllText(Path.Combine(work, "reports", "summary.md"));
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.Zero, run.Output);
            Assert.That(summary, Does.Contain("### Reproducibility card"));
            // The sample's Gaussian experiments read no data file: no data hash, so the card says so.
            Assert.That(summary, Does.Contain("| data and preprocessing | missing | no data hash for"));
            Assert.That(summary, Does.Contain("| competitors' reported numbers | not used |"));
            Assert.That(summary, Does.Contain("| hardware | present |"));
            Assert.That(summary, Does.Contain("| instructions | present | README.md: `dotnet test"));
            Assert.That(summary, Does.Contain("| software environment | present | lock files tests/ReproSpec.StrictGate.Sample/packages.lock.json"));
        });
    }

    (int Code, string Output) Test(bool strict, string trx, string[] extra, bool snapshots = false, bool ci = false) =>
        Dotnet(strict, snapshots, ci, ["test", project, "--no-build", "--no-restore", "-nologo",
            "--logger", "console;verbosity=normal", "--logger", $"trx;LogFileName={trx}", .. extra]);

    static (int Code, string Output) Gate(params string[] args)
    {
        using var output = new StringWriter();
        var code = CliExit.Run(ReproSpecCli.Root(), ["gate", .. args], output, output);
        return (code, output.ToString());
    }

    (int Code, string Output) Dotnet(bool strict, bool snapshots, bool ci, params string[] args)
    {
        var settings = new Dictionary<string, string>
        {
            ["REPROSPEC_STORE"] = Path.Combine(work, "store"),
            ["REPROSPEC_REPORTS"] = Path.Combine(work, "reports"),
            ["REPROSPEC_SNAPSHOTS"] = snapshots ? "1" : "0",
            // CI decides whether an orphaned or missing snapshot is fatal: each child states it, whatever the parent's CI.
            ["CI"] = ci ? "true" : "false",
        };
        if (strict) settings["REPROSPEC_STRICT"] = "1";
        return ChildDotnet.Run(work, args, settings);
    }
}

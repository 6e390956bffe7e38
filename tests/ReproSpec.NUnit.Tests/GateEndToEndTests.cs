using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ReproSpec.Cli;
using ReproSpec.Cli.Commands;
using ReproSpec.Reports;

namespace ReproSpec.NUnit.Tests;

/// <summary>
/// The gate, the snapshot check and the run's counts through a real `dotnet test` of tests/ReproSpec.Gate.Fixtures
/// (built with this project, not in the solution), run as a child process writing real TRX files.
/// </summary>
[NonParallelizable]
public partial class GateEndToEndTests
{
    string work = "";
    string project = "";
    string configuration = "";

    [OneTimeSetUp]
    public void Locate()
    {
        work = Directory.CreateTempSubdirectory("reprospec-gate-e2e-").FullName;
        project = Path.Combine(ChildDotnet.RepositoryRoot(), "tests", "ReproSpec.Gate.Fixtures", "ReproSpec.Gate.Fixtures.csproj");
        // bin/<Configuration>/<tfm> of this project; the fixture project was built with it (a project reference).
        configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
    }

    [OneTimeTearDown]
    public void Clean()
    {
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
    }

    string Store => Path.Combine(work, "store");

    string Reports => Path.Combine(work, "reports");

    string Snapshots => Path.Combine(work, "snapshots");

    static readonly string[] EveryFailureKind =
    [
        "Refuted_claim", "Unknown_metric", "Parameter_that_does_not_serialise", "Claim_method_with_a_parameter",
        "Invalid_attribute_values", "Claim_method_that_throws", "Plain_failing_test", "Errored_test", "Inconclusive_claim",
    ];

    [Test]
    public void The_gate_fails_on_every_failure_kind_and_the_reports_agree_on_the_counts()
    {
        // A first run trains the supported claim's runs, so the full run has runs from the store and runs it trains.
        var warm = Test("warm.trx", strict: false, "--filter", "Name=Supported_claim");
        Assert.That(warm.Code, Is.Zero, warm.Output);
        var passing = Gate("--trx", Path.Combine(work, "warm.trx"));
        Assert.That(passing.Code, Is.EqualTo(CliExit.Ok), "a run whose only test is a supported claim passes the gate:\n" + passing.Output);

        var trx = Path.Combine(work, "all.trx");
        var run = Test("all.trx", strict: true, "--filter", "Name!=Snapshot_claim");
        var gate = Gate("--trx", trx);
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.Not.Zero, run.Output);
            Assert.That(gate.Code, Is.EqualTo(CliExit.GateFailed), gate.Output);
            foreach (var kind in EveryFailureKind)
                Assert.That(gate.Output, Does.Contain($"FAIL {kind} (all.trx)"), $"{kind} must fail the gate:\n{gate.Output}");
            Assert.That(gate.Output, Does.Not.Contain("FAIL Supported_claim").And.Not.Contain("FAIL Plain_passing_test"));
            Assert.That(gate.Output, Does.Contain($"gate: 11 test result(s), 8 claim result(s), {EveryFailureKind.Length} failing"));
        });

        AssertTheReportsAgree(run.Output);

        var outcomes = Gate("--outcomes", Reports);
        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Code, Is.EqualTo(CliExit.GateFailed), outcomes.Output);
            foreach (var kind in new[] { "Refuted_claim", "Unknown_metric", "Parameter_that_does_not_serialise", "Claim_method_with_a_parameter", "Invalid_attribute_values", "Claim_method_that_throws" })
                Assert.That(outcomes.Output, Does.Contain($"FAIL ReproSpec.Gate.Fixtures.GateClaims.{kind} ("), $"{kind} must fail the outcome gate:\n{outcomes.Output}");
        });
    }

    /// <summary>Console, summary.md, index.html and summary.json state the same totals and list the same bad declarations.</summary>
    void AssertTheReportsAgree(string console)
    {
        var totals = ReportJson.ReadTotals(Path.Combine(Reports, ReportFiles.SuiteJson));
        var markdown = File.ReadAllText(Path.Combine(Reports, ReportFiles.SuiteMarkdown));
        var html = File.ReadAllText(Path.Combine(Reports, ReportFiles.SuiteHtml));
        var headline = $"{totals.Supported} supported, {totals.Refuted} refuted, {totals.Inconclusive} inconclusive, {totals.BadlyDeclared} badly declared; " +
                       $"runs: {totals.RunsTrained} trained, {totals.RunsFromStore} from the store";
        var bad = new[] { "Unknown_metric", "Parameter_that_does_not_serialise", "Claim_method_with_a_parameter", "Invalid_attribute_values", "Claim_method_that_throws" };
        Assert.Multiple(() =>
        {
            // Supported and refuted share gate-high and gate-low (10 runs, stored by the warm-up run); the inconclusive claim trains 10.
            Assert.That((totals.Supported, totals.Refuted, totals.Inconclusive, totals.BadlyDeclared), Is.EqualTo((1, 1, 1, 5)));
            Assert.That((totals.RunsTrained, totals.RunsFromStore), Is.EqualTo((10, 10)));
            Assert.That(console, Does.Contain("[reprospec] claims: " + headline));
            Assert.That(markdown, Does.Contain(headline));
            Assert.That(html, Does.Contain(System.Net.WebUtility.HtmlEncode(headline)));
            Assert.That(totals.Errors.Select(e => e.Test.Split('.')[^1]), Is.EquivalentTo(bad));
            foreach (var name in bad)
            {
                Assert.That(console, Does.Contain($"badly declared: ReproSpec.Gate.Fixtures.GateClaims.{name}: Bad claim declaration: "));
                Assert.That(markdown, Does.Contain($"`ReproSpec.Gate.Fixtures.GateClaims.{name}` | not decided | failed: Bad claim declaration: "));
                Assert.That(html, Does.Contain($"ReproSpec.Gate.Fixtures.GateClaims.{name}</code></td><td>not decided</td>"));
                Assert.That(File.Exists(ReportFiles.Error(Reports, $"ReproSpec.Gate.Fixtures.GateClaims.{name}")), Is.True, name);
            }
            // Runs another claim trained earlier in this run are not announced as trained twice.
            Assert.That(ProgressLines().Count(console), Is.EqualTo(10), console);
            Assert.That(console, Does.Contain("[reprospec] runs 10/10: 10 from the store, 0 trained"));
        });
    }

    [GeneratedRegex(@"\[reprospec\] runs \d+/\d+ \(\d+ from the store, \d+ trained by this run")]
    private static partial Regex ProgressLines();

    [Test]
    public void A_run_with_no_claim_result_fails_the_gate()
    {
        var run = Test("none.trx", strict: false, "--filter", "Name=Plain_passing_test");
        var gate = Gate("--trx", Path.Combine(work, "none.trx"));
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.Zero, run.Output);
            Assert.That(gate.Code, Is.EqualTo(CliExit.GateFailed), gate.Output);
            Assert.That(gate.Output, Does.Contain("FAIL: no claim results in none.trx"));
        });
    }

    [Test]
    public void An_unreadable_trx_is_a_clear_error()
    {
        var truncated = Path.Combine(work, "truncated.trx");
        File.WriteAllText(truncated, "<?xml version=\"1.0\"?><TestRun xmlns=\"http://microsoft.com/schemas/VisualStudio/TeamTest/2010\"><Results>");
        var results = new[] { Gate("--trx", truncated), Gate("--trx", work), Gate("--trx", Path.Combine(work, "missing.trx")) };
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Code), Is.All.EqualTo(CliExit.BadInput));
            Assert.That(results[0].Output, Does.Contain("is not a TRX file (not well-formed XML"));
            Assert.That(results[1].Output, Does.Contain("is a directory: pass the .trx file"));
            Assert.That(results[2].Output, Does.Contain("does not exist: run `dotnet test --logger trx` first"));
        });
    }

    [Test]
    public void Outcomes_of_an_earlier_run_against_another_store_are_not_mixed_in()
    {
        var reports = Path.Combine(work, "mixed-reports");
        // An earlier run, against another store, decided every claim (the refuted one among them).
        var earlier = Test("earlier.trx", strict: false, ["--filter", "Name=Refuted_claim|Name=Supported_claim"], store: Path.Combine(work, "other-store"), reports: reports);
        Assert.That(earlier.Code, Is.Not.Zero, earlier.Output);
        var now = Test("now.trx", strict: false, ["--filter", "Name=Supported_claim"], reports: reports);
        var gate = Gate("--outcomes", reports);
        var summary = File.ReadAllText(Path.Combine(reports, ReportFiles.SuiteMarkdown));
        Assert.Multiple(() =>
        {
            Assert.That(now.Code, Is.Zero, now.Output);
            Assert.That(gate.Code, Is.EqualTo(CliExit.Ok), "only this run's supported claim counts:\n" + gate.Output);
            Assert.That(gate.Output, Does.Contain("gate: 1 test result(s), 1 claim result(s), 0 failing"));
            Assert.That(summary, Does.Contain("1 supported, 0 refuted").And.Not.Contain("Refuted_claim"));
            Assert.That(File.Exists(ReportFiles.Outcome(reports, "ReproSpec.Gate.Fixtures.GateClaims.Refuted_claim")), Is.False, "the stale outcome is removed");
        });

        // A stale file that is still there (written by hand, or by another tool) is left out by the gate all the same.
        var stale = JsonNode.Parse(File.ReadAllText(Path.Combine(reports, "ReproSpec.Gate.Fixtures.GateClaims.Supported_claim.outcome.json")))!;
        stale["test"] = "Earlier.Refuted";
        stale["verdict"] = "Refuted";
        stale["run"]!["store"] = "/elsewhere/store";
        stale["run"]!["started"] = "2000-01-01T00:00:00+00:00";
        File.WriteAllText(Path.Combine(reports, "Earlier.Refuted.outcome.json"), stale.ToJsonString());
        var again = Gate("--outcomes", reports);
        Assert.Multiple(() =>
        {
            Assert.That(again.Code, Is.EqualTo(CliExit.Ok), again.Output);
            Assert.That(again.Output, Does.Contain("left out 1 saved outcome(s) of earlier runs against another store"));
        });
    }

    [Test]
    public void A_verified_value_one_ulp_off_on_the_same_environment_fails_naming_the_seed_and_a_cross_environment_shift_fails_too()
    {
        var filter = new[] { "--filter", "Name=Snapshot_claim" };
        var first = Test("snap-new.trx", strict: false, filter, snapshots: true);
        var received = Path.Combine(Snapshots, "GateClaims.Snapshot_claim.received.json");
        var verified = Path.Combine(Snapshots, "GateClaims.Snapshot_claim.verified.json");
        Assert.That(first.Output, Does.Contain("New distribution snapshot"), first.Output);
        File.Move(received, verified);
        var same = Test("snap-same.trx", strict: false, filter, snapshots: true);
        Assert.That(same.Code, Is.Zero, "the accepted snapshot matches its own runs exactly:\n" + same.Output);

        var accepted = File.ReadAllText(verified);
        var json = JsonNode.Parse(accepted)!;
        var values = json["claims"]![0]!["arms"]![0]!["values"]!.AsArray();
        var seeds = json["claims"]![0]!["arms"]![0]!["seeds"]!.AsArray();
        var before = values[2]!.GetValue<double>();
        values[2] = Math.BitIncrement(before);
        File.WriteAllText(verified, json.ToJsonString());
        var ulp = Test("snap-ulp.trx", strict: false, filter, snapshots: true);
        Assert.Multiple(() =>
        {
            Assert.That(ulp.Code, Is.Not.Zero, ulp.Output);
            // Same machine, same inputs, another value: the runs (or, here, the snapshot) are not what the seed fixes.
            Assert.That(ulp.Output, Does.Contain("NONDETERMINISTIC: gate-snap-a score").And.Contain("a machine environment the snapshot knows, so every shared seed must give the same value"));
            Assert.That(ulp.Output, Does.Contain(FormattableString.Invariant($"seed {seeds[2]!.GetValue<int>()}: {Math.BitIncrement(before):R} → {before:R}")));
            Assert.That(Gate("--trx", Path.Combine(work, "snap-ulp.trx")).Code, Is.EqualTo(CliExit.GateFailed));
        });

        // Another machine: every verified value 0.5 higher (sd 0.08, tolerance 1 % of the mean): shown to have moved.
        json = JsonNode.Parse(accepted)!;
        var arm = json["claims"]![0]!["arms"]![0]!;
        values = arm["values"]!.AsArray();
        for (var i = 0; i < values.Count; i++) values[i] = values[i]!.GetValue<double>() + 0.5;
        arm["environments"] = new JsonArray("0000000000000000");
        File.WriteAllText(verified, json.ToJsonString());
        var moved = Test("snap-env.trx", strict: false, filter, snapshots: true);
        Assert.Multiple(() =>
        {
            Assert.That(moved.Code, Is.Not.Zero, moved.Output);
            Assert.That(moved.Output, Does.Contain("SHIFTED: gate-snap-a score").And.Contain("another machine environment, compared as distributions"));
            Assert.That(moved.Output, Does.Contain("seeds that moved by more than the tolerance (information"));
        });
    }

    (int Code, string Output) Test(string trx, bool strict, params string[] extra) => Test(trx, strict, extra, snapshots: false);

    (int Code, string Output) Test(string trx, bool strict, string[] extra, bool snapshots = false, string? store = null, string? reports = null) =>
        Dotnet(strict, snapshots, store ?? Store, reports ?? Reports, ["test", project, "--no-build", "--no-restore", "-c", configuration, "-nologo",
            "--logger", "console;verbosity=normal", "--logger", $"trx;LogFileName={Path.Combine(work, trx)}", .. extra]);

    static (int Code, string Output) Gate(params string[] args)
    {
        using var output = new StringWriter();
        var code = CliExit.Run(ReproSpecCli.Root(), ["gate", .. args], output, output);
        return (code, output.ToString());
    }

    (int Code, string Output) Dotnet(bool strict, bool snapshots, string store, string reports, string[] args)
    {
        Directory.CreateDirectory(Snapshots);
        var settings = new Dictionary<string, string>
        {
            ["REPROSPEC_STORE"] = store,
            ["REPROSPEC_REPORTS"] = reports,
            ["REPROSPEC_SNAPSHOTS"] = snapshots ? "1" : "0",
            ["REPROSPEC_SNAPSHOTS_DIR"] = Snapshots,
        };
        if (strict) settings["REPROSPEC_STRICT"] = "1";
        return ChildDotnet.Run(work, args, settings);
    }
}

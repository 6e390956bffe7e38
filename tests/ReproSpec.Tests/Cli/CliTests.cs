using System.CommandLine;
using ReproSpec.Claims;
using ReproSpec.Cli.Commands;
using ReproSpec.Reports;
using ReproSpec.Tests.Reports;

namespace ReproSpec.Tests.Cli;

public class CliTests
{
    string dir = "";

    [SetUp]
    public void MakeDirectory() => dir = Directory.CreateTempSubdirectory("reprospec-cli").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(dir, recursive: true);

    static (int Code, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand("test") { ReportCommand.Create(), AcceptCommand.Create(), GateCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliExit.Run(root, args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    void Save(ClaimRecord record) => File.WriteAllText(ReportFiles.Outcome(dir, record.Test), ReportJson.Serialize(record));

    static int Fail(string message) => throw new InvalidOperationException(message);

    [Test]
    public void An_unexpected_error_exits_3_with_its_message_and_no_stack_trace()
    {
        var broken = new Command("broken", "throws what a command did not foresee");
        broken.SetAction(_ => Fail("cannot find ReproSpec.Worker.dll next to X.dll"));
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliExit.Run(new RootCommand("test") { broken }, ["broken"], output, error);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(CliExit.Failed));
            Assert.That(error.ToString(), Does.Contain("reprospec: broken stopped: cannot find ReproSpec.Worker.dll next to X.dll"));
            Assert.That(error.ToString(), Does.Contain("REPROSPEC_DEBUG=1").And.Not.Contain("   at "));
        });
    }

    [Test]
    public void Report_rebuilds_claim_reports_and_the_suite_from_saved_outcomes()
    {
        Save(Sample.Claim("A.One"));
        Save(Sample.Claim("A.Two", verdict: Verdict.Inconclusive));
        var (code, output, _) = Run("report", "--dir", dir);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(CliExit.Ok));
            Assert.That(output, Does.Contain("rebuilt 2 claim report(s)"));
            Assert.That(File.ReadAllText(Path.Combine(dir, "A.Two.md")), Does.StartWith("# ❔ Inconclusive"));
            Assert.That(File.Exists(Path.Combine(dir, "A.One.png")), Is.True);
            Assert.That(File.ReadAllText(Path.Combine(dir, ReportFiles.SuiteHtml)), Does.Contain("data:image/png;base64,"));
        });
    }

    [Test]
    public void Report_on_an_empty_directory_is_bad_input()
    {
        var (code, _, error) = Run("report", "--dir", dir);
        Assert.That(code, Is.EqualTo(CliExit.BadInput));
        Assert.That(error, Does.Contain("no saved outcomes"));
    }

    [TestCase("{ not json")]
    [TestCase("{}")]
    [TestCase("{\"claims\": [{\"sentence\": \"a\", \"verdict\": \"Supported\", \"arms\": [{\"name\": \"x\", \"seeds\": [0, 1], \"values\": [0.5]}]}]}")]
    public void Accept_refuses_a_received_file_that_is_not_a_valid_snapshot_and_accepts_nothing(string text)
    {
        var sub = Directory.CreateDirectory(Path.Combine(dir, "bad")).FullName;
        File.WriteAllText(Path.Combine(sub, "Mlp.Good.received.json"), "{\"claims\": []}");
        File.WriteAllText(Path.Combine(sub, "Mlp.Bad.received.json"), text);
        var result = Run("accept", "--path", dir);
        Assert.Multiple(() =>
        {
            Assert.That(result.Code, Is.EqualTo(CliExit.BadInput));
            Assert.That(result.Err, Does.Contain("Mlp.Bad.received.json is not a valid distribution snapshot"));
            Assert.That(result.Err, Does.Contain("nothing was accepted"));
            Assert.That(File.Exists(Path.Combine(sub, "Mlp.Bad.verified.json")), Is.False);
            Assert.That(File.Exists(Path.Combine(sub, "Mlp.Good.verified.json")), Is.False, "all or nothing");
        });
    }

    [Test]
    public void Accept_promotes_all_or_only_the_named_claim()
    {
        var sub = Directory.CreateDirectory(Path.Combine(dir, "claims")).FullName;
        File.WriteAllText(Path.Combine(sub, "Mlp.Beats.received.json"), "{\r\n  \"claims\": []\r\n}\r\n");
        File.WriteAllText(Path.Combine(sub, "Mlp.Ties.received.json"), "{\"claims\": []}");
        var one = Run("accept", "--path", dir, "--claim", "Beats");
        Assert.Multiple(() =>
        {
            Assert.That(one.Code, Is.EqualTo(CliExit.Ok));
            Assert.That(File.ReadAllText(Path.Combine(sub, "Mlp.Beats.verified.json")), Is.EqualTo("{\n  \"claims\": []\n}\n"));
            Assert.That(File.Exists(Path.Combine(sub, "Mlp.Beats.received.json")), Is.False);
            Assert.That(File.Exists(Path.Combine(sub, "Mlp.Ties.received.json")), Is.True);
        });
        var none = Run("accept", "--path", dir, "--claim", "Nope");
        Assert.Multiple(() =>
        {
            Assert.That(none.Code, Is.EqualTo(CliExit.BadInput));
            Assert.That(none.Err, Does.Contain("no received snapshot matches --claim Nope; received: Mlp.Ties.received.json"));
        });
        Assert.That(Run("accept", "--path", dir).Code, Is.EqualTo(CliExit.Ok));
        Assert.That(File.Exists(Path.Combine(sub, "Mlp.Ties.verified.json")), Is.True);
    }

    [Test]
    public void Gate_on_outcomes_fails_on_an_unexpected_refutation_and_on_inconclusive_only_when_strict()
    {
        Save(Sample.Claim("A.Fine"));
        Save(Sample.Claim("A.Documented", verdict: Verdict.Refuted, expected: Verdict.Refuted));
        Save(Sample.Claim("A.Unsure", verdict: Verdict.Inconclusive));
        Assert.That(Run("gate", "--outcomes", dir).Code, Is.EqualTo(CliExit.Ok));
        var strict = Run("gate", "--outcomes", dir, "--strict");
        Assert.That(strict.Code, Is.EqualTo(CliExit.GateFailed));
        Assert.That(strict.Out, Does.Contain("FAIL A.Unsure"));
        Save(Sample.Claim("A.Broken", verdict: Verdict.Refuted));
        var refuted = Run("gate", "--outcomes", dir);
        Assert.Multiple(() =>
        {
            Assert.That(refuted.Code, Is.EqualTo(CliExit.GateFailed));
            Assert.That(refuted.Out, Does.Contain("FAIL A.Broken (A.Broken.outcome.json): Refuted (expected Supported)"));
            Assert.That(refuted.Out, Does.Not.Contain("A.Documented"));
        });
    }

    const string Trx = """
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun id="1" name="run" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <Results>
            <UnitTestResult testName="Supported_one" outcome="Passed"><Output><StdOut>SUPPORTED: a beats b on score
          why: …</StdOut></Output></UnitTestResult>
            <UnitTestResult testName="Plain_unit_test" outcome="Passed" />
            <UnitTestResult testName="Unsure_one" outcome="NotExecuted"><Output><ErrorInfo><Message>INCONCLUSIVE: c beats d on score</Message></ErrorInfo></Output></UnitTestResult>
            {0}
          </Results>
        </TestRun>
        """;

    string WriteTrx(string extra)
    {
        var path = Path.Combine(dir, $"run-{Guid.NewGuid():N}.trx");
        File.WriteAllText(path, Trx.Replace("{0}", extra, StringComparison.Ordinal));
        return path;
    }

    [Test]
    public void Gate_on_a_trx_file_counts_every_test_and_tells_claims_from_others()
    {
        var clean = WriteTrx("");
        Assert.That(Run("gate", "--trx", clean).Code, Is.EqualTo(CliExit.Ok));
        Assert.That(Run("gate", "--trx", clean, "--strict").Out, Does.Contain("FAIL Unsure_one"));
        var refuted = WriteTrx("""<UnitTestResult testName="Refuted_one" outcome="Failed"><Output><ErrorInfo><Message>REFUTED: e beats f on score</Message></ErrorInfo></Output></UnitTestResult>""");
        var result = Run("gate", "--trx", refuted);
        Assert.Multiple(() =>
        {
            Assert.That(result.Code, Is.EqualTo(CliExit.GateFailed));
            Assert.That(result.Out, Does.Contain("FAIL Refuted_one"));
            Assert.That(result.Out, Does.Contain("gate: 4 test result(s), 3 claim result(s), 1 failing"));
        });
    }

    [Test]
    public void A_failing_test_of_any_kind_and_an_aborted_run_fail_the_gate()
    {
        var plain = Run("gate", "--trx", WriteTrx("""<UnitTestResult testName="Plain_failing" outcome="Failed"><Output><ErrorInfo><Message>Expected: 3 But was: 2</Message></ErrorInfo></Output></UnitTestResult>"""));
        var errored = Run("gate", "--trx", WriteTrx("""<UnitTestResult testName="Threw" outcome="Error" />"""));
        var clean = Run("gate", "--trx", WriteTrx(""));
        var abortedPath = WriteTrx("");
        File.WriteAllText(abortedPath, File.ReadAllText(abortedPath).Replace("</Results>",
            """</Results><ResultSummary outcome="Failed"><RunInfos><RunInfo computerName="vm" outcome="Error" timestamp="2026-01-01T00:00:00"><Text>The active test run was aborted. Reason: Test host process crashed</Text></RunInfo></RunInfos></ResultSummary>""",
            StringComparison.Ordinal));
        var crashed = Run("gate", "--trx", abortedPath);
        Assert.Multiple(() =>
        {
            Assert.That((plain.Code, errored.Code, crashed.Code), Is.EqualTo((CliExit.GateFailed, CliExit.GateFailed, CliExit.GateFailed)));
            Assert.That(plain.Out, Does.Contain("FAIL Plain_failing").And.Contain("Failed: Expected: 3 But was: 2"));
            Assert.That(errored.Out, Does.Contain("FAIL Threw").And.Contain("Error"));
            Assert.That(crashed.Out, Does.Contain("FAIL (test run)").And.Contain("Test host process crashed"));
            Assert.That(clean.Code, Is.EqualTo(CliExit.Ok), "the same TRX without the aborted run passes");
        });
    }

    [TestCase(new[] { "gate" }, "gate needs --trx FILE")]
    [TestCase(new[] { "gate", "--trx", "/no/such.trx" }, "does not exist")]
    [TestCase(new[] { "gate", "--bogus" }, "Unrecognized command or argument '--bogus'")]
    [TestCase(new[] { "accept", "--path", "/no/such/dir" }, "does not exist")]
    public void Bad_input_exits_2_with_the_problem_on_stderr(string[] args, string message)
    {
        var (code, output, error) = Run(args);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(CliExit.BadInput));
            Assert.That(error, Does.Contain(message));
            Assert.That(output, Is.Empty);
        });
    }

    [Test]
    public void A_non_trx_xml_file_is_bad_input()
    {
        var path = Path.Combine(dir, "x.trx");
        File.WriteAllText(path, "<html/>");
        var (code, _, error) = Run("gate", "--trx", path);
        Assert.That(code, Is.EqualTo(CliExit.BadInput));
        Assert.That(error, Does.Contain("is not a TRX file"));
    }
}

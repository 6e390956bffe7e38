using System.CommandLine;
using System.Xml;
using System.Xml.Linq;
using ReproSpec.Claims;
using ReproSpec.Reports;

namespace ReproSpec.Cli.Commands;

/// <summary>One claim as the gate sees it: where it came from, its verdict, and whether the test run failed it.</summary>
public sealed record GateEntry(string Source, string Test, Verdict? Verdict, bool Failed, string Detail);

/// <summary>`reprospec gate`: exit 1 when a claim failed (Refuted unexpectedly, badly declared, snapshot changed), or was Inconclusive under --strict.</summary>
public static class GateCommand
{
    const string TrxNamespace = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public static Command Create()
    {
        var trx = new Option<FileInfo[]>("--trx") { Description = "TRX file(s) from `dotnet test --logger trx`.", AllowMultipleArgumentsPerToken = true };
        var outcomes = new Option<DirectoryInfo?>("--outcomes") { Description = "Directory of saved claim outcomes (*.outcome.json), e.g. .reprospec/reports." };
        var strict = new Option<bool>("--strict") { Description = "Inconclusive claims fail the gate too." };
        var command = new Command("gate", "Fail (exit 1) when any claim of a test run failed, or was inconclusive under --strict; prints which.") { trx, outcomes, strict };
        command.SetAction(parse =>
        {
            var files = parse.GetValue(trx) ?? [];
            var dir = parse.GetValue(outcomes);
            if (files.Length == 0 && dir is null)
                throw new BadInputException("gate needs --trx FILE (from `dotnet test --logger trx`) and/or --outcomes DIR (saved *.outcome.json).");
            var entries = files.SelectMany(f => FromTrx(f.FullName)).Concat(dir is null ? [] : FromOutcomes(dir.FullName)).ToList();
            if (entries.Count == 0)
                throw new BadInputException("no claims found in the given results: did the test run include [Claim] methods?");
            var failures = Failures(entries, parse.GetValue(strict));
            var output = parse.InvocationConfiguration.Output;
            foreach (var f in failures) output.WriteLine($"FAIL {f.Test} ({f.Source}): {f.Detail}");
            output.WriteLine($"gate: {entries.Count} claim result(s), {failures.Count} failing{(parse.GetValue(strict) ? " (strict)" : "")}");
            return failures.Count > 0 ? CliExit.GateFailed : CliExit.Ok;
        });
        return command;
    }

    /// <summary>The entries that fail the gate: failed claims, and inconclusive ones when strict.</summary>
    public static IReadOnlyList<GateEntry> Failures(IEnumerable<GateEntry> entries, bool strict) =>
        entries.Where(e => e.Failed || strict && e.Verdict == Verdict.Inconclusive).ToList();

    /// <summary>Saved outcomes: a claim fails when its verdict is not the expected one (Inconclusive counts only under --strict).</summary>
    public static IEnumerable<GateEntry> FromOutcomes(string dir)
    {
        if (!Directory.Exists(dir)) throw new BadInputException($"--outcomes {dir} does not exist.");
        foreach (var file in Directory.GetFiles(dir, "*" + ReportFiles.OutcomeSuffix).Order(StringComparer.Ordinal))
        {
            ClaimRecord r;
            try
            {
                r = ReportJson.ReadClaim(file);
            }
            catch (InvalidDataException e)
            {
                throw new BadInputException(e.Message, e);
            }
            var failed = !r.MetExpectation && r.Verdict != Verdict.Inconclusive;
            yield return new GateEntry(Path.GetFileName(file), r.Test, r.Verdict, failed,
                $"{r.Verdict} (expected {r.Expected}): {r.Sentence}; {r.Reason}");
        }
    }

    /// <summary>
    /// A TRX file's claim tests: those whose message or output carries a claim's text (a line starting with
    /// SUPPORTED:, REFUTED: or INCONCLUSIVE:, or "Bad claim declaration"). A failed claim test fails the gate.
    /// </summary>
    public static IEnumerable<GateEntry> FromTrx(string path)
    {
        if (!File.Exists(path)) throw new BadInputException($"TRX file {path} does not exist: run `dotnet test --logger trx` first.");
        XDocument doc;
        try
        {
            doc = XDocument.Load(path);
        }
        catch (XmlException e)
        {
            throw new BadInputException($"{path} is not a TRX file: {e.Message}", e);
        }
        XNamespace ns = TrxNamespace;
        if (doc.Root?.Name != ns + "TestRun") throw new BadInputException($"{path} is not a TRX file (its root is {doc.Root?.Name.LocalName}, not TestRun).");
        var entries = new List<GateEntry>();
        foreach (var result in doc.Descendants(ns + "UnitTestResult"))
        {
            var message = result.Descendants(ns + "Message").FirstOrDefault()?.Value ?? "";
            var stdout = result.Descendants(ns + "StdOut").FirstOrDefault()?.Value ?? "";
            var verdict = VerdictIn(message) ?? VerdictIn(stdout);
            var badDeclaration = message.StartsWith("Bad claim declaration", StringComparison.Ordinal);
            if (verdict is null && !badDeclaration) continue;
            var outcome = (string?)result.Attribute("outcome") ?? "";
            var failed = outcome is "Failed" or "Error" or "Aborted" or "Timeout" || badDeclaration;
            var first = (message.Length > 0 ? message : stdout).Split('\n')[0].Trim();
            entries.Add(new GateEntry(Path.GetFileName(path), (string?)result.Attribute("testName") ?? "?", verdict, failed, first));
        }
        return entries;
    }

    static Verdict? VerdictIn(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("SUPPORTED:", StringComparison.Ordinal)) return Verdict.Supported;
            if (trimmed.StartsWith("REFUTED:", StringComparison.Ordinal)) return Verdict.Refuted;
            if (trimmed.StartsWith("INCONCLUSIVE:", StringComparison.Ordinal)) return Verdict.Inconclusive;
        }
        return null;
    }
}

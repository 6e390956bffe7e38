using System.CommandLine;
using System.Xml;
using System.Xml.Linq;
using ReproSpec.Claims;
using ReproSpec.Reports;

namespace ReproSpec.Cli.Commands;

/// <summary>One test (a claim or not) as the gate sees it: where it came from, its verdict if it is a claim, and whether it fails the gate.</summary>
public sealed record GateEntry(string Source, string Test, Verdict? Verdict, bool Failed, string Detail, bool IsClaim = true);

/// <summary>
/// `reprospec gate`: exit 1 when any test of the run failed or errored (a claim Refuted unexpectedly, badly
/// declared, a changed snapshot, or any other test), when the run holds no claim result at all, or when a claim
/// was Inconclusive under --strict.
/// </summary>
public static class GateCommand
{
    const string TrxNamespace = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    /// <summary>TRX outcomes that do not fail a test run: passed, and not run (skipped, inconclusive, warning).</summary>
    static readonly HashSet<string> NotFailing = new(StringComparer.Ordinal) { "Passed", "NotExecuted", "Inconclusive", "Warning" };

    public static Command Create()
    {
        var trx = new Option<FileInfo[]>("--trx") { Description = "TRX file(s) from `dotnet test --logger trx`.", AllowMultipleArgumentsPerToken = true };
        var outcomes = new Option<DirectoryInfo?>("--outcomes") { Description = "Directory of saved claim outcomes (*.outcome.json, *.error.json), e.g. .reprospec/reports; only the latest run's store counts." };
        var strict = new Option<bool>("--strict") { Description = "Inconclusive (or skipped) claims fail the gate too." };
        var command = new Command("gate", "Fail (exit 1) when any test of a run failed, no claim was decided, or (--strict) a claim was inconclusive; prints which.") { trx, outcomes, strict };
        command.SetAction(parse =>
        {
            var files = parse.GetValue(trx) ?? [];
            var dir = parse.GetValue(outcomes);
            if (files.Length == 0 && dir is null)
                throw new BadInputException("gate needs --trx FILE (from `dotnet test --logger trx`) and/or --outcomes DIR (saved *.outcome.json).");
            var output = parse.InvocationConfiguration.Output;
            var entries = files.SelectMany(f => FromTrx(f.FullName)).ToList();
            if (dir is not null) entries.AddRange(FromOutcomes(dir.FullName, output));
            var isStrict = parse.GetValue(strict);
            var failures = Failures(entries, isStrict);
            foreach (var f in failures) output.WriteLine($"FAIL {f.Test} ({f.Source}): {f.Detail}");
            var claims = entries.Count(e => e.IsClaim);
            if (claims == 0)
                output.WriteLine($"FAIL: no claim results in {string.Join(", ", files.Select(f => f.Name).Concat(dir is null ? [] : [dir.FullName]))}: " +
                                 "the run decided no [Claim] method (a filter that selected none, a build without claims, or a run that stopped early).");
            output.WriteLine($"gate: {entries.Count} test result(s), {claims} claim result(s), {failures.Count} failing{(isStrict ? " (strict)" : "")}");
            return failures.Count > 0 || claims == 0 ? CliExit.GateFailed : CliExit.Ok;
        });
        return command;
    }

    /// <summary>The entries that fail the gate: failed tests of any kind, and under strict claims that were inconclusive or not run.</summary>
    public static IReadOnlyList<GateEntry> Failures(IEnumerable<GateEntry> entries, bool strict) =>
        entries.Where(e => e.Failed || strict && e.IsClaim && e.Verdict is Verdict.Inconclusive or null).ToList();

    /// <summary>
    /// Saved outcomes and declaration errors: a claim fails when its verdict is not the expected one (Inconclusive
    /// counts only under --strict); a saved declaration error always fails. Files of a run against another store
    /// than the latest run's (or of unknown origin) are left out and counted on <paramref name="notes"/>.
    /// </summary>
    public static IEnumerable<GateEntry> FromOutcomes(string dir, TextWriter? notes = null)
    {
        if (!Directory.Exists(dir)) throw new BadInputException($"--outcomes {dir} does not exist.");
        var saved = Read(dir);
        if (saved.LeftOutNote is { } note) notes?.WriteLine("gate: " + note);
        foreach (var (file, r) in saved.Claims)
        {
            var failed = !r.MetExpectation && r.Verdict != Verdict.Inconclusive;
            yield return new GateEntry(Path.GetFileName(file), r.Test, r.Verdict, failed, $"{r.Verdict} (expected {r.Expected}): {r.Sentence}; {r.Reason}");
        }
        foreach (var (file, e) in saved.Errors)
            yield return new GateEntry(Path.GetFileName(file), e.Test, null, true, e.Error.Split('\n')[0]);
    }

    /// <summary>The latest run's saved outcomes; unreadable files are bad input naming the file.</summary>
    public static SavedOutcomes Read(string dir)
    {
        try
        {
            return SavedOutcomes.Read(dir);
        }
        catch (InvalidDataException e)
        {
            throw new BadInputException(e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"cannot read the saved outcomes in {dir}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Every test of a TRX file. A test that failed, errored, timed out or was aborted fails the gate, whatever
    /// its message; a claim test is one whose message or output carries a claim's text (a line starting with
    /// SUPPORTED:, REFUTED: or INCONCLUSIVE:, or "Bad claim declaration"). A run the TRX says was aborted fails too.
    /// </summary>
    public static IEnumerable<GateEntry> FromTrx(string path)
    {
        var doc = LoadTrx(path);
        XNamespace ns = TrxNamespace;
        var source = Path.GetFileName(path);
        var entries = new List<GateEntry>();
        foreach (var result in doc.Descendants(ns + "UnitTestResult"))
        {
            var message = result.Descendants(ns + "Message").FirstOrDefault()?.Value ?? "";
            var stdout = result.Descendants(ns + "StdOut").FirstOrDefault()?.Value ?? "";
            var verdict = VerdictIn(message) ?? VerdictIn(stdout);
            var badDeclaration = message.Contains("Bad claim declaration", StringComparison.Ordinal);
            var outcome = (string?)result.Attribute("outcome") ?? "";
            var failed = !NotFailing.Contains(outcome) || badDeclaration;
            var text = message.Length > 0 ? message : stdout;
            var first = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? outcome;
            entries.Add(new GateEntry(source, (string?)result.Attribute("testName") ?? "?", verdict, failed,
                failed && !badDeclaration && verdict is null ? $"{outcome}: {first}" : first, IsClaim: verdict is not null || badDeclaration));
        }
        var summary = doc.Descendants(ns + "ResultSummary").FirstOrDefault();
        var runOutcome = (string?)summary?.Attribute("outcome") ?? "";
        var runErrors = summary?.Descendants(ns + "RunInfo").Where(i => (string?)i.Attribute("outcome") is "Error" or "Failed" or "Aborted" or "Timeout")
            .Select(i => i.Descendants(ns + "Text").FirstOrDefault()?.Value.Trim() ?? "").ToList() ?? [];
        if (runOutcome is "Aborted" or "Error" or "Timeout" || runErrors.Count > 0)
            entries.Add(new GateEntry(source, "(test run)", null, true,
                $"the test run itself ended {(runOutcome.Length > 0 ? runOutcome : "with errors")}{(runErrors.Count > 0 ? ": " + runErrors[0].Split('\n')[0] : "")} (a crashed or aborted test host: some results may be missing)", IsClaim: false));
        return entries;
    }

    static XDocument LoadTrx(string path)
    {
        if (Directory.Exists(path)) throw new BadInputException($"--trx {path} is a directory: pass the .trx file (`dotnet test --logger \"trx;LogFileName=…\"` names it).");
        if (!File.Exists(path)) throw new BadInputException($"TRX file {path} does not exist: run `dotnet test --logger trx` first.");
        XDocument doc;
        try
        {
            doc = XDocument.Load(path);
        }
        catch (XmlException e)
        {
            throw new BadInputException($"{path} is not a TRX file (not well-formed XML: {e.Message}); pass the file `dotnet test --logger trx` wrote.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"cannot read TRX file {path}: {e.Message}", e);
        }
        XNamespace ns = TrxNamespace;
        if (doc.Root?.Name != ns + "TestRun") throw new BadInputException($"{path} is not a TRX file (its root is {doc.Root?.Name.LocalName}, not TestRun).");
        return doc;
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

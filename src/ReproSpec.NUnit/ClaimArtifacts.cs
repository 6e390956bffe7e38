using System.Collections.Concurrent;
using System.Reflection;
using DiffEngine;
using NUnit.Framework;
using ReproSpec.Claims;
using ReproSpec.Plots;
using ReproSpec.Reports;
using ReproSpec.Snapshots;

namespace ReproSpec.NUnit;

/// <summary>
/// What a decided claim leaves behind: its reports (Markdown, PNG, saved outcome) and its distribution snapshot
/// check. Environment: REPROSPEC_REPORTS (report directory), REPROSPEC_SNAPSHOTS=0 (no snapshot checks),
/// REPROSPEC_SNAPSHOTS_DIR (snapshots there instead of beside the source), CI=true (no diff tool, new snapshots
/// are never accepted), REPROSPEC_NO_DIFFTOOL=1.
/// </summary>
static class ClaimArtifacts
{
    static readonly ConcurrentQueue<(ClaimRecord Record, byte[]? Plot)> written = new();
    static readonly ConcurrentDictionary<Assembly, IReadOnlyList<string>> orphans = new();
    static readonly ConcurrentDictionary<string, Lazy<int>> claimed = new(StringComparer.Ordinal);

    static readonly ConcurrentDictionary<string, string> testFailures = new(StringComparer.Ordinal);

    /// <summary>Every claim reported in this test run, with its plot and any failure of its test besides the verdict, for the suite report.</summary>
    public static IReadOnlyList<(ClaimRecord Record, byte[]? Plot)> Written =>
        written.Select(w => (testFailures.TryGetValue(w.Record.Test, out var failure) ? w.Record with { TestFailure = failure } : w.Record, w.Plot)).ToList();

    /// <summary>
    /// Marks a written claim's test as failed for a reason besides its verdict (its snapshot changed): the saved outcome
    /// and the claim report say so, and the suite report never shows it green.
    /// </summary>
    public static void RecordTestFailure(string root, ClaimRecord record, string failure)
    {
        testFailures[record.Test] = failure;
        var failed = record with { TestFailure = failure };
        ReportFiles.Write(ReportFiles.Outcome(root, record.Test), ReportJson.Serialize(failed));
        ReportFiles.Write(ReportFiles.Markdown(root, record.Test), ClaimMarkdown.Render(failed, File.Exists(ReportFiles.Plot(root, record.Test)) ? Path.GetFileName(ReportFiles.Plot(root, record.Test)) : null));
    }

    public static bool IsCi => IsTrue(Environment.GetEnvironmentVariable("CI"));

    public static bool SnapshotsEnabled => Environment.GetEnvironmentVariable("REPROSPEC_SNAPSHOTS") is not ("0" or "false" or "off");

    public static string ReportRoot(Assembly assembly) =>
        ReportFiles.DefaultRoot(Path.GetDirectoryName(assembly.Location) is { Length: > 0 } d ? d : Directory.GetCurrentDirectory(), assembly);

    /// <summary>Writes the claim's report files and returns their paths (report, plot, outcome).</summary>
    public static IReadOnlyList<(string Path, string Description)> WriteReports(string root, ClaimRecord record)
    {
        ClearStale(root);
        byte[]? plot = null;
        var files = new List<(string, string)>();
        try
        {
            plot = ClaimPlot.Png(record);
            var plotPath = ReportFiles.Plot(root, record.Test);
            ReportFiles.Write(plotPath, plot);
            files.Add((plotPath, "per-seed values of each arm, means and the estimate with (1 − 2α) intervals, the margin, threshold or tolerance"));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A plot that cannot be drawn (no native Skia on this machine) must not hide the verdict.
            TestContext.Progress.WriteLine($"[reprospec] no plot for {record.Test}: {e.GetType().Name}: {e.Message}");
        }
        var markdown = ReportFiles.Markdown(root, record.Test);
        ReportFiles.Write(markdown, ClaimMarkdown.Render(record, plot is null ? null : Path.GetFileName(ReportFiles.Plot(root, record.Test))));
        files.Add((markdown, "claim report (Markdown)"));
        var outcome = ReportFiles.Outcome(root, record.Test);
        ReportFiles.Write(outcome, ReportJson.Serialize(record));
        File.Delete(ReportFiles.Error(root, record.Test));
        files.Add((outcome, "saved outcome (rebuild reports with `reprospec report`)"));
        written.Enqueue((record, plot));
        return files;
    }

    /// <summary>Saves a badly declared claim test's error beside the outcomes (for `reprospec gate --outcomes`); returns the file.</summary>
    public static string WriteError(string root, DeclarationError error)
    {
        ClearStale(root);
        var path = ReportFiles.Error(root, error.Test);
        ReportFiles.Write(path, ReportJson.Serialize(error));
        File.Delete(ReportFiles.Outcome(root, error.Test));
        return path;
    }

    /// <summary>
    /// The first time this run writes into a reports directory, it removes the saved outcomes and errors that are
    /// not of this run's kind: those of a run against another store (or of unknown origin), and those an earlier
    /// run of this same claims assembly left. A summary or gate then reads this run's files, not stale ones.
    /// </summary>
    static void ClearStale(string root) => _ = claimed.GetOrAdd(Path.GetFullPath(root), r => new Lazy<int>(() => RemoveStale(r, ClaimRuntime.Shared.Run))).Value;

    static int RemoveStale(string root, RunInfo run)
    {
        if (!Directory.Exists(root)) return 0;
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*" + ReportFiles.OutcomeSuffix).Concat(Directory.EnumerateFiles(root, "*" + ReportFiles.ErrorSuffix)).ToList())
        {
            RunInfo? writer;
            try
            {
                writer = file.EndsWith(ReportFiles.ErrorSuffix, StringComparison.Ordinal) ? ReportJson.ReadError(file).Run : ReportJson.ReadClaim(file).Run;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                writer = null;
            }
            var stale = writer is null || writer.Store != run.Store || writer.Assembly == run.Assembly && writer.Id != run.Id;
            if (!stale) continue;
            var stem = file[..^(file.EndsWith(ReportFiles.ErrorSuffix, StringComparison.Ordinal) ? ReportFiles.ErrorSuffix.Length : ReportFiles.OutcomeSuffix.Length)];
            foreach (var path in new[] { file, stem + ReportFiles.MarkdownSuffix, stem + ReportFiles.PlotSuffix }) File.Delete(path);
            removed++;
        }
        if (removed > 0) TestContext.Progress.WriteLine($"[reprospec] removed {removed} saved outcome(s) of earlier runs (another store, or this assembly's last run) from {root}");
        return removed;
    }

    /// <summary>The snapshot file of a claim method: beside its source file, or in REPROSPEC_SNAPSHOTS_DIR.</summary>
    public static string SnapshotSource(string sourceFile)
    {
        var redirect = Environment.GetEnvironmentVariable("REPROSPEC_SNAPSHOTS_DIR");
        return string.IsNullOrWhiteSpace(redirect) ? sourceFile : Path.Combine(redirect, Path.GetFileName(sourceFile));
    }

    /// <summary>
    /// Checks each declared claim's design against the verified snapshot before anything trains. Returns the checks
    /// (for the snapshot written after the decision) and, when a design changed on seeds already seen, the failure
    /// message; the received snapshot then proposes the new design for `reprospec accept --reason`.
    /// </summary>
    public static (IReadOnlyList<DesignCheck> Checks, string? Refusal) CheckDesigns(string sourceFile, string method, IReadOnlyList<ClaimDeclaration> claims, IReadOnlyList<ClaimDesign> designs)
    {
        var source = SnapshotSource(sourceFile);
        var verifiedPath = SnapshotFiles.Verified(source, method);
        var verified = File.Exists(verifiedPath) ? ReportJson.ReadSnapshot(verifiedPath) : null;
        var recorded = PreRegistration.Match(verified, claims.Select(c => c.Sentence).ToList());
        var checks = designs.Select((d, i) => PreRegistration.Check(recorded[i], d, claims[i].Sentence)).ToList();
        if (verified is null && OtherSnapshots(verifiedPath) is { Count: > 0 } others)
        {
            var renamed = checks.Select(c => (Check: c, From: PreRegistration.RenamedFrom(others, c.Declared))).Where(x => x.From is not null).ToList();
            if (renamed.Count > 0)
                return (checks, string.Join("\n\n", renamed.Select(x => PreRegistration.RenameRefusal(x.Check.Sentence, x.Check.Declared, x.From!.Value.File, x.From.Value.Claim, verifiedPath))));
        }
        var refused = checks.Where(c => c.Status == DesignStatus.Refused).ToList();
        if (refused.Count == 0 || verified is null) return (checks, null);
        var receivedPath = SnapshotFiles.Received(source, method);
        ReportFiles.Write(receivedPath, ReportJson.Serialize(PreRegistration.Proposal(verified, checks)));
        var stem = SnapshotFiles.Stem(source, method);
        return (checks, string.Join("\n\n", refused.Select(c => PreRegistration.Refusal(c, verifiedPath, receivedPath, stem))));
    }

    /// <summary>The other readable verified snapshots in the directory of <paramref name="verifiedPath"/> (unreadable ones are another check's business).</summary>
    static List<(string File, DistributionSnapshot Snapshot)> OtherSnapshots(string verifiedPath)
    {
        var directory = Path.GetDirectoryName(verifiedPath);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory)) return [];
        var others = new List<(string, DistributionSnapshot)>();
        foreach (var file in Directory.EnumerateFiles(directory, "*" + SnapshotFiles.VerifiedSuffix).Where(f => Path.GetFullPath(f) != Path.GetFullPath(verifiedPath)))
        {
            try
            {
                others.Add((file, ReportJson.ReadSnapshot(file)));
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // A broken snapshot fails its own claim's check.
            }
        }
        return others;
    }

    /// <summary>
    /// Compares the run with the verified snapshot, its results and its designs; returns null when the conclusion held,
    /// else the failure message. <paramref name="note"/> says what a passing run recorded without failing (a machine
    /// environment new to the snapshot, a design or expectation the snapshot predates): the received snapshot then
    /// holds it for `reprospec accept`.
    /// </summary>
    public static string? CheckSnapshot(string sourceFile, string method, DistributionSnapshot received, SnapshotTolerance tolerance, IReadOnlyList<DesignCheck> designs,
        out string? note)
    {
        note = null;
        var source = SnapshotSource(sourceFile);
        var directory = Path.GetDirectoryName(source);
        if (string.IsNullOrEmpty(directory) || !Directory.Exists(directory))
            return $"Cannot check the distribution snapshot: the fixture's source directory \"{directory}\" does not exist here. " +
                   "The path comes from [CallerFilePath] at compile time; a build with PathMap/ContinuousIntegrationBuild or on another machine " +
                   "loses it. Set REPROSPEC_SNAPSHOTS_DIR to the snapshot directory, or [Claim(Snapshot = false)].";
        var verifiedPath = SnapshotFiles.Verified(source, method);
        var receivedPath = SnapshotFiles.Received(source, method);
        DistributionSnapshot? verified;
        try
        {
            verified = File.Exists(verifiedPath) ? ReportJson.ReadSnapshot(verifiedPath) : null;
        }
        catch (InvalidDataException e)
        {
            return $"The verified snapshot {verifiedPath} cannot be read: {e.Message} Restore it from git (`git checkout -- \"{verifiedPath}\"`), or delete it to record a new one.";
        }
        var comparison = SnapshotComparison.Compare(verified, received, tolerance);
        var designChanges = PreRegistration.Changes(designs);
        var designNotes = PreRegistration.Notes(designs);
        // What accepting would commit: this run's values and designs, the other machines' values kept.
        var store = ClaimRuntime.Shared.Engine.Store;
        var proposal = PreRegistration.WithHistory(received.DescribingMachines(id => store.TryGetEnvironment(id)?.Brief()).KeepingOtherEnvironments(verified), designs);
        if (comparison.Status == SnapshotStatus.Matches && designChanges.Count == 0)
        {
            if (designNotes.Count == 0 && !comparison.NewEnvironment)
            {
                if (File.Exists(receivedPath)) File.Delete(receivedPath);
                return null;
            }
            ReportFiles.Write(receivedPath, ReportJson.Serialize(proposal));
            note = string.Join("\n", designNotes.Select(n => "  - " + n).Prepend(comparison.Describe(verifiedPath, receivedPath, ClaimRuntime.Shared.Engine.Store.TryGetEnvironment)));
            return null;
        }
        ReportFiles.Write(receivedPath, ReportJson.Serialize(proposal));
        var message = comparison.Status == SnapshotStatus.Matches
            ? $"Distribution snapshot {Path.GetFileName(verifiedPath)} matches the results but not their design:\n"
              + string.Concat(designChanges.Select(c => $"  - {c}\n"))
              + $"Received snapshot: {receivedPath}\nAccept it with `reprospec accept` and commit the .verified.json: the design is then recorded with the results."
            : comparison.Describe(verifiedPath, receivedPath, ClaimRuntime.Shared.Engine.Store.TryGetEnvironment)
              + string.Concat(designChanges.Select(c => $"\n  - design: {c}"));
        if (comparison.Status == SnapshotStatus.New && IsCi)
            message = "CI=true: a missing snapshot fails and is never accepted on CI. Run the claims locally, review and commit the .verified.json.\n" + message;
        if (comparison.Status == SnapshotStatus.Differs) LaunchDiffTool(receivedPath, verifiedPath);
        return message;
    }

    /// <summary>
    /// The claim method's reproducibility card as its accepted snapshot and declaration give it, or null when it has no
    /// readable accepted snapshot. The snapshot check reports an unreadable one.
    /// </summary>
    public static (string Path, string Text)? Card(string sourceFile, string method, string testFullName, System.Reflection.MethodInfo? claimMethod)
    {
        var verifiedPath = SnapshotFiles.Verified(SnapshotSource(sourceFile), method);
        if (!File.Exists(verifiedPath)) return null;
        try
        {
            var verified = ReportJson.ReadSnapshot(verifiedPath);
            return (ClaimCard.PathFor(verifiedPath), ClaimCard.Render(ClaimCardSources.Gather(sourceFile, verifiedPath, verified, testFullName, claimMethod)));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Keeps the committed card equal to <paramref name="card"/>: a missing card is written; an out-of-date one is rewritten,
    /// except with CI=true, where it fails the claim (the message) and is left as committed. <paramref name="note"/> says what was written.
    /// </summary>
    public static string? CheckCard((string Path, string Text) card, out string? note)
    {
        note = null;
        var committed = File.Exists(card.Path) ? File.ReadAllText(card.Path).ReplaceLineEndings("\n") : null;
        if (committed == card.Text) return null;
        if (committed is not null && IsCi)
            return $"CI=true: the reproducibility card {card.Path} is out of date: it does not match the accepted snapshot and the claim's declaration "
                   + $"({FirstDifference(committed, card.Text)}). Run the claim locally (`dotnet test` rewrites the card; runs come from the store), review and commit it.";
        ReportFiles.Write(card.Path, card.Text);
        note = committed is null
            ? $"Reproducibility card written: {card.Path}. Commit it beside the snapshot."
            : $"Reproducibility card rewritten: {card.Path} ({FirstDifference(committed, card.Text)}). Review and commit it.";
        return null;
    }

    static string FirstDifference(string was, string now)
    {
        var a = was.Split('\n');
        var b = now.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var x = i < a.Length ? a[i] : "(end of file)";
            var y = i < b.Length ? b[i] : "(end of file)";
            if (x != y) return $"line {i + 1}: \"{Shorten(x)}\" should read \"{Shorten(y)}\"";
        }
        return "line endings differ";
    }

    static string Shorten(string line) => line.Length <= 120 ? line : line[..117] + "...";

    /// <summary>
    /// On CI, the orphaned snapshots beside a claim's fixture file as a failure message for that claim, else null.
    /// The failure belongs on the claims: the test adapter does not fail a run for an error after its last test.
    /// </summary>
    public static string? CheckOrphans(Assembly assembly, string sourceFile)
    {
        if (!IsCi) return null;
        var fixture = Path.GetFullPath(SnapshotSource(sourceFile));
        var prefix = Path.Combine(Path.GetDirectoryName(fixture) ?? "", Path.GetFileNameWithoutExtension(fixture) + ".");
        var beside = Orphans(assembly).Where(o => o.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return beside.Count == 0 ? null : "CI=true: " + ClaimSuiteReport.OrphanMessage(beside, " beside this fixture");
    }

    /// <summary>The assembly's orphaned snapshots, read once per run: a test run neither writes nor deletes verified snapshots.</summary>
    public static IReadOnlyList<string> Orphans(Assembly assembly) => orphans.GetOrAdd(assembly, ClaimSuiteReport.FindOrphans);

    static void LaunchDiffTool(string received, string verified)
    {
        if (IsCi || IsTrue(Environment.GetEnvironmentVariable("REPROSPEC_NO_DIFFTOOL")) || DiffRunner.Disabled) return;
        try
        {
            DiffRunner.LaunchAsync(received, verified).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            TestContext.Progress.WriteLine($"[reprospec] could not open a diff tool: {e.Message}");
        }
    }

    public static SnapshotTolerance Tolerance(Assembly assembly) =>
        assembly.GetCustomAttribute<ClaimSuiteAttribute>() is { } suite
            ? new SnapshotTolerance { Alpha = suite.SnapshotAlpha, Relative = suite.SnapshotTolerance, Absolute = suite.SnapshotAbsoluteTolerance }
            : SnapshotTolerance.Default;

    static bool IsTrue(string? value) => value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));
}

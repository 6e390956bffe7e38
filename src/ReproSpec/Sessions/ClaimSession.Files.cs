using System.Collections.Concurrent;
using System.Reflection;
using ReproSpec.Claims;
using ReproSpec.Reports;
using ReproSpec.Snapshots;

namespace ReproSpec.Sessions;

/// <summary>What a session leaves behind: claim reports, saved outcomes and errors, snapshot checks, the suite summary.</summary>
public sealed partial class ClaimSession
{
    readonly ConcurrentQueue<(ClaimRecord Record, byte[]? Plot)> written = new();
    readonly ConcurrentDictionary<Assembly, IReadOnlyList<string>> orphans = new();
    readonly ConcurrentDictionary<string, Lazy<int>> claimed = new(StringComparer.Ordinal);

    readonly ConcurrentDictionary<string, string> testFailures = new(StringComparer.Ordinal);

    /// <summary>Every claim reported in this session, with its plot and any failure of its test besides the verdict, for the suite report.</summary>
    public IReadOnlyList<(ClaimRecord Record, byte[]? Plot)> Written =>
        written.Select(w => (testFailures.TryGetValue(w.Record.Test, out var failure) ? w.Record with { TestFailure = failure } : w.Record, w.Plot)).ToList();

    /// <summary>
    /// Marks a written claim's test as failed for a reason besides its verdict (its snapshot changed): the saved outcome
    /// and the claim report say so, and the suite report never shows it green.
    /// </summary>
    void RecordTestFailure(ClaimRecord record, string failure)
    {
        var root = ReportsRoot;
        testFailures[record.Test] = failure;
        var failed = record with { TestFailure = failure };
        ReportFiles.Write(ReportFiles.Outcome(root, record.Test), ReportJson.Serialize(failed));
        ReportFiles.Write(ReportFiles.Markdown(root, record.Test), ClaimMarkdown.Render(failed, File.Exists(ReportFiles.Plot(root, record.Test)) ? Path.GetFileName(ReportFiles.Plot(root, record.Test)) : null));
    }

    /// <summary>Writes a claim's report files (plot, Markdown, saved outcome) and returns their paths with a description.</summary>
    IReadOnlyList<(string Path, string Description)> WriteReports(ClaimRecord record)
    {
        var root = ReportsRoot;
        ClearStale(root);
        byte[]? plot = null;
        var files = new List<(string, string)>();
        if (host.Plot is { } draw)
        {
            try
            {
                plot = draw(record);
                var plotPath = ReportFiles.Plot(root, record.Test);
                ReportFiles.Write(plotPath, plot);
                files.Add((plotPath, "per-seed values of each arm, means and the estimate with (1 − 2α) intervals, the margin, threshold or tolerance"));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A plot that cannot be drawn (no native Skia on this machine) must not hide the verdict.
                host.Log($"[reprospec] no plot for {record.Test}: {e.GetType().Name}: {e.Message}");
                plot = null;
            }
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
    string WriteError(DeclarationError error)
    {
        ClearStale(ReportsRoot);
        var path = ReportFiles.Error(ReportsRoot, error.Test);
        ReportFiles.Write(path, ReportJson.Serialize(error));
        File.Delete(ReportFiles.Outcome(ReportsRoot, error.Test));
        return path;
    }

    /// <summary>
    /// The first time this session writes into a reports directory, it removes the saved outcomes and errors that are
    /// not of this run's kind: those of a run against another store (or of unknown origin), and those an earlier
    /// run of this same claims assembly left. A summary or gate then reads this run's files, not stale ones.
    /// </summary>
    void ClearStale(string root) => _ = claimed.GetOrAdd(Path.GetFullPath(root), r => new Lazy<int>(() => RemoveStale(r))).Value;

    int RemoveStale(string root)
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
            var stale = writer is null || writer.Store != Run.Store || writer.Assembly == Run.Assembly && writer.Id != Run.Id;
            if (!stale) continue;
            var stem = file[..^(file.EndsWith(ReportFiles.ErrorSuffix, StringComparison.Ordinal) ? ReportFiles.ErrorSuffix.Length : ReportFiles.OutcomeSuffix.Length)];
            foreach (var path in new[] { file, stem + ReportFiles.MarkdownSuffix, stem + ReportFiles.PlotSuffix }) File.Delete(path);
            removed++;
        }
        if (removed > 0) host.Log($"[reprospec] removed {removed} saved outcome(s) of earlier runs (another store, or this assembly's last run) from {root}");
        return removed;
    }

    /// <summary>The snapshot file of a claim method: beside its source file, or in <see cref="SessionSettings.SnapshotsDirectory"/>.</summary>
    public string SnapshotSource(string sourceFile) => SnapshotSource(sourceFile, Settings);

    static string SnapshotSource(string sourceFile, SessionSettings settings) =>
        settings.SnapshotsDirectory is { } redirect ? Path.Combine(redirect, Path.GetFileName(sourceFile)) : sourceFile;

    /// <summary>
    /// Checks each declared claim's design against the verified snapshot before anything trains. Returns the checks
    /// (for the snapshot written after the decision) and, when a design changed on seeds already seen, the failure
    /// message; the received snapshot then proposes the new design for `reprospec accept --reason`.
    /// </summary>
    (IReadOnlyList<DesignCheck> Checks, string? Refusal) CheckDesigns(string sourceFile, string method, IReadOnlyList<ClaimDeclaration> claims, IReadOnlyList<ClaimDesign> designs)
    {
        var source = SnapshotSource(sourceFile);
        var verifiedPath = SnapshotFiles.Verified(source, method);
        var verified = File.Exists(verifiedPath) ? ReportJson.ReadSnapshot(verifiedPath) : null;
        var recorded = PreRegistration.Match(verified, claims.Select(c => c.Sentence).ToList());
        // Seeds already seen are judged by the test Auto stood for when their results were registered (ClaimDesign.AutoTest);
        // a design on fresh seeds is a new registration, under what Auto stands for now.
        designs = designs.Select((d, i) => recorded[i] is { Design: { Test: TestKind.Auto } registered } seen && d.Test == TestKind.Auto
            && d.SeedsItMayUse().Any(seen.SeedsUsed.Contains) ? d with { AutoTest = registered.AutoMeans } : d).ToList();
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
    string? CheckSnapshot(string sourceFile, string method, DistributionSnapshot received, SnapshotTolerance tolerance, IReadOnlyList<DesignCheck> designs, out string? note)
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
        var proposal = PreRegistration.WithHistory(received.DescribingMachines(id => Store.TryGetEnvironment(id)?.Brief()).KeepingOtherEnvironments(verified), designs);
        if (comparison.Status == SnapshotStatus.Matches && designChanges.Count == 0)
        {
            if (designNotes.Count == 0 && !comparison.NewEnvironment)
            {
                if (File.Exists(receivedPath)) File.Delete(receivedPath);
                return null;
            }
            ReportFiles.Write(receivedPath, ReportJson.Serialize(proposal));
            note = string.Join("\n", designNotes.Select(n => "  - " + n).Prepend(comparison.Describe(verifiedPath, receivedPath, Store.TryGetEnvironment)));
            return null;
        }
        ReportFiles.Write(receivedPath, ReportJson.Serialize(proposal));
        var message = comparison.Status == SnapshotStatus.Matches
            ? $"Distribution snapshot {Path.GetFileName(verifiedPath)} matches the results but not their design:\n"
              + string.Concat(designChanges.Select(c => $"  - {c}\n"))
              + $"Received snapshot: {receivedPath}\nAccept it with `reprospec accept` and commit the .verified.json: the design is then recorded with the results."
            : comparison.Describe(verifiedPath, receivedPath, Store.TryGetEnvironment)
              + string.Concat(designChanges.Select(c => $"\n  - design: {c}"));
        if (comparison.Status == SnapshotStatus.New && Settings.Ci)
            message = "CI=true: a missing snapshot fails and is never accepted on CI. Run the claims locally, review and commit the .verified.json.\n" + message;
        if (comparison.Status == SnapshotStatus.Differs && !Settings.Ci && !Settings.NoDiffTool) host.OpenDiff?.Invoke(receivedPath, verifiedPath);
        return message;
    }

    /// <summary>
    /// The claim method's reproducibility card as its accepted snapshot and declaration give it, or null when it has no
    /// readable accepted snapshot. The snapshot check reports an unreadable one.
    /// </summary>
    (string Path, string Text)? Card(string sourceFile, string method, string testFullName, MethodInfo? claimMethod)
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
    string? CheckCard((string Path, string Text) card, out string? note)
    {
        note = null;
        var committed = File.Exists(card.Path) ? File.ReadAllText(card.Path).ReplaceLineEndings("\n") : null;
        if (committed == card.Text) return null;
        if (committed is not null && Settings.Ci)
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
    /// The failure belongs on the claims: a test adapter does not fail a run for an error after its last test.
    /// </summary>
    string? CheckOrphans(Assembly assembly, string sourceFile)
    {
        if (!Settings.Ci) return null;
        var fixture = Path.GetFullPath(SnapshotSource(sourceFile));
        var prefix = Path.Combine(Path.GetDirectoryName(fixture) ?? "", Path.GetFileNameWithoutExtension(fixture) + ".");
        var beside = Orphans(assembly).Where(o => o.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return beside.Count == 0 ? null : "CI=true: " + OrphanMessage(beside, " beside this fixture");
    }

    /// <summary>The assembly's orphaned snapshots, read once per session: a test run neither writes nor deletes verified snapshots.</summary>
    public IReadOnlyList<string> Orphans(Assembly assembly) => orphans.GetOrAdd(assembly, a => FindOrphans(a, Settings));

    /// <summary>Verified snapshots beside claim fixtures that no snapshot-checked claim method of the assembly owns (read from disk).</summary>
    public static IReadOnlyList<string> FindOrphans(Assembly assembly, SessionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Snapshots) return [];
        var claims = ClaimMethods(assembly)
            .Where(c => c.Source is { Snapshot: true, SourceFile.Length: > 0 })
            .Select(c => (SnapshotSource(c.Source.SourceFile, settings), c.Method.Name))
            .ToList();
        return SnapshotFiles.Orphans(claims);
    }

    /// <summary>"N orphaned snapshot(s) … delete them." with the files, one a line; <paramref name="where"/> narrows it, e.g. " beside this fixture".</summary>
    public static string OrphanMessage(IReadOnlyList<string> orphans, string where) =>
        $"{orphans.Count} orphaned snapshot(s){where} belong to no [Claim] method any more (renamed or deleted claims): delete them.\n  " +
        string.Join("\n  ", orphans);

    static IEnumerable<(MethodInfo Method, IClaimSourceFile Source)> ClaimMethods(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Source: m.GetCustomAttributes(inherit: false).OfType<IClaimSourceFile>().FirstOrDefault()))
            .Where(c => c.Source is not null)
            .Select(c => (c.Method, c.Source!));

    /// <summary>
    /// At the end of a test run: the suite record (this session's claims and errors, with <paramref name="unrunnable"/>:
    /// claim tests the test framework never ran), its reports (summary.json, card.json, summary.md, index.html, the
    /// step summary) and the orphaned-snapshot list.
    /// </summary>
    public SuiteResult Finish(Assembly? assembly, IReadOnlyList<(string Test, string Error)> unrunnable)
    {
        ArgumentNullException.ThrowIfNull(unrunnable);
        var decidedNow = Decided;
        var errors = decidedNow.Where(d => d.Error is not null).Select(d => (d.Test, d.Error!))
            .Concat(unrunnable.Where(u => decidedNow.All(d => d.Test != u.Test)))
            .DistinctBy(e => e.Item1).OrderBy(e => e.Item1, StringComparer.Ordinal).ToList();
        var writtenNow = Written;
        var runs = Started ? (Engine.TrainedTotal, Engine.CachedTotal) : (0, 0);
        var suite = new SuiteRecord(writtenNow.Select(w => w.Record).OrderBy(r => r.Test, StringComparer.Ordinal).ToList(), errors,
            string.Join(", ", writtenNow.SelectMany(w => w.Record.Environments).Distinct().Order(StringComparer.Ordinal)))
        {
            Runs = runs,
        };
        host.Log($"[reprospec] claims: {suite.Headline} ({Store.Root})");
        foreach (var (name, error) in errors) host.Log($"[reprospec]   badly declared: {name}: {error.Split('\n')[0]}");
        if (assembly is null) return new SuiteResult(suite, Store.Root, null, []);

        suite = suite with { Card = ReproducibilityCard.From(suite, CardFacts(assembly, suite, writtenNow.Where(w => w.Plot is not null).Select(w => w.Record.Test))) };
        var root = ReportsRoot;
        foreach (var (test, error) in unrunnable) WriteError(new DeclarationError(test, error) { Run = Run });
        ReportFiles.Write(Path.Combine(root, ReportFiles.SuiteJson), ReportJson.Serialize(suite.Totals(Run)));
        ReportFiles.Write(Path.Combine(root, ReportFiles.SuiteCard), ReportJson.Serialize(suite.Card));
        var plots = writtenNow.Where(w => w.Plot is not null).GroupBy(w => w.Record.Test).ToDictionary(g => g.Key, g => g.Last().Plot!);
        var (markdown, html) = WriteSuite(root, suite, plots);
        host.Log($"[reprospec] reports: {html}");
        if (Settings.StepSummary is { } summary) File.AppendAllText(summary, markdown + "\n");

        var found = Orphans(assembly);
        // Reported here for the whole assembly; on CI the claims beside each orphan have already failed (CheckOrphans).
        if (found.Count > 0) host.Log("[reprospec] " + OrphanMessage(found, ""));
        return new SuiteResult(suite, Store.Root, html, found);
    }

    /// <summary>The suite's summary.md and index.html under <paramref name="root"/> (a test run's end, `reprospec report`); returns the Markdown and the HTML file.</summary>
    public static (string Markdown, string HtmlPath) WriteSuite(string root, SuiteRecord suite, IReadOnlyDictionary<string, byte[]> plots)
    {
        var markdown = SuiteReport.Markdown(suite);
        ReportFiles.Write(Path.Combine(root, ReportFiles.SuiteMarkdown), markdown);
        var html = Path.Combine(root, ReportFiles.SuiteHtml);
        ReportFiles.Write(html, SuiteReport.Html(suite, plots));
        return (markdown, html);
    }

    /// <summary>What the card is built from, looked up now: manifests in the store, the README, the claims project's lock file, the store.</summary>
    CardFacts CardFacts(Assembly assembly, SuiteRecord suite, IEnumerable<string> plotted)
    {
        var ids = suite.Claims.SelectMany(c => c.Environments).Distinct(StringComparer.Ordinal);
        var projects = ClaimMethods(assembly)
            .Select(c => c.Source.SourceFile)
            .Where(f => !string.IsNullOrEmpty(f) && File.Exists(f))
            .Select(f => Above(Path.GetDirectoryName(f!)!, d => Directory.EnumerateFiles(d, "*.csproj").Any()))
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var repository = projects.Select(p => Above(p, d => Directory.Exists(Path.Combine(d, ".git")) || File.Exists(Path.Combine(d, ".git")))).OfType<string>().FirstOrDefault();
        // Outside a git repository (a fresh project, git not installed) the README is the one beside the claims project.
        var readmeRoot = repository ?? projects.FirstOrDefault(p => File.Exists(Path.Combine(p, "README.md")));
        var readme = readmeRoot is null ? null : Path.Combine(readmeRoot, "README.md");
        return new CardFacts
        {
            Manifests = ids.ToDictionary(id => id, Store.TryGetEnvironment, StringComparer.Ordinal),
            ReadmePath = readme is not null && File.Exists(readme) ? Path.GetRelativePath(readmeRoot!, readme) : null,
            ReadmeText = readme is not null && File.Exists(readme) ? File.ReadAllText(readme) : "",
            LockFiles = projects.Select(p => Path.Combine(p, "packages.lock.json")).Where(File.Exists)
                .Select(f => repository is null ? f : Path.GetRelativePath(repository, f)).ToList(),
            StoreRoot = Directory.Exists(Store.Root) ? Store.Root : null,
            Plotted = plotted.ToHashSet(StringComparer.Ordinal),
        };
    }

    static string? Above(string start, Func<string, bool> found)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (found(dir.FullName)) return dir.FullName;
        return null;
    }
}

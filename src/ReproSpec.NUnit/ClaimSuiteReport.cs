using System.Reflection;
using NUnit.Framework;
using ReproSpec.Reports;
using ReproSpec.Snapshots;

namespace ReproSpec.NUnit;

/// <summary>At the end of a run: the suite summary (Markdown, HTML, $GITHUB_STEP_SUMMARY) and the orphaned-snapshot check.</summary>
static class ClaimSuiteReport
{
    /// <summary>This run's claims and errors with the run's own count of distinct runs trained and read from the store.</summary>
    public static SuiteRecord Suite(IReadOnlyList<(string Test, string Error)> errors, (int Trained, int FromStore) runs)
    {
        var written = ClaimArtifacts.Written;
        return new SuiteRecord(written.Select(w => w.Record).OrderBy(r => r.Test, StringComparer.Ordinal).ToList(), errors,
            string.Join(", ", written.SelectMany(w => w.Record.Environments).Distinct().Order(StringComparer.Ordinal)))
        {
            Runs = runs,
        };
    }

    /// <param name="assembly">The claims assembly.</param>
    /// <param name="suite">The run's claims, errors and totals.</param>
    /// <param name="unrunnable">Errors of claim tests NUnit did not run (invalid attributes): saved like the others, for the gate.</param>
    public static void Finish(Assembly assembly, SuiteRecord suite, IReadOnlyList<(string Test, string Error)> unrunnable)
    {
        var written = ClaimArtifacts.Written;
        suite = suite with { Card = ReproducibilityCard.From(suite, CardFacts(assembly, suite, written.Where(w => w.Plot is not null).Select(w => w.Record.Test))) };
        var root = ClaimArtifacts.ReportRoot(assembly);
        var run = ClaimRuntime.Shared.Run;
        foreach (var (test, error) in unrunnable) ClaimArtifacts.WriteError(root, new DeclarationError(test, error) { Run = run });
        ReportFiles.Write(Path.Combine(root, ReportFiles.SuiteJson), ReportJson.Serialize(suite.Totals(run)));
        ReportFiles.Write(Path.Combine(root, ReportFiles.SuiteCard), ReportJson.Serialize(suite.Card));
        var markdown = SuiteReport.Markdown(suite);
        ReportFiles.Write(Path.Combine(root, ReportFiles.SuiteMarkdown), markdown);
        var plots = written.Where(w => w.Plot is not null).GroupBy(w => w.Record.Test).ToDictionary(g => g.Key, g => g.Last().Plot!);
        var html = Path.Combine(root, ReportFiles.SuiteHtml);
        ReportFiles.Write(html, SuiteReport.Html(suite, plots));
        TestContext.Progress.WriteLine($"[reprospec] reports: {html}");
        if (Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary)
            File.AppendAllText(summary, markdown + "\n");

        var orphans = ClaimArtifacts.Orphans(assembly);
        if (orphans.Count == 0) return;
        // Reported here for the whole assembly; on CI the claims beside each orphan have already failed (ClaimArtifacts.CheckOrphans).
        TestContext.Progress.WriteLine("[reprospec] " + OrphanMessage(orphans, ""));
    }

    /// <summary>What the card is built from, looked up now: manifests in the store, the README, the claims project's lock file, the store.</summary>
    static CardFacts CardFacts(Assembly assembly, SuiteRecord suite, IEnumerable<string> plotted)
    {
        var store = ClaimRuntime.Shared.Engine.Store;
        var ids = suite.Claims.SelectMany(c => c.Environments).Distinct(StringComparer.Ordinal);
        var projects = assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => m.GetCustomAttribute<ClaimAttribute>()?.SourceFile)
            .Where(f => !string.IsNullOrEmpty(f) && File.Exists(f))
            .Select(f => Above(Path.GetDirectoryName(f!)!, d => Directory.EnumerateFiles(d, "*.csproj").Any()))
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var repository = projects.Select(p => Above(p, d => Directory.Exists(Path.Combine(d, ".git")) || File.Exists(Path.Combine(d, ".git")))).OfType<string>().FirstOrDefault();
        // Outside a git repository (a fresh project, git not installed) the README is the one beside the claims project.
        var readmeRoot = repository ?? projects.FirstOrDefault(p => File.Exists(Path.Combine(p, "README.md")));
        var readme = readmeRoot is null ? null : Path.Combine(readmeRoot, "README.md");
        return new CardFacts
        {
            Manifests = ids.ToDictionary(id => id, store.TryGetEnvironment, StringComparer.Ordinal),
            ReadmePath = readme is not null && File.Exists(readme) ? Path.GetRelativePath(readmeRoot!, readme) : null,
            ReadmeText = readme is not null && File.Exists(readme) ? File.ReadAllText(readme) : "",
            LockFiles = projects.Select(p => Path.Combine(p, "packages.lock.json")).Where(File.Exists)
                .Select(f => repository is null ? f : Path.GetRelativePath(repository, f)).ToList(),
            StoreRoot = Directory.Exists(store.Root) ? store.Root : null,
            Plotted = plotted.ToHashSet(StringComparer.Ordinal),
        };
    }

    static string? Above(string start, Func<string, bool> found)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (found(dir.FullName)) return dir.FullName;
        return null;
    }

    /// <summary>"N orphaned snapshot(s) … delete them." with the files, one a line; <paramref name="where"/> narrows it, e.g. " beside this fixture".</summary>
    public static string OrphanMessage(IReadOnlyList<string> orphans, string where) =>
        $"{orphans.Count} orphaned snapshot(s){where} belong to no [Claim] method any more (renamed or deleted claims): delete them.\n  " +
        string.Join("\n  ", orphans);

    /// <summary>Verified snapshots beside claim fixtures that no snapshot-checked [Claim] method of the assembly owns (read from disk; see ClaimArtifacts.Orphans for the run's cached list).</summary>
    public static IReadOnlyList<string> FindOrphans(Assembly assembly)
    {
        if (!ClaimArtifacts.SnapshotsEnabled) return [];
        var claims = assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<ClaimAttribute>()))
            .Where(c => c.Attribute is { Snapshot: true, SourceFile.Length: > 0 })
            .Select(c => (ClaimArtifacts.SnapshotSource(c.Attribute!.SourceFile), c.Method.Name))
            .ToList();
        return SnapshotFiles.Orphans(claims);
    }
}

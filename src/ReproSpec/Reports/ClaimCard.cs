using System.Globalization;
using System.Text;
using ReproSpec.Snapshots;

namespace ReproSpec.Reports;

/// <summary>The paper a claim tests and what it reports (from <see cref="Claims.PaperAttribute"/>).</summary>
public sealed record PaperNumbers(string Citation, string? Reported);

/// <summary>A competitor's reported number (from <see cref="Claims.CompetitorAttribute"/>).</summary>
public sealed record CompetitorNumber(string Method, string Reported, string? Source);

/// <summary>
/// Everything a claim method's reproducibility card is made of. All of it is committed (the accepted snapshot, the
/// declaration's attributes, the lock file), so the same commit gives the same card on every machine.
/// </summary>
/// <param name="Name">The card's name: the snapshot's stem, <c>&lt;FixtureFile&gt;.&lt;Method&gt;</c>.</param>
/// <param name="Command">The command that runs this claim alone.</param>
/// <param name="Snapshot">The accepted (verified) snapshot.</param>
/// <param name="SnapshotFile">The snapshot's file name, beside the card.</param>
/// <param name="Paper">The paper and its numbers; null when the claim declares none.</param>
/// <param name="Competitors">Competitors' reported numbers.</param>
/// <param name="LockFile">The claims project's NuGet lock file (path relative to the repository) and its SHA-256; null when there is none.</param>
/// <param name="PlotFile">The file name of the claim's plot in the reports folder.</param>
public sealed record ClaimCardFacts(string Name, string Command, DistributionSnapshot Snapshot, string SnapshotFile, PaperNumbers? Paper,
    IReadOnlyList<CompetitorNumber> Competitors, (string Path, string Sha256)? LockFile, string PlotFile);

/// <summary>
/// A claim's reproducibility card (<c>&lt;FixtureFile&gt;.&lt;Method&gt;.card.md</c>, committed beside its snapshot):
/// the claim and its paper's and competitors' numbers, the command, the machines and software its values were accepted
/// on, code and data fingerprints, the evaluation protocol, the figures and the pre-registration history.
/// </summary>
public static class ClaimCard
{
    public const string Suffix = ".card.md";

    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The card file of a snapshot file: <c>X.verified.json</c> → <c>X.card.md</c>.</summary>
    public static string PathFor(string verifiedPath) =>
        verifiedPath.EndsWith(SnapshotFiles.VerifiedSuffix, StringComparison.Ordinal)
            ? verifiedPath[..^SnapshotFiles.VerifiedSuffix.Length] + Suffix
            : throw new ArgumentException($"{verifiedPath} is not a verified snapshot (*{SnapshotFiles.VerifiedSuffix}).", nameof(verifiedPath));

    public static string Render(ClaimCardFacts facts)
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        Line($"# Reproducibility card: {facts.Name}");
        Line();
        Line($"<!-- Written by ReproSpec from {facts.SnapshotFile} and the claim's declaration. `dotnet test` rewrites it when they change; with CI=true an out-of-date card fails the claim. -->");
        Line();
        foreach (var claim in facts.Snapshot.Claims) Claim(Line, claim);
        Line("## Paper and competitors");
        Line();
        Line(facts.Paper is null ? "- paper: none declared (add `[Paper(\"…\", Reported = \"…\")]` to the claim)" : $"- paper: {facts.Paper.Citation}");
        if (facts.Paper?.Reported is { } reported) Line($"- reported there: {reported}");
        foreach (var c in facts.Competitors) Line($"- competitor: {c.Method}: {c.Reported}" + (c.Source is null ? "" : $" ({c.Source})"));
        if (facts.Competitors.Count == 0) Line("- competitors' reported numbers: none declared");
        Line();
        Line("## Command");
        Line();
        Line("```sh");
        Line(facts.Command);
        Line("```");
        Line();
        Line("The runs are looked up in the run store first; each missing run is trained on the available device.");
        Line($"The claim's figure, drawn by ReproSpec from the runs (per-seed values of each arm, means, the estimate with its interval, the margin): `{facts.PlotFile}` in the reports folder (`.reprospec/reports` unless REPROSPEC_REPORTS says otherwise), with the claim's report beside it.");
        Line();
        Line("## Hardware and software");
        Line();
        Line("The per-seed values below were accepted on these machine environments (id: CPU and ISA flags, threads per run, GPU, runtime, TorchSharp, numerics variables):");
        Line();
        foreach (var (ids, machine) in Machines(facts.Snapshot)) Line($"- `{string.Join("`, `", ids)}`: {machine}");
        Line();
        Line(facts.LockFile is { } lockFile
            ? $"Package versions: `{lockFile.Path}`, SHA-256 `{lockFile.Sha256}`."
            : "Package versions: no packages.lock.json beside the claims project (versions are not pinned).");
        Line();
        Line("## Code and data");
        Line();
        Line("Code: the commit that contains this card (`git log -1 -- <this file>`); per arm, the fingerprint of the code its runs executed, its data and its parameters (the runs' key inputs):");
        Line();
        Line("| arm | experiment | code | data | parameters | version |");
        Line("| --- | --- | --- | --- | --- | --- |");
        foreach (var arm in facts.Snapshot.Claims.SelectMany(c => c.Arms).DistinctBy(a => a.Name))
        {
            var inputs = arm.Inputs;
            Line($"| {Cell(arm.Name)} | {inputs?.Experiment ?? arm.Experiment} | {Hash(inputs?.Code)} | {(inputs is null ? "not recorded" : inputs.Data.Length == 0 ? "reads no data file" : $"`{inputs.Data}`")} | {Hash(inputs?.Parameters)} | {inputs?.Version ?? "not recorded"} |");
        }
        Line();
        Line("Preprocessing (splits, subsets, scaling) is the experiment's code and parameters, so it is covered by the code and parameters fingerprints; the parameters are listed under the protocol.");
        Line();
        return text.ToString();
    }

    static void Claim(Action<string> line, ClaimSnapshot claim)
    {
        line($"## Claim: {claim.Sentence}");
        line("");
        var design = claim.Design;
        line($"- accepted verdict: **{claim.Verdict}**" + (design?.Expected is { } e ? $"; pre-registered expectation: {e}" + (design.Because is { } b ? $" because \"{b}\"" : "") : "; no pre-registered expectation recorded"));
        if (design is null)
        {
            line("- protocol: not recorded (the snapshot predates design records)");
        }
        else
        {
            line($"- hypothesis: {design.Shape}: {design.Hypothesis} on {design.Metric}");
            line(string.Create(Invariant, $"- test: {(design.Test == Claims.TestKind.Auto ? "Auto (chosen by the claim's shape and data; the claim's report names the test used)" : design.Test.ToString())}, each one-sided error rate α = {design.Alpha}; divergence: {design.Divergence}")
                 + (design.FixedSources.Count == 0 ? "" : $"; fixed sources: {string.Join(", ", design.FixedSources)}"));
            line(design.Spending is null
                ? string.Create(Invariant, $"- seeds: {design.MinSeeds} per arm from seed {design.FirstSeed}")
                : string.Create(Invariant, $"- seeds: sequential, {design.MinSeeds} to {design.MaxSeeds} per arm by {design.Batch} from seed {design.FirstSeed}, {design.Spending} spending"));
            line("- arms (experiment and parameters):");
            foreach (var arm in design.Arms) line($"  - `{arm}`");
        }
        foreach (var change in claim.History)
            line($"- design change ({change.Kind}{(change.Accepted is { } at ? ", accepted " + at.ToString("yyyy-MM-dd", Invariant) : "")}): " +
                 (change.From is null ? "design recorded with the results" : string.Join("; ", ClaimDesign.Differences(change.From, change.To)))
                 + (change.Reason is null ? "" : $"; reason: {change.Reason}"));
        line("");
        line("| arm | machine environment(s) | n | mean ± sd | median | range | seeds |");
        line("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var arm in claim.Arms)
            foreach (var set in arm.AcceptedSets)
                line($"| {Cell(arm.Name)} | {string.Join(", ", set.Environments.Select(id => $"`{id}`"))} | {Figures(set.Values)} | {SeedRange(set.Seeds)} |");
        line("");
    }

    /// <summary>Each machine environment with its description (the first set that describes it), in the order the arms name them.</summary>
    static IEnumerable<(IReadOnlyList<string> Ids, string Machine)> Machines(DistributionSnapshot snapshot)
    {
        var described = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var set in snapshot.Claims.SelectMany(c => c.Arms).SelectMany(a => a.AcceptedSets))
        {
            var machines = (set.Machine ?? "").Split("; ", StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < set.Environments.Count; i++)
            {
                // Accepted sets that merged machines list their descriptions in the order of their ids.
                var description = machines.Length == set.Environments.Count ? machines[i] : machines.Length > 0 ? string.Join("; ", machines) : null;
                if (!described.TryGetValue(set.Environments[i], out var known) || known is null) described[set.Environments[i]] = description;
            }
        }
        return described.Select(p => ((IReadOnlyList<string>)[p.Key], p.Value ?? "not described in the snapshot"));
    }

    static string Figures(IReadOnlyList<double> values)
    {
        var finite = values.Where(double.IsFinite).Order().ToArray();
        var lost = values.Count - finite.Length;
        if (finite.Length == 0) return $"0 | no finite value ({lost} diverged) | | ";
        var mean = finite.Average();
        var sd = finite.Length > 1 ? Math.Sqrt(finite.Sum(v => (v - mean) * (v - mean)) / (finite.Length - 1)) : 0;
        var median = finite.Length % 2 == 1 ? finite[finite.Length / 2] : (finite[finite.Length / 2 - 1] + finite[finite.Length / 2]) / 2;
        var n = lost == 0 ? finite.Length.ToString(Invariant) : string.Create(Invariant, $"{finite.Length} (+{lost} non-finite)");
        return string.Create(Invariant, $"{n} | {mean:G6} ± {sd:G4} | {median:G6} | {finite[0]:G6} to {finite[^1]:G6}");
    }

    static string SeedRange(IReadOnlyList<int> seeds)
    {
        if (seeds.Count == 0) return "none";
        var sorted = seeds.Order().ToList();
        var contiguous = sorted[^1] - sorted[0] == sorted.Count - 1 && sorted.Distinct().Count() == sorted.Count;
        return contiguous ? string.Create(Invariant, $"{sorted[0]}–{sorted[^1]}") : string.Join(", ", sorted);
    }

    static string Hash(string? value) => string.IsNullOrEmpty(value) ? "not recorded" : $"`{value}`";

    static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}

/// <summary>Gathers a claim method's <see cref="ClaimCardFacts"/> from its fixture's source file, its accepted snapshot and its attributes.</summary>
public static class ClaimCardSources
{
    /// <param name="fixtureSource">The fixture's source file ([CallerFilePath]); its folder and the claims project above it give the command and the lock file.</param>
    /// <param name="verifiedPath">The accepted snapshot file.</param>
    /// <param name="verified">Its content.</param>
    /// <param name="testFullName">The test's full name, for the command's filter.</param>
    /// <param name="method">The claim method: its and its class's <see cref="Claims.PaperAttribute"/> and <see cref="Claims.CompetitorAttribute"/>s.</param>
    public static ClaimCardFacts Gather(string fixtureSource, string verifiedPath, DistributionSnapshot verified, string testFullName, System.Reflection.MethodInfo? method)
    {
        var project = ProjectFolder(Path.GetDirectoryName(Path.GetFullPath(fixtureSource)));
        var repository = project is null ? null : RepositoryRoot(project);
        var where = project is null ? null : repository is null ? Path.GetFileName(project) : Relative(repository, project);
        var command = $"dotnet test {(where is null ? "" : Quote(where) + " ")}--filter \"FullyQualifiedName={testFullName}\" --logger \"console;verbosity=detailed\""
                      + (repository is null && where is not null ? "   # from the folder that holds the claims project" : "");
        var lockPath = project is null ? null : Path.Combine(project, "packages.lock.json");
        (string, string)? lockFile = lockPath is not null && File.Exists(lockPath)
            ? (repository is null ? Path.GetFileName(project!) + "/packages.lock.json" : Relative(repository, lockPath), Sha256OfText(lockPath))
            : null;
        var type = method?.DeclaringType;
        var paper = method?.GetCustomAttributes(typeof(Claims.PaperAttribute), false).OfType<Claims.PaperAttribute>().FirstOrDefault()
                    ?? type?.GetCustomAttributes(typeof(Claims.PaperAttribute), false).OfType<Claims.PaperAttribute>().FirstOrDefault();
        var competitors = (type?.GetCustomAttributes(typeof(Claims.CompetitorAttribute), false) ?? [])
            .Concat(method?.GetCustomAttributes(typeof(Claims.CompetitorAttribute), false) ?? [])
            .OfType<Claims.CompetitorAttribute>()
            .Select(c => new CompetitorNumber(c.Method, c.Reported, c.Source))
            .ToList();
        var name = Path.GetFileName(verifiedPath)[..^SnapshotFiles.VerifiedSuffix.Length];
        return new ClaimCardFacts(name, command, verified, Path.GetFileName(verifiedPath), paper is null ? null : new PaperNumbers(paper.Citation, paper.Reported), competitors, lockFile,
            ReportFiles.Stem(testFullName) + ReportFiles.PlotSuffix);
    }

    static string? ProjectFolder(string? folder)
    {
        for (var d = folder; d is not null; d = Path.GetDirectoryName(d))
            if (Directory.Exists(d) && Directory.EnumerateFiles(d, "*.csproj").Any()) return d;
        return null;
    }

    static string? RepositoryRoot(string folder)
    {
        for (var d = folder; d is not null; d = Path.GetDirectoryName(d))
            if (Directory.Exists(Path.Combine(d, ".git")) || File.Exists(Path.Combine(d, ".git"))) return d;
        return null;
    }

    static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;

    // Line endings normalised: a checkout with CRLF conversion pins the same packages.
    static string Sha256OfText(string path) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(File.ReadAllText(path).ReplaceLineEndings("\n"))));
}

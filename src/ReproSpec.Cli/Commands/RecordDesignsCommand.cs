using System.CommandLine;
using ReproSpec.Planning;
using ReproSpec.Reports;
using ReproSpec.Snapshots;

namespace ReproSpec.Cli.Commands;

/// <summary>
/// `reprospec record-designs`: writes each claim's declared design into verified snapshots written before designs
/// were recorded (their claims were pre-registered as declared). Snapshots that record a design are left alone.
/// </summary>
public static class RecordDesignsCommand
{
    public static Command Create()
    {
        var claims = new Option<FileInfo>("--claims") { Description = "The built claims assembly whose [Claim] declarations are recorded.", Required = true };
        var path = new Option<DirectoryInfo?>("--path") { Description = "Directory searched recursively for the claims' *.verified.json (default: the current directory)." };
        var command = new Command("record-designs",
            "Record the declared design in verified snapshots that predate design records (migration; snapshots with a design are not changed).") { claims, path };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            foreach (var line in Record(parse.GetRequiredValue(claims).FullName, parse.GetValue(path)?.FullName ?? Directory.GetCurrentDirectory(), DateTimeOffset.UtcNow))
                output.WriteLine(line);
            return CliExit.Ok;
        });
        return command;
    }

    /// <summary>Records the designs and returns one line per claim method: recorded, already recorded, differs, or no snapshot.</summary>
    public static IReadOnlyList<string> Record(string assemblyPath, string root, DateTimeOffset now)
    {
        if (!Directory.Exists(root)) throw new BadInputException($"--path {root} does not exist.");
        Discovery discovery;
        try
        {
            discovery = ClaimDiscovery.Discover(ClaimsAssembly.Load(assemblyPath));
        }
        catch (ClaimsLoadException e)
        {
            throw new BadInputException($"--claims: {e.Message}", e);
        }
        if (discovery.Claims.Count == 0) throw new BadInputException($"--claims: {assemblyPath} declares no claims.");
        var verified = Verified(root).ToLookup(f => Path.GetFileName(f)[..^SnapshotFiles.VerifiedSuffix.Length], StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (var method in discovery.Claims.GroupBy(c => c.Test))
        {
            // Test is Namespace.Class.Method; the snapshot stem is <FixtureFile>.<Method>, and fixture files are named after their class.
            var parts = method.Key.Split('.');
            var stem = parts.Length >= 2 ? $"{parts[^2]}.{parts[^1]}" : method.Key;
            var files = verified[stem].ToList();
            if (files.Count != 1)
            {
                lines.Add(files.Count == 0 ? $"no snapshot {stem}{SnapshotFiles.VerifiedSuffix} under {root}: {method.Key} is recorded with its first accepted result" : $"{stem}: {files.Count} snapshots of that name; none changed");
                continue;
            }
            lines.Add(RecordOne(files[0], method.ToList(), now));
        }
        return lines;
    }

    static string RecordOne(string file, IReadOnlyList<DiscoveredClaim> claims, DateTimeOffset now)
    {
        var snapshot = ReportJson.ReadSnapshot(file);
        var recorded = PreRegistration.Match(snapshot, claims.Select(c => c.Declaration.Sentence).ToList());
        var updated = snapshot.Claims.ToList();
        var notes = new List<string>();
        for (var i = 0; i < claims.Count; i++)
        {
            if (recorded[i] is not { } claim) continue;
            var declared = ClaimDesign.Declared(claims[i].Declaration, claims[i].Settings);
            if (claim.Design is { } design)
            {
                if (!design.DeclaresSameAs(declared)) notes.Add($"\"{claim.Sentence}\" records another design ({string.Join("; ", ClaimDesign.Differences(design, declared))}): left as it is; run the claims to see the continuations");
                continue;
            }
            var seeds = claim.Arms.SelectMany(a => a.Seeds).Distinct().Order().ToList();
            var withDesign = declared with { Seeds = seeds };
            updated[updated.IndexOf(claim)] = claim with
            {
                Design = withDesign,
                DesignChanges = [.. claim.History, new DesignChange(null, withDesign, DesignChangeKind.Recorded, "recorded by `reprospec record-designs`: the results were obtained under the declared design", now)],
            };
            notes.Add($"recorded the design of \"{claim.Sentence}\"");
        }
        if (!updated.SequenceEqual(snapshot.Claims)) File.WriteAllText(file, ReportJson.Serialize(new DistributionSnapshot(updated)).ReplaceLineEndings("\n"));
        return $"{Path.GetFileName(file)}: {(notes.Count == 0 ? "design already recorded" : string.Join("; ", notes))}";
    }

    static IEnumerable<string> Verified(string root)
    {
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(dir, "*" + SnapshotFiles.VerifiedSuffix).Order(StringComparer.Ordinal)) yield return file;
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                if (Path.GetFileName(sub) is "bin" or "obj" or ".git" or "node_modules" or ".reprospec") continue;
                pending.Push(sub);
            }
        }
    }
}

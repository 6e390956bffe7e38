using System.CommandLine;
using ReproSpec.Reports;
using ReproSpec.Snapshots;

namespace ReproSpec.Cli.Commands;

/// <summary>`reprospec accept`: promotes *.received.json snapshots to *.verified.json, recording any change of design with its reason.</summary>
public static class AcceptCommand
{
    public static Command Create()
    {
        var path = new Option<DirectoryInfo?>("--path") { Description = "Directory searched recursively for *.received.json (default: the current directory)." };
        var claim = new Option<string?>("--claim") { Description = "Accept only snapshots whose name (<FixtureFile>.<Method>) contains this text." };
        var reason = new Option<string?>("--reason")
        {
            Description = "Why a claim's design changed; required to accept a new design on seeds already seen, recorded in the snapshot with both designs.",
        };
        var command = new Command("accept", "Promote received distribution snapshots to verified ones (all, or --claim NAME). Review them first.") { path, claim, reason };
        command.SetAction(parse =>
        {
            var accepted = Accept(parse.GetValue(path)?.FullName ?? Directory.GetCurrentDirectory(), parse.GetValue(claim), parse.GetValue(reason));
            foreach (var file in accepted) parse.InvocationConfiguration.Output.WriteLine($"accepted {file}");
            if (accepted.Count == 0) parse.InvocationConfiguration.Output.WriteLine("nothing to accept: no *.received.json found");
            return CliExit.Ok;
        });
        return command;
    }

    /// <summary>
    /// Moves each matching received file over its verified file; returns the verified paths written. Each change of
    /// design waiting in a received snapshot is stamped with the time and <paramref name="reason"/>; a new design on
    /// seeds already seen needs a reason, and without one nothing is accepted.
    /// </summary>
    public static IReadOnlyList<string> Accept(string root, string? claim, string? reason = null)
    {
        if (reason is not null && string.IsNullOrWhiteSpace(reason)) throw new BadInputException("--reason is empty: say why the design changed.");
        if (!Directory.Exists(root)) throw new BadInputException($"--path {root} does not exist.");
        var received = Received(root).ToList();
        var matching = received.Where(f => claim is null || Path.GetFileName(f).Contains(claim, StringComparison.OrdinalIgnoreCase)).ToList();
        if (claim is not null && matching.Count == 0)
            throw new BadInputException(received.Count == 0
                ? $"no received snapshot under {root} matches --claim {claim}: there are no *.received.json files."
                : $"no received snapshot matches --claim {claim}; received: {string.Join(", ", received.Select(Path.GetFileName))}.");
        var now = DateTimeOffset.UtcNow;
        var texts = matching.Select(file => (File: file, Text: Stamped(file, reason, now))).ToList();
        var needReason = texts.Where(t => t.Text is null).Select(t => Path.GetFileName(t.File)).ToList();
        if (needReason.Count > 0)
            throw new BadInputException(
                $"{string.Join(", ", needReason)}: a claim's design changed after results were seen and the new design would be decided on seeds already used. "
                + "Accepting it is a recorded decision: add --reason \"why the design changed\" (stored in the snapshot with both designs), "
                + "or run the new design on fresh seeds (FirstSeed after the seeds used) instead. Nothing was accepted.");
        var accepted = new List<string>();
        foreach (var (file, text) in texts)
        {
            var verified = SnapshotFiles.VerifiedFor(file);
            // Snapshots are committed with LF: normalise whatever the writer used.
            File.WriteAllText(verified, text!.ReplaceLineEndings("\n"));
            File.Delete(file);
            accepted.Add(verified);
        }
        return accepted;
    }

    /// <summary>
    /// The text to write as verified: the received file itself, or, when it records changes of design not accepted
    /// yet, the snapshot with each stamped (reason, time). Null when a change needs a reason and none was given.
    /// </summary>
    static string? Stamped(string file, string? reason, DateTimeOffset now)
    {
        var text = File.ReadAllText(file);
        DistributionSnapshot? snapshot;
        try
        {
            snapshot = ReportJson.ReadSnapshot(file);
        }
        catch (InvalidDataException e)
        {
            // A verified file is what every later run is checked against: a broken one would fail them all, or pass nothing.
            throw new BadInputException($"{file} is not a valid distribution snapshot ({e.Message}); nothing was accepted. Run the claims again to write it anew.");
        }
        var pending = (snapshot.Claims ?? []).SelectMany(c => c.History).Where(c => c.Accepted is null).ToList();
        if (pending.Count == 0) return text;
        if (reason is null && pending.Any(c => c.NeedsReason)) return null;
        var claims = snapshot.Claims!.Select(c => c with
        {
            DesignChanges = c.History.Select(change => change.Accepted is null ? change with { Reason = reason ?? change.Reason, Accepted = now } : change).ToList(),
        }).ToList();
        return ReportJson.Serialize(new DistributionSnapshot(claims));
    }

    static IEnumerable<string> Received(string root)
    {
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var file in Directory.EnumerateFiles(dir, "*" + SnapshotFiles.ReceivedSuffix).Order(StringComparer.Ordinal)) yield return file;
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                var name = Path.GetFileName(sub);
                if (name is "bin" or "obj" or ".git" or "node_modules" or ".reprospec") continue;
                pending.Push(sub);
            }
        }
    }
}

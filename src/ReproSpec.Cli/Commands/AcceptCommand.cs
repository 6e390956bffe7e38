using System.CommandLine;
using ReproSpec.Snapshots;

namespace ReproSpec.Cli.Commands;

/// <summary>`reprospec accept`: promotes *.received.json snapshots to *.verified.json.</summary>
public static class AcceptCommand
{
    public static Command Create()
    {
        var path = new Option<DirectoryInfo?>("--path") { Description = "Directory searched recursively for *.received.json (default: the current directory)." };
        var claim = new Option<string?>("--claim") { Description = "Accept only snapshots whose name (<FixtureFile>.<Method>) contains this text." };
        var command = new Command("accept", "Promote received distribution snapshots to verified ones (all, or --claim NAME). Review them first.") { path, claim };
        command.SetAction(parse =>
        {
            var accepted = Accept(parse.GetValue(path)?.FullName ?? Directory.GetCurrentDirectory(), parse.GetValue(claim));
            foreach (var file in accepted) parse.InvocationConfiguration.Output.WriteLine($"accepted {file}");
            if (accepted.Count == 0) parse.InvocationConfiguration.Output.WriteLine("nothing to accept: no *.received.json found");
            return CliExit.Ok;
        });
        return command;
    }

    /// <summary>Moves each matching received file over its verified file; returns the verified paths written.</summary>
    public static IReadOnlyList<string> Accept(string root, string? claim)
    {
        if (!Directory.Exists(root)) throw new BadInputException($"--path {root} does not exist.");
        var received = Received(root).ToList();
        var matching = received.Where(f => claim is null || Path.GetFileName(f).Contains(claim, StringComparison.OrdinalIgnoreCase)).ToList();
        if (claim is not null && matching.Count == 0)
            throw new BadInputException(received.Count == 0
                ? $"no received snapshot under {root} matches --claim {claim}: there are no *.received.json files."
                : $"no received snapshot matches --claim {claim}; received: {string.Join(", ", received.Select(Path.GetFileName))}.");
        var accepted = new List<string>();
        foreach (var file in matching)
        {
            var verified = SnapshotFiles.VerifiedFor(file);
            // Snapshots are committed with LF: normalise whatever the writer used.
            File.WriteAllText(verified, File.ReadAllText(file).ReplaceLineEndings("\n"));
            File.Delete(file);
            accepted.Add(verified);
        }
        return accepted;
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

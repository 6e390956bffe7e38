using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace ReproSpec.Tests.Claims;

/// <summary>
/// The shipped claims (claims/ReproSpec.Claims) were pre-registered in git: each claim's declaration (its [Claim(...)]
/// attribute and its body: Expect, Because, design, seed range, sentence) is in a commit before the commit that added
/// its verified snapshot, is unchanged since, and the snapshot's seeds are seeds no earlier snapshot of that claim used.
/// </summary>
/// <remarks>
/// Reads the history with git, so it needs a checkout with its history (CI's clone has it); outside a git checkout it
/// is skipped, saying why. The arms a declaration names are covered by the snapshot's own design record (run keys).
/// </remarks>
public class PreRegistrationOrderTests
{
    const string ClaimsFolder = "claims/ReproSpec.Claims";

    [Test]
    public void Every_shipped_claim_was_declared_in_an_earlier_commit_than_its_first_result_on_unused_seeds()
    {
        var root = RepositoryRoot();
        if (Git(root, "rev-parse", "--is-inside-work-tree") is not { } inside || inside.Trim() != "true")
            Assert.Ignore($"{root} is not a git checkout (no history to read): the pre-registration order of the shipped claims is checked only in a clone.");
        Assert.That(Git(root, "rev-parse", "--is-shallow-repository")?.Trim(), Is.EqualTo("false"),
            "a shallow clone lacks the commits that pre-registered the claims: fetch the full history (git fetch --unshallow).");

        var (problems, table) = Audit(root);
        TestContext.Out.WriteLine(table);
        Assert.That(problems, Is.Empty, string.Join("\n", problems));
    }

    [Test]
    public void Every_shipped_claim_has_its_card_committed_beside_its_snapshot_and_a_row_in_docs_claims_md()
    {
        var root = RepositoryRoot();
        if (Git(root, "rev-parse", "--is-inside-work-tree") is not { } inside || inside.Trim() != "true")
            Assert.Ignore($"{root} is not a git checkout: the committed cards are checked only in a clone.");
        var problems = CardsAndRows(root);
        Assert.That(problems, Is.Empty, string.Join("\n", problems));
    }

    /// <summary>Claims without a committed card beside their snapshot, and fixtures with fewer rows in docs/claims.md than claims.</summary>
    static List<string> CardsAndRows(string root)
    {
        var committed = (Git(root, "ls-tree", "-r", "--name-only", "HEAD", ClaimsFolder + "/") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var docs = File.ReadAllText(Path.Combine(root, "docs", "claims.md"));
        var problems = new List<string>();
        foreach (var fixture in FixtureFiles(root))
        {
            var name = Path.GetFileNameWithoutExtension(fixture);
            var methods = ClaimMethods(Read(root, "HEAD", fixture) ?? "").ToList();
            foreach (var method in methods)
            {
                var card = $"{ClaimsFolder}/{name}.{method}.card.md";
                if (!committed.Contains(card)) problems.Add($"{name}.{method}: no committed card ({card}); run the claim (`dotnet test` writes it beside the snapshot) and commit it.");
                else if (!(Read(root, "HEAD", card) ?? "").Contains($"from {name}.{method}.verified.json", StringComparison.Ordinal))
                    problems.Add($"{card} is not the card of {name}.{method}.verified.json.");
            }
            // One table row per claim: rows link to the fixture file.
            var rows = docs.Split('\n').Count(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains($"../{ClaimsFolder}/{name}.cs)", StringComparison.Ordinal) && !l.Contains("first pre-registered attempt", StringComparison.Ordinal));
            if (rows < methods.Count) problems.Add($"docs/claims.md has {rows} row(s) for {name} but it declares {methods.Count} claim(s).");
        }
        return problems;
    }

    [Test]
    public void The_card_check_fires_on_a_claim_without_a_committed_card_or_a_docs_row()
    {
        using var repository = new ScratchRepository("reprospec-cards-");
        repository.Write($"{ClaimsFolder}/A.cs", "public class A\n{\n    [Claim(Seeds = 2)]\n    public void M() => Claim.That(X).On(\"m\").IsAtLeast(0.9);\n}\n");
        repository.Write($"{ClaimsFolder}/A.M.verified.json", "{}");
        repository.Write("docs/claims.md", $"| claim |\n|---|\n| ([A](../{ClaimsFolder}/A.cs)) |\n");
        repository.Commit("a claim and its result, no card");
        Assert.That(CardsAndRows(repository.Root), Has.One.Contains("A.M: no committed card"));

        repository.Write($"{ClaimsFolder}/A.M.card.md", "# Reproducibility card: A.M\n\n<!-- Written by ReproSpec from B.M.verified.json -->\n");
        repository.Commit("another claim's card");
        Assert.That(CardsAndRows(repository.Root), Has.One.Contains("is not the card of A.M.verified.json"));

        repository.Write($"{ClaimsFolder}/A.M.card.md", "# Reproducibility card: A.M\n\n<!-- Written by ReproSpec from A.M.verified.json -->\n");
        repository.Commit("its card");
        Assert.That(CardsAndRows(repository.Root), Is.Empty);

        repository.Write("docs/claims.md", "| claim |\n|---|\n");
        repository.Commit("its row removed");
        Assert.That(CardsAndRows(repository.Root), Has.One.Contains("docs/claims.md has 0 row(s) for A but it declares 1 claim(s)"));
    }

    [Test]
    public void The_check_fires_on_a_result_committed_with_its_declaration_a_changed_declaration_and_reused_seeds()
    {
        using var repository = new ScratchRepository("reprospec-prereg-");
        static string Fixture(string design) => $"public class A\n{{\n    /// <summary>prose</summary>\n    [Claim({design})]\n    public void M() => Claim.That(X).On(\"m\").IsAtLeast(0.9);\n}}\n";
        static string Snapshot(int first) => $"{{\"claims\":[{{\"seedsUsed\":[{first},{first + 1}]}}]}}";

        // Declaration and result in one commit: not pre-registered.
        repository.Write($"{ClaimsFolder}/A.cs", Fixture("Seeds = 2"));
        repository.Write($"{ClaimsFolder}/A.M.verified.json", Snapshot(0));
        repository.Commit("declaration with its result");
        Assert.That(Audit(repository.Root).Problems, Has.One.Contains("is not in any commit before"));

        // Re-declared on fresh seeds in a commit of its own, the old snapshot removed; then the result: passes.
        repository.Write($"{ClaimsFolder}/A.cs", Fixture("Seeds = 2, FirstSeed = 100"));
        repository.Delete($"{ClaimsFolder}/A.M.verified.json");
        repository.Commit("pre-registration");
        repository.Write($"{ClaimsFolder}/A.cs", Fixture("Seeds = 2, FirstSeed = 100").Replace("prose", "prose with the measured numbers", StringComparison.Ordinal));
        repository.Write($"{ClaimsFolder}/A.M.verified.json", Snapshot(100));
        repository.Commit("result");
        var (problems, table) = Audit(repository.Root);
        Assert.That(problems, Is.Empty);
        Assert.That(table, Does.Contain("A.M | ").And.Contain("| 100–101"));

        // The declaration edited after its result (Expect set to what was seen): fails.
        repository.Write($"{ClaimsFolder}/A.cs", Fixture("Seeds = 2, FirstSeed = 100, Expect = ExpectedVerdict.Refuted, Because = \"seen\""));
        repository.Commit("expectation changed after the result");
        Assert.That(Audit(repository.Root).Problems, Has.One.Contains("changed at or after"));

        // Re-declared in its own commit, but the new result re-uses seeds an earlier result used: fails.
        repository.Write($"{ClaimsFolder}/A.cs", Fixture("Seeds = 2, FirstSeed = 101"));
        repository.Delete($"{ClaimsFolder}/A.M.verified.json");
        repository.Commit("pre-registration on overlapping seeds");
        repository.Write($"{ClaimsFolder}/A.M.verified.json", Snapshot(101));
        repository.Commit("result");
        Assert.That(Audit(repository.Root).Problems, Has.One.Contains("seeds an earlier result of this claim used (101)"));
    }

    /// <summary>A throw-away git repository for the checks' own tests (ignored when git is not on PATH).</summary>
    sealed class ScratchRepository : IDisposable
    {
        public ScratchRepository(string prefix)
        {
            Root = Directory.CreateTempSubdirectory(prefix).FullName;
            if (Git(Root, "init", "-q") is null)
            {
                Dispose();
                Assert.Ignore("git is not on PATH.");
            }
        }

        public string Root { get; }

        public void Write(string path, string text)
        {
            var full = Path.Combine(Root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        public void Delete(string path) => File.Delete(Path.Combine(Root, path));

        public void Commit(string message)
        {
            Git(Root, "add", "-A");
            Git(Root, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", message);
        }

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }

    /// <summary>Every committed claim snapshot checked against the history: the problems found, and a table of declaring and result commits.</summary>
    static (List<string> Problems, string Table) Audit(string root)
    {
        var snapshots = (Git(root, "ls-tree", "-r", "--name-only", "HEAD", ClaimsFolder + "/") ?? "")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p.EndsWith(".verified.json", StringComparison.Ordinal)).ToList();
        var problems = new List<string>();
        var table = new StringBuilder("claim | declared in | first result in | seeds\n");
        foreach (var snapshot in snapshots)
        {
            var check = Check(root, snapshot);
            if (check.Problem is not null) problems.Add(check.Problem);
            else table.AppendLine($"{check.Claim} | {check.Declared[..7]} | {check.Result[..7]} | {check.Seeds}");
        }
        foreach (var fixture in FixtureFiles(root))
            foreach (var method in ClaimMethods(Read(root, "HEAD", fixture) ?? ""))
            {
                var expected = $"{ClaimsFolder}/{Path.GetFileNameWithoutExtension(fixture)}.{method}.verified.json";
                if (!snapshots.Contains(expected))
                    problems.Add($"{Path.GetFileNameWithoutExtension(fixture)}.{method}: no committed snapshot ({expected}); commit its declaration, run it, then commit the result.");
            }
        if (snapshots.Count == 0) problems.Add($"no committed *.verified.json under {ClaimsFolder}");
        return (problems, table.ToString());
    }

    [Test]
    public void The_declaration_of_a_claim_is_its_attribute_and_body_without_comments()
    {
        const string source = """
            /// <summary>prose that may change with the result</summary>
            public class A
            {
                // a comment
                [Claim(Seeds = 10, FirstSeed = 2000,
                    Because = "a string with // inside")]
                public void Some_claim() =>
                    Claim.Across(["x", "y"], part => { Claim.That(X).On("m").IsAtLeast(0.9); });

                [Claim(Seeds = 5)]
                public void Other() { Claim.That(Y).On("m").IsAtMost(1); }
            }
            """;
        Assert.Multiple(() =>
        {
            Assert.That(Declaration(source, "Some_claim"), Is.EqualTo(
                "[Claim(Seeds = 10, FirstSeed = 2000, Because = \"a string with // inside\")] public void Some_claim() => Claim.Across([\"x\", \"y\"], part => { Claim.That(X).On(\"m\").IsAtLeast(0.9); });"));
            Assert.That(Declaration(source, "Other"), Is.EqualTo("[Claim(Seeds = 5)] public void Other() { Claim.That(Y).On(\"m\").IsAtMost(1); }"));
            Assert.That(Declaration(source, "Missing"), Is.Null);
            Assert.That(ClaimMethods(source), Is.EqualTo(new[] { "Some_claim", "Other" }));
        });
    }

    sealed record SnapshotCheck(string Claim, string Declared, string Result, string Seeds, string? Problem);

    static SnapshotCheck Check(string root, string snapshot)
    {
        var name = Path.GetFileName(snapshot)[..^".verified.json".Length];
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var (fixture, method) = (name[..dot], name[(dot + 1)..]);
        var source = $"{ClaimsFolder}/{fixture}.cs";
        SnapshotCheck Fail(string why) => new(name, "", "", "", $"{name}: {why}");

        // The commit that added this snapshot last: a restated claim's old snapshot was deleted and a new one added.
        var result = Git(root, "log", "-n", "1", "--diff-filter=A", "--format=%H", "--", snapshot)?.Trim();
        if (string.IsNullOrEmpty(result)) return Fail("no commit adds its snapshot.");
        var final = Declaration(Read(root, "HEAD", source) ?? "", method);
        if (final is null) return Fail($"{source} at HEAD declares no claim method {method}.");
        var before = Declaration(Read(root, result + "^", source) ?? "", method);
        if (before is null)
            return Fail($"its declaration is not in any commit before {result[..7]}, the commit that added its first result: commit the declaration alone first (pre-registration), then the result.");
        if (before != final)
            return Fail($"its declaration changed at or after {result[..7]}, the commit that added its first result: a changed declaration needs a new pre-registration commit on fresh seeds (FirstSeed) and a new result.");

        // The declaring commit: the oldest commit of the unbroken run of commits, up to the result's parent, whose declaration is the final one.
        var declared = result + "^";
        foreach (var commit in (Git(root, "log", "--format=%H", result + "^", "--", source) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (Declaration(Read(root, commit, source) ?? "", method) != final) break;
            declared = commit;
        }

        var seeds = SeedsOf(Read(root, "HEAD", snapshot));
        var earlier = new SortedSet<int>();
        foreach (var commit in (Git(root, "log", "--format=%H", result + "^", "--", snapshot) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            earlier.UnionWith(SeedsOf(Read(root, commit, snapshot)));
        var reused = seeds.Intersect(earlier).ToList();
        if (reused.Count > 0)
            return Fail($"its result uses seeds an earlier result of this claim used ({string.Join(", ", reused.Take(10))}{(reused.Count > 10 ? ", …" : "")}): pre-register it on fresh seeds (FirstSeed beyond {earlier.Max}).");
        return new(name, Git(root, "rev-parse", declared)!.Trim(), result, seeds.Count == 0 ? "none" : $"{seeds.Min}–{seeds.Max}", null);
    }

    /// <summary>Every seed a snapshot's claims ran (each claim's seedsUsed, or its arms' seeds).</summary>
    static SortedSet<int> SeedsOf(string? json)
    {
        var seeds = new SortedSet<int>();
        if (json is null) return seeds;
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("claims", out var claims)) return seeds;
        foreach (var claim in claims.EnumerateArray())
        {
            if (claim.TryGetProperty("seedsUsed", out var used) && used.ValueKind == JsonValueKind.Array)
                foreach (var seed in used.EnumerateArray()) seeds.Add(seed.GetInt32());
            if (claim.TryGetProperty("arms", out var arms))
                foreach (var arm in arms.EnumerateArray())
                    if (arm.TryGetProperty("seeds", out var armSeeds) && armSeeds.ValueKind == JsonValueKind.Array)
                        foreach (var seed in armSeeds.EnumerateArray()) seeds.Add(seed.GetInt32());
        }
        return seeds;
    }

    static IEnumerable<string> FixtureFiles(string root) =>
        (Git(root, "ls-tree", "--name-only", "HEAD", ClaimsFolder + "/") ?? "")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(p => p.EndsWith(".cs", StringComparison.Ordinal));

    /// <summary>The names of the methods marked [Claim(...)] in a source file.</summary>
    internal static IEnumerable<string> ClaimMethods(string source)
    {
        var code = WithoutComments(source);
        for (var at = code.IndexOf("[Claim", StringComparison.Ordinal); at >= 0; at = code.IndexOf("[Claim", at + 1, StringComparison.Ordinal))
        {
            var open = code.IndexOf('(', code.IndexOf("void ", at, StringComparison.Ordinal));
            var start = code.IndexOf("void ", at, StringComparison.Ordinal) + "void ".Length;
            yield return code[start..open].Trim();
        }
    }

    /// <summary>
    /// A claim method's declaration, comments removed and whitespace outside strings collapsed: from its [Claim(...)]
    /// attribute to the end of its body (the ";" of an expression body or the "}" of a block); null when absent.
    /// </summary>
    internal static string? Declaration(string source, string method)
    {
        var code = WithoutComments(source);
        var signature = code.IndexOf($"void {method}(", StringComparison.Ordinal);
        if (signature < 0) return null;
        var start = code.LastIndexOf("[Claim", signature, StringComparison.Ordinal);
        if (start < 0) return null;
        var close = MatchingClose(code, code.IndexOf('(', signature));
        var rest = close + 1;
        while (rest < code.Length && char.IsWhiteSpace(code[rest])) rest++;
        int end;
        if (code[rest] == '{') end = MatchingClose(code, rest);
        else
        {
            end = rest;
            var depth = 0;
            for (var inString = false; end < code.Length; end++)
            {
                var c = code[end];
                if (c == '"' && (end == 0 || code[end - 1] != '\\')) inString = !inString;
                if (inString) continue;
                if (c is '(' or '[' or '{') depth++;
                else if (c is ')' or ']' or '}') depth--;
                else if (c == ';' && depth == 0) break;
            }
        }
        return Collapse(code[start..(end + 1)]);
    }

    static int MatchingClose(string code, int open)
    {
        var depth = 0;
        var inString = false;
        for (var i = open; i < code.Length; i++)
        {
            var c = code[i];
            if (c == '"' && code[i - 1] != '\\') inString = !inString;
            if (inString) continue;
            if (c is '(' or '[' or '{') depth++;
            else if (c is ')' or ']' or '}' && --depth == 0) return i;
        }
        return code.Length - 1;
    }

    /// <summary>The code without // and /* */ comments; string literals kept as they are.</summary>
    static string WithoutComments(string source)
    {
        var code = new StringBuilder(source.Length);
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (c == '"')
            {
                var end = i + 1;
                while (end < source.Length && !(source[end] == '"' && source[end - 1] != '\\')) end++;
                code.Append(source, i, Math.Min(end, source.Length - 1) - i + 1);
                i = end;
            }
            else if (c == '/' && i + 1 < source.Length && source[i + 1] == '/')
                while (i + 1 < source.Length && source[i + 1] != '\n') i++;
            else if (c == '/' && i + 1 < source.Length && source[i + 1] == '*')
            {
                var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? source.Length : end + 1;
            }
            else code.Append(c);
        }
        return code.ToString();
    }

    /// <summary>Runs of whitespace outside string literals become one space; a space after "(" or "[" and before ")" is dropped.</summary>
    static string Collapse(string code)
    {
        var text = new StringBuilder(code.Length);
        var inString = false;
        foreach (var c in code)
        {
            if (c == '"' && (text.Length == 0 || text[^1] != '\\')) inString = !inString;
            if (!inString && char.IsWhiteSpace(c))
            {
                if (text.Length > 0 && text[^1] is not (' ' or '(' or '[')) text.Append(' ');
                continue;
            }
            if (!inString && c is ')' or ']' && text.Length > 0 && text[^1] == ' ') text.Length--;
            text.Append(c);
        }
        return text.ToString().Trim();
    }

    static string? Read(string root, string commit, string path) => Git(root, "show", $"{commit}:{path}");

    static string? Git(string root, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using var git = Process.Start(start)!;
            var output = git.StandardOutput.ReadToEndAsync();
            git.StandardError.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 ? output.Result : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on PATH: treated like no checkout
        }
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ReproSpec.sln")))
                return dir.FullName;
        throw new InvalidOperationException("ReproSpec.sln not found above the test directory; run the tests from a source tree.");
    }
}

using System.Text.RegularExpressions;
using NUnit.Framework;

namespace ReproSpec.Samples;

/// <summary>
/// Guides cannot drift from compiled code: a ```csharp block after a <c>&lt;!-- snippet: path#region --&gt;</c> line must
/// equal that #region of that file (dedented). In docs/experiments.md, the guide to what a user writes, every block is one.
/// </summary>
public partial class DocSnippetTests
{

    [GeneratedRegex(@"<!-- snippet: (?<file>[^#\s]+)#(?<region>[\w-]+) -->\s*\n```csharp\n(?<code>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex Snippet();

    [TestCase("docs/experiments.md", 5, true)]
    [TestCase("docs/sequential-design.md", 1, false)]
    public void The_guides_csharp_blocks_are_regions_of_compiled_files(string guide, int atLeast, bool everyBlock)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), guide)).ReplaceLineEndings("\n");
        var snippets = Snippet().Matches(text);
        var blocks = Regex.Count(text, "^```csharp$", RegexOptions.Multiline);
        if (everyBlock) Assert.That(snippets, Has.Count.EqualTo(blocks), $"{guide}: every ```csharp block must follow a <!-- snippet: path#region --> line");
        Assert.That(snippets, Has.Count.GreaterThanOrEqualTo(atLeast));
        Assert.Multiple(() =>
        {
            foreach (Match snippet in snippets)
            {
                var file = snippet.Groups["file"].Value;
                var region = Region(Path.Combine(RepositoryRoot(), file), snippet.Groups["region"].Value);
                Assert.That(snippet.Groups["code"].Value, Is.EqualTo(region), $"{guide}: the block from {file}#{snippet.Groups["region"].Value} differs from the source; copy the region again");
            }
        });
    }

    static string Region(string path, string name)
    {
        Assert.That(File.Exists(path), Is.True, $"{path} does not exist");
        var lines = File.ReadAllLines(path);
        var start = Array.FindIndex(lines, l => l.Trim() == "#region " + name);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"{path} has no #region {name}");
        var end = Array.FindIndex(lines, start + 1, l => l.Trim().StartsWith("#endregion", StringComparison.Ordinal));
        var body = lines[(start + 1)..end];
        var indent = body.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", body.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ReproSpec.sln"))) return dir.FullName;
        throw new InvalidOperationException($"ReproSpec.sln not found above {TestContext.CurrentContext.TestDirectory}.");
    }
}

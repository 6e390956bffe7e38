using System.Text;

namespace ReproSpec.Reports;

/// <summary>Every report file name in one place: per claim <c>&lt;stem&gt;.md/.png/.outcome.json</c> (or <c>.error.json</c> when badly declared), per suite summary.md, summary.json and index.html.</summary>
public static class ReportFiles
{
    public const string OutcomeSuffix = ".outcome.json";
    public const string ErrorSuffix = ".error.json";
    public const string SuiteJson = "summary.json";
    public const string MarkdownSuffix = ".md";
    public const string PlotSuffix = ".png";
    public const string SuiteMarkdown = "summary.md";
    public const string SuiteHtml = "index.html";

    /// <summary>The suite's reproducibility card as the test run saw it, kept so `reprospec report` can rebuild the summaries with it.</summary>
    public const string SuiteCard = "card.json";

    /// <summary>The reports directory when REPROSPEC_REPORTS is unset (SessionSettings.Reports): <c>.reprospec/reports</c> in the same <see cref="Store.WorkspaceRoot"/> as the run store.</summary>
    public static string DefaultRoot(string start, System.Reflection.Assembly? claims = null) =>
        Path.Combine(Store.WorkspaceRoot.Of(start, claims), ".reprospec", "reports");

    /// <summary>A file-system-safe stem for a claim's test name: letters, digits, '.', '-' and '_' kept, the rest '_'.</summary>
    public static string Stem(string test)
    {
        var stem = new StringBuilder(test.Length);
        foreach (var c in test) stem.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        return stem.Length > 0 ? stem.ToString() : "claim";
    }

    /// <summary>The test name of the k-th claim a method declared: the method's name, with "#k" from the second on.</summary>
    public static string ClaimTest(string testFullName, int index) => index == 0 ? testFullName : $"{testFullName}#{index + 1}";

    public static string Outcome(string root, string test) => Path.Combine(root, Stem(test) + OutcomeSuffix);

    public static string Error(string root, string test) => Path.Combine(root, Stem(test) + ErrorSuffix);

    public static string Markdown(string root, string test) => Path.Combine(root, Stem(test) + MarkdownSuffix);

    public static string Plot(string root, string test) => Path.Combine(root, Stem(test) + PlotSuffix);

    /// <summary>Writes text with LF line endings, atomically (temporary file, then rename).</summary>
    public static void Write(string path, string text) => Write(path, Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n")));

    public static void Write(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}

using System.Globalization;
using System.Net;
using System.Text;

namespace ReproSpec.Reports;

/// <summary>The suite summary: a Markdown table (also for $GITHUB_STEP_SUMMARY) and a self-contained HTML page with the plots embedded.</summary>
public static class SuiteReport
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Markdown(SuiteRecord suite)
    {
        var md = new StringBuilder("## ReproSpec claims\n\n");
        md.Append(Invariant, $"{suite.Headline}.\n\n");
        md.Append("| | claim | the claim as written | test | effect | CI | n/arm | runs trained / cached |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var c in suite.Claims)
        {
            md.Append(Invariant, $"| {ClaimMarkdown.Icon(c)} | {ClaimMarkdown.Escape(c.Sentence)}<br>`{c.Test}` | {ClaimText.AsWritten(c.Verdict)} ({c.Verdict}) | {ClaimMarkdown.Escape(c.TestOutcome)} | {Effect(c)} | {Interval(c)} | {c.SeedsPerArm} | {c.RunsTrained} / {c.RunsCached} |\n");
        }
        foreach (var (test, error) in suite.Errors)
            md.Append(Invariant, $"| ⚠️ | `{test}` | not decided | failed: {ClaimMarkdown.Escape(error)} | | | | |\n");
        if (suite.Environment is { Length: > 0 } env) md.Append(Invariant, $"\nEnvironment: `{env}`\n");
        if (suite.Card is { } card)
        {
            md.Append("\n### Reproducibility card\n\nWhat a re-runner needs, as this run saw it (each claim's own card is in its report and beside its snapshot).\n\n| item | | what this run had |\n|---|---|---|\n");
            foreach (var item in card.Items)
                md.Append(Invariant, $"| {item.Item} | {item.StatusText} | {ClaimMarkdown.Escape(item.Detail)} |\n");
        }
        return md.ToString();
    }

    /// <param name="suite">The claims.</param>
    /// <param name="plots">Each claim's PNG by test name; claims without one get no image.</param>
    public static string Html(SuiteRecord suite, IReadOnlyDictionary<string, byte[]> plots)
    {
        static string H(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>ReproSpec claims</title>\n");
        html.Append("<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.Supported{color:#1a7f37}.Refuted{color:#cf222e}.Inconclusive{color:#9a6700}.Present{color:#1a7f37}.Missing{color:#cf222e}img{max-width:100%}section{border-top:1px solid #ddd;margin-top:2em}</style></head><body>\n");
        html.Append(Invariant, $"<h1>ReproSpec claims</h1>\n<p>{H(suite.Headline)}.</p>\n");
        if (suite.Environment is { Length: > 0 } env) html.Append(Invariant, $"<p>Environment: <code>{H(env)}</code></p>\n");
        html.Append("<table><tr><th>claim</th><th>the claim as written</th><th>test</th><th>effect</th><th>CI</th><th>n/arm</th><th>runs trained / cached</th></tr>\n");
        foreach (var c in suite.Claims)
            html.Append(Invariant, $"<tr><td><a href=\"#{H(ReportFiles.Stem(c.Test))}\">{H(c.Sentence)}</a></td><td class=\"{c.Verdict}\">{ClaimText.AsWritten(c.Verdict)} ({c.Verdict})</td><td class=\"{(c.TestFailure is null && c.MetExpectation ? "Supported" : "Refuted")}\">{H(c.TestOutcome)}</td><td>{H(Effect(c))}</td><td>{H(Interval(c))}</td><td>{c.SeedsPerArm}</td><td>{c.RunsTrained} / {c.RunsCached}</td></tr>\n");
        foreach (var (test, error) in suite.Errors)
            html.Append(Invariant, $"<tr><td><code>{H(test)}</code></td><td>not decided</td><td class=\"Refuted\">failed: {H(error)}</td><td colspan=\"4\"></td></tr>\n");
        html.Append("</table>\n");
        if (suite.Card is { } card)
        {
            html.Append("<h2>Reproducibility card</h2>\n<p>What a re-runner needs, as this run saw it.</p>\n<table><tr><th>item</th><th></th><th>what this run had</th></tr>\n");
            foreach (var item in card.Items)
                html.Append(Invariant, $"<tr><td>{H(item.Item)}</td><td class=\"{item.Status}\">{item.StatusText}</td><td>{H(item.Detail)}</td></tr>\n");
            html.Append("</table>\n");
        }
        foreach (var c in suite.Claims)
        {
            html.Append(Invariant, $"<section id=\"{H(ReportFiles.Stem(c.Test))}\"><h2 class=\"{c.Verdict}\">{c.Verdict}: {H(c.Sentence)}</h2>\n<p><code>{H(c.Test)}</code></p><p>{H(c.Reason)}</p>\n");
            if (plots.TryGetValue(c.Test, out var png))
                html.Append(Invariant, $"<img alt=\"per-seed values of each arm\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">\n");
            html.Append("<table><tr><th>arm</th><th>metric</th><th>mean ± sd</th><th>n</th><th>environment</th></tr>\n");
            foreach (var arm in c.Arms)
            {
                var s = arm.Summary;
                var stats = s is null ? "no usable runs" : string.Create(Invariant, $"{s.Mean:G4} ± {s.StandardDeviation:G3}");
                html.Append(Invariant, $"<tr><td>{H(arm.Name)}</td><td>{H(arm.Metric)}</td><td>{stats}</td><td>{s?.N ?? 0}</td><td>{H(string.Join(", ", arm.Environments))}</td></tr>\n");
            }
            html.Append(Invariant, $"</table><p>p(for) = {c.PSupport:G4}, p(against) = {c.PRefute:G4}, α = {c.Alpha:G3}</p>\n");
            if (c.Card is { } claimCard)
                html.Append(Invariant, $"<details><summary>Reproducibility card (<code>{H(c.CardPath ?? "")}</code>)</summary><pre>{H(claimCard)}</pre></details>\n");
            html.Append("</section>\n");
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }

    static string Effect(ClaimRecord c) => c.Comparison is { } t
        ? string.Create(Invariant, $"{t.Estimate:G4}")
        : c.Effects.Count > 0 ? string.Join(", ", c.Effects.Select(e => string.Create(Invariant, $"{e.Key} = {e.Value:G3}"))) : "–";

    static string Interval(ClaimRecord c) => c.Comparison is { } t ? string.Create(Invariant, $"[{t.Low:G4}, {t.High:G4}] ({ClaimText.Level(t.Level)})") : "–";
}

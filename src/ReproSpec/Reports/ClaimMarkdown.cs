using System.Globalization;
using System.Text;

namespace ReproSpec.Reports;

/// <summary>The Markdown report of one decided claim: verdict, per-arm table, test, p-values, runs.</summary>
public static class ClaimMarkdown
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <param name="record">The claim.</param>
    /// <param name="plotFile">The plot's file name relative to the report, or null for none.</param>
    public static string Render(ClaimRecord record, string? plotFile)
    {
        var md = new StringBuilder();
        md.Append(Invariant, $"# {Icon(record)} {record.Verdict}: {Escape(record.Sentence)}\n\n");
        md.Append(Invariant, $"Test: `{record.Test}`  \n");
        md.Append(Invariant, $"The claim as written: **{ClaimText.AsWritten(record.Verdict)}** ({record.Verdict}); pre-registered expectation {record.Expected}: "
                             + $"{(record.MetExpectation ? "met, so the test passes unless its snapshot fails" : "**not met**, so the test fails")}  \n");
        if (record.TestFailure is { } failure) md.Append(Invariant, $"**The test failed**: {Escape(failure)}  \n");
        if (record.PreRegistration is { } preregistration) md.Append(Invariant, $"Pre-registration: {Escape(preregistration)}  \n");
        md.Append(Invariant, $"Why: {Escape(record.Reason)}\n\n");
        if (plotFile is not null) md.Append(Invariant, $"![per-seed values of each arm]({plotFile})\n\n");
        md.Append(ArmTable(record));
        if (record.Comparison is { } t)
        {
            var df = t.DegreesOfFreedom is { } d ? string.Create(Invariant, $", df = {d:G4}") : "";
            // Equivalence and reproduction estimates are differences as measured, not oriented by the metric.
            var estimate = record.Kind is nameof(Claims.EquivalenceClaim) or nameof(Claims.ReproducesClaim) ? "estimate (as measured)" : record.Kind == nameof(Claims.ThresholdClaim) ? "mean" : "estimate (better is larger)";
            md.Append(Invariant, $"\n**{t.Name}**: {estimate} {t.Estimate:G4}, {t.Level:P1} CI [{t.Low:G4}, {t.High:G4}], statistic {t.Statistic:G4}{df}, margin {t.Margin:G4}\n");
        }
        md.Append(Invariant, $"\np(for) = {record.PSupport:G4}, p(against) = {record.PRefute:G4}, α = {record.Alpha:G3}");
        if (record.Looks > 1) md.Append(Invariant, $", decided at look {record.Looks} (nominal level {record.Threshold:G3})");
        if (record.Design.Length > 0) md.Append(Invariant, $"  \nDesign: {record.Design}");
        md.Append('\n');
        if (record.Effects.Count > 0)
            md.Append("\nEffects: ").Append(string.Join(", ", record.Effects.Select(e => string.Create(Invariant, $"{e.Key} = {e.Value:G4}")))).Append('\n');
        if (record.Parts.Count > 0)
        {
            md.Append("\n| part | verdict | p(for) | p(against) |\n|---|---|---|---|\n");
            foreach (var part in record.Parts)
                md.Append(Invariant, $"| {Escape(part.Label)} | {part.Verdict} | {part.PSupport:G3} | {part.PRefute:G3} |\n");
        }
        md.Append(Invariant, $"\nRuns: {record.RunsTrained} trained, {record.RunsCached} from the store; {record.SeedsPerArm} seeds per arm; {record.WallSeconds:F1} s.\n");
        if (record.Environments.Count > 0) md.Append(Invariant, $"Machine environment: {string.Join(", ", record.Environments.Select(e => $"`{e}`"))}\n");
        if (record.Devices.Count > 0) md.Append(Invariant, $"Trained on: {string.Join(", ", record.Devices)}\n");
        // A command arm's interpreter and packages are not in the .NET environment manifest: shown here, as its run keys hold them.
        foreach (var (arm, probe) in record.Interpreters)
            md.Append(Invariant, $"\nInterpreter of {Escape(arm)} (in its run keys; each run's stdout and stderr are in its record in the store):\n\n```text\n{probe}\n```\n");
        if (record.Card is { } card)
        {
            // The card's own headings one level down, under this report's.
            md.Append(Invariant, $"\n## Reproducibility card\n\nCommitted beside the claim's snapshot: `{record.CardPath}`\n\n");
            foreach (var line in card.Split('\n').Skip(1)) md.Append(line.StartsWith('#') ? "#" + line : line).Append('\n');
        }
        else
        {
            md.Append("\nReproducibility card: none (the claim has no accepted snapshot yet, or snapshots are off).\n");
        }
        return md.ToString();
    }

    internal static string ArmTable(ClaimRecord record)
    {
        var md = new StringBuilder("| arm | metric | mean | sd | n | median | min | max | diverged | failed |\n|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var arm in record.Arms)
        {
            var s = arm.Summary;
            md.Append(s is null
                ? $"| {Escape(arm.Name)} | {arm.Metric} | – | – | 0 | – | – | – | {arm.Diverged} | {arm.Failed} |\n"
                : string.Create(Invariant, $"| {Escape(arm.Name)} | {arm.Metric} | {s.Mean:G4} | {s.StandardDeviation:G3} | {s.N} | {s.Median:G4} | {s.Min:G4} | {s.Max:G4} | {arm.Diverged} | {arm.Failed} |\n"));
        }
        return md.ToString();
    }

    /// <summary>✅ supported as expected, ☑️ refuted or inconclusive as declared, ❌ / ❔ a verdict the claim did not declare.</summary>
    internal static string Icon(ClaimRecord record) => (record.MetExpectation, record.Verdict) switch
    {
        // A test that failed on its snapshot is never shown green, whatever its verdict.
        _ when record.TestFailure is not null => "❌",
        (true, Claims.Verdict.Supported) => "✅",
        (true, _) => "☑️",
        (false, Claims.Verdict.Inconclusive) => "❔",
        _ => "❌",
    };

    internal static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using ReproSpec.Statistics;

namespace ReproSpec.Cli.Comparisons;

/// <summary>Renders a <see cref="Comparison"/> as JSON (one object) or as text for a terminal; pure functions of the comparison.</summary>
public static class ComparisonFormat
{
    public static string AlternativeName(Alternative alternative) => alternative switch
    {
        Alternative.Greater => "greater",
        Alternative.Less => "less",
        _ => "two-sided",
    };

    /// <summary>One JSON object. Non-finite numbers (a zero-variance t statistic, an unbounded rank interval) are written as the strings "Infinity" and "-Infinity".</summary>
    public static string Json(Comparison c)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("test", c.Request.Test);
            w.WriteString("test_name", c.Result.Test);
            w.WriteString("metric", c.A.Metric);
            w.WriteString("file_a", c.A.File);
            w.WriteString("file_b", c.B.File);
            w.WriteBoolean("paired", c.Paired);
            w.WriteString("alternative", AlternativeName(c.Request.Alternative));
            Number(w, "margin", c.Request.Margin);
            Number(w, "alpha", c.Request.Alpha);
            w.WriteNumber("n_a", c.SummaryA.N);
            w.WriteNumber("n_b", c.SummaryB.N);
            Number(w, "mean_a", c.SummaryA.Mean);
            Number(w, "mean_b", c.SummaryB.Mean);
            Number(w, "sd_a", c.SummaryA.StandardDeviation);
            Number(w, "sd_b", c.SummaryB.StandardDeviation);
            Number(w, "estimate", c.Result.Estimate);
            Number(w, "statistic", c.Result.Statistic);
            if (c.Result.DegreesOfFreedom is { } df) Number(w, "df", df);
            else w.WriteNull("df");
            Number(w, "p_value", c.Result.PValue);
            if (c.PRefute is { } pRefute) Number(w, "p_refute", pRefute);
            else w.WriteNull("p_refute");
            Interval(w, "ci", c.MeanDifferenceInterval);
            Number(w, "ci_level", c.MeanDifferenceInterval.Level);
            Interval(w, "test_ci", c.Result.DifferenceInterval);
            w.WriteStartObject("effect_size");
            Number(w, "hedges_g", c.HedgesG);
            Number(w, "cliffs_delta", c.CliffsDelta);
            Number(w, "a12", c.A12);
            w.WriteEndObject();
            w.WriteString("verdict", c.Verdict.ToString().ToLowerInvariant());
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value)) w.WriteNumber(name, value);
        else w.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
    }

    static void Interval(Utf8JsonWriter w, string name, ConfidenceInterval interval)
    {
        w.WriteStartArray(name);
        foreach (var end in new[] { interval.Low, interval.High })
        {
            if (double.IsFinite(end)) w.WriteNumberValue(end);
            else w.WriteStringValue(end.ToString(CultureInfo.InvariantCulture));
        }
        w.WriteEndArray();
    }

    /// <summary>A few lines for a terminal: the question, both arms, the difference with its interval, the test and the verdict.</summary>
    public static string Text(Comparison c)
    {
        var r = c.Result;
        var relation = c.Request.Alternative switch
        {
            Alternative.Greater => ">",
            Alternative.Less => "<",
            _ => "≠",
        };
        var s = new StringBuilder();
        s.AppendLine(Invariant($"{c.A.Metric}: {c.A.File} (A) vs {c.B.File} (B), {r.Test}{(c.Paired ? ", paired by seed" : "")}"));
        var quantity = c.Request.Test is Compare.MannWhitney or Compare.Wilcoxon ? "location shift of A over B" : "mean(A) − mean(B)";
        s.AppendLine(Invariant($"  claim (H1): {quantity} {relation} {c.Request.Margin:G6}"));
        s.AppendLine(Invariant($"  A: n = {c.SummaryA.N}, mean {c.SummaryA.Mean:G6}, sd {c.SummaryA.StandardDeviation:G4}, median {c.SummaryA.Median:G6}"));
        s.AppendLine(Invariant($"  B: n = {c.SummaryB.N}, mean {c.SummaryB.Mean:G6}, sd {c.SummaryB.StandardDeviation:G4}, median {c.SummaryB.Median:G6}"));
        s.AppendLine(Invariant($"  difference of means {c.SummaryA.Mean - c.SummaryB.Mean:G6}, {c.MeanDifferenceInterval.Level:P0} CI [{c.MeanDifferenceInterval.Low:G6}, {c.MeanDifferenceInterval.High:G6}]"));
        if (c.Request.Test is not (Compare.Welch or Compare.Student or Compare.PairedT))
            s.AppendLine(Invariant($"  test estimate {r.Estimate:G6}, {r.DifferenceInterval.Level:P0} interval [{r.DifferenceInterval.Low:G6}, {r.DifferenceInterval.High:G6}]"));
        var df = r.DegreesOfFreedom is { } d ? Invariant($", df = {d:G4}") : "";
        s.AppendLine(Invariant($"  statistic = {r.Statistic:G6}{df}, p = {r.PValue:G4}{(c.PRefute is { } pr ? Invariant($" (opposite direction: p = {pr:G4})") : "")}"));
        s.AppendLine(Invariant($"  effect sizes: Hedges' g {c.HedgesG:G3}, Cliff's delta {c.CliffsDelta:G3}, A12 {c.A12:G3}"));
        s.Append(Invariant($"verdict: {c.Verdict.ToString().ToLowerInvariant()} (α = {c.Request.Alpha:G3})"));
        return s.ToString();
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

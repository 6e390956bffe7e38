using System.Globalization;
using System.Text;
using System.Text.Json;
using ReproSpec.Statistics;

namespace ReproSpec.Cli.Comparisons;

/// <summary>Renders a <see cref="Comparison"/> as JSON (one object) or as text for a terminal; pure functions of the comparison.</summary>
public static class ComparisonFormat
{
    public const string AsoName = "Almost stochastic order";

    public static string AlternativeName(Alternative alternative) => alternative switch
    {
        Alternative.Greater => "greater",
        Alternative.Less => "less",
        _ => "two-sided",
    };

    /// <summary>
    /// One JSON object. Non-finite numbers (a zero-variance t statistic, an unbounded rank interval) are written as
    /// the strings "Infinity" and "-Infinity"; fields a test does not have (ASO's p-value) are null.
    /// </summary>
    public static string Json(Comparison c)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            var r = c.Result;
            w.WriteStartObject();
            w.WriteString("test", c.Request.Test);
            w.WriteString("test_name", r?.Test ?? AsoName);
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
            Number(w, "estimate", r?.Estimate ?? c.SummaryA.Mean - c.SummaryB.Mean);
            Number(w, "statistic", r?.Statistic ?? c.Aso!.AOverB.EpsilonMin);
            Number(w, "df", r?.DegreesOfFreedom);
            Number(w, "p_value", r?.PValue);
            Number(w, "p_refute", c.PRefute);
            Interval(w, "ci", c.MeanDifferenceInterval);
            Number(w, "ci_level", c.MeanDifferenceInterval.Level);
            if (r is null) w.WriteNull("test_ci");
            else Interval(w, "test_ci", r.DifferenceInterval);
            w.WriteStartObject("effect_size");
            Number(w, "hedges_g", c.HedgesG);
            Number(w, "cliffs_delta", c.CliffsDelta);
            Number(w, "a12", c.A12);
            w.WriteEndObject();
            if (c.Aso is { } aso)
            {
                w.WriteStartObject("aso");
                Number(w, "epsilon_min", aso.AOverB.EpsilonMin);
                Number(w, "epsilon_min_reverse", aso.BOverA.EpsilonMin);
                Number(w, "violation_ratio", aso.AOverB.ViolationRatio);
                Number(w, "violation_ratio_reverse", aso.BOverA.ViolationRatio);
                Number(w, "threshold", aso.AOverB.Threshold);
                Number(w, "confidence", aso.AOverB.Confidence);
                w.WriteNumber("bootstrap", aso.AOverB.Bootstrap);
                w.WriteNumber("resample_size", aso.AOverB.ResampleSize);
                w.WriteEndObject();
            }
            w.WriteString("verdict", c.Verdict.ToString().ToLowerInvariant());
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is not { } v) w.WriteNull(name);
        else if (double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteString(name, v.ToString(CultureInfo.InvariantCulture));
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
        var quantity = c.Request.Test switch
        {
            Compare.MannWhitney or Compare.Wilcoxon => "location shift of A over B",
            Compare.Aso => "A − B in distribution (almost stochastic order)",
            _ => "mean(A) − mean(B)",
        };
        var s = new StringBuilder();
        s.AppendLine(Invariant($"{c.A.Metric}: {c.A.File} (A) vs {c.B.File} (B), {r?.Test ?? AsoName}{(c.Paired ? ", paired by seed" : "")}"));
        s.AppendLine(Invariant($"  claim (H1): {quantity} {relation} {c.Request.Margin:G6}"));
        s.AppendLine(Invariant($"  A: n = {c.SummaryA.N}, mean {c.SummaryA.Mean:G6}, sd {c.SummaryA.StandardDeviation:G4}, median {c.SummaryA.Median:G6}"));
        s.AppendLine(Invariant($"  B: n = {c.SummaryB.N}, mean {c.SummaryB.Mean:G6}, sd {c.SummaryB.StandardDeviation:G4}, median {c.SummaryB.Median:G6}"));
        s.AppendLine(Invariant($"  difference of means {c.SummaryA.Mean - c.SummaryB.Mean:G6}, {c.MeanDifferenceInterval.Level:P0} CI [{c.MeanDifferenceInterval.Low:G6}, {c.MeanDifferenceInterval.High:G6}]"));
        if (r is null)
        {
            var aso = c.Aso!;
            s.AppendLine(Invariant($"  ε_min(A over B) = {aso.AOverB.EpsilonMin:G4}, ε_min(B over A) = {aso.BOverA.EpsilonMin:G4} (dominance below τ = {aso.AOverB.Threshold:G3}; {aso.AOverB.Confidence:P0} confidence, {aso.AOverB.Bootstrap} bootstrap resamples)"));
        }
        else
        {
            if (c.Request.Test is not (Compare.Welch or Compare.Student or Compare.PairedT))
                s.AppendLine(Invariant($"  test estimate {r.Estimate:G6}, {r.DifferenceInterval.Level:P0} interval [{r.DifferenceInterval.Low:G6}, {r.DifferenceInterval.High:G6}]"));
            var df = r.DegreesOfFreedom is { } d ? Invariant($", df = {d:G4}") : "";
            s.AppendLine(Invariant($"  statistic = {r.Statistic:G6}{df}, p = {r.PValue:G4}{(c.PRefute is { } pr ? Invariant($" (opposite direction: p = {pr:G4})") : "")}"));
        }
        s.AppendLine(Invariant($"  effect sizes: Hedges' g {c.HedgesG:G3}, Cliff's delta {c.CliffsDelta:G3}, A12 {c.A12:G3}"));
        s.Append(Invariant($"verdict: {c.Verdict.ToString().ToLowerInvariant()} (α = {c.Request.Alpha:G3})"));
        return s.ToString();
    }

    static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

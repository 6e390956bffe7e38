using ReproSpec.Reports;
using ReproSpec.Statistics;
using ScottPlot;
using SkiaSharp;

namespace ReproSpec.Plots;

/// <summary>
/// The PNG of one claim: left, each arm's per-seed values as jittered points with the mean and its t interval and
/// the claim's threshold or reported mean; right, the test's estimate with its interval and the margin or tolerance.
/// Both panels use one interval level, the claim's 1 − 2α (the interval whose ends are the one-sided bounds).
/// </summary>
public static class ClaimPlot
{
    const int TitleWidth = 80;

    public static byte[] Png(ClaimRecord record, int width = 900, int height = 440)
    {
        if (width < 200 || height < 150)
            throw new ArgumentOutOfRangeException(nameof(width), $"a claim plot needs at least 200 × 150 pixels, got {width} × {height}.");
        var level = Level(record);
        var estimates = Estimates(record);
        var armsWidth = estimates.Count > 0 ? (int)(width * 0.66) : width;
        using var arms = Arms(record, level, armsWidth);
        using var difference = estimates.Count > 0 ? Estimate(record, estimates, level) : null;

        using var surface = SKSurface.Create(new SKImageInfo(width, height)) ?? throw new InvalidOperationException("SkiaSharp could not create a drawing surface.");
        surface.Canvas.Clear(SKColors.White);
        // Each panel is rendered on its own and then placed: a plot renders its background over the whole canvas.
        Place(surface.Canvas, arms, 0, armsWidth, height);
        if (difference is not null) Place(surface.Canvas, difference, armsWidth, width - armsWidth, height);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The interval level of the whole figure: the claim test's (1 − 2α), or 1 − 2α when there is none.</summary>
    static double Level(ClaimRecord record) =>
        record.Comparison?.Level ?? record.Parts.Select(p => p.Comparison?.Level).FirstOrDefault(l => l is not null) ?? 1 - 2 * record.Alpha;

    /// <summary>The estimates the right panel shows: the claim's own, or one per part (holds across, ranking); none for a threshold.</summary>
    static List<(string Label, TestRecord Test, IReadOnlyList<ReferenceLine> Lines)> Estimates(ClaimRecord record)
    {
        if (record.Parts.Count > 0)
            return record.Parts.Where(p => p.Comparison is not null && p.Kind != "ThresholdClaim")
                .Select(p => (p.Label, p.Comparison!, p.EstimateLines)).ToList();
        return record.Comparison is { } test && record.Kind != "ThresholdClaim"
            ? [("", test, record.EstimateLines)]
            : [];
    }

    static void Place(SKCanvas canvas, Plot plot, int left, int width, int height)
    {
        using var bitmap = SKBitmap.Decode(plot.GetImageBytes(width, height, ImageFormat.Png));
        canvas.DrawBitmap(bitmap, left, 0);
    }

    static Plot Arms(ClaimRecord record, double level, int width)
    {
        var plot = new Plot();
        plot.Title(Wrap(record.Verdict + ": " + record.Sentence, Math.Max(30, TitleWidth * width / 900)), 12);
        plot.YLabel(record.Arms.Count > 0 ? record.Arms[0].Metric : "");
        var ticks = new List<Tick>();
        var meanShown = false;
        var arms = Distinct(record.Arms);
        var labelWidth = Math.Clamp(width / Math.Max(1, arms.Count) / 8, 8, 26);
        for (var i = 0; i < arms.Count; i++)
        {
            var (arm, name) = arms[i];
            var color = plot.Add.Palette.GetColor(i);
            var values = arm.Values.Where(double.IsFinite).ToArray();
            ticks.Add(new Tick(i, Wrap(name, labelWidth)));
            if (values.Length == 0) continue;
            // Jitter from the seed, not a random stream: the same runs always give the same picture.
            var xs = arm.Seeds.Zip(arm.Values).Where(p => double.IsFinite(p.Second)).Select(p => i - 0.25 + 0.3 * Jitter(p.First)).ToArray();
            var points = plot.Add.Markers(xs, values, MarkerShape.FilledCircle, 6, color.WithAlpha(0.6));
            points.LegendText = "";
            var mean = values.Average();
            var meanLine = plot.Add.Line(i + 0.1, mean, i + 0.3, mean);
            meanLine.Color = Colors.Black;
            if (values.Length >= 2)
            {
                var ci = Intervals.Mean(values, level);
                var bar = plot.Add.Line(i + 0.2, ci.Low, i + 0.2, ci.High);
                bar.Color = Colors.Black;
                bar.LineWidth = 2;
                if (!meanShown) bar.LegendText = $"mean and {ClaimText.Level(level)} CI";
                meanShown = true;
            }
        }
        // A threshold or reported mean: across the panel for a one-arm claim, else a segment over each arm it belongs to.
        var shown = new HashSet<string>(StringComparer.Ordinal);
        if (record.ArmLines.Count > 0)
            foreach (var line in record.ArmLines) Reference(plot, line, -0.6, Math.Max(0.6, arms.Count - 0.4), shown);
        foreach (var part in record.Parts)
            for (var i = 0; i < arms.Count; i++)
                if (arms[i].Arm.Name.StartsWith(part.Label + ": ", StringComparison.Ordinal))
                    foreach (var line in part.ArmLines) Reference(plot, line, i - 0.45, i + 0.45, shown);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.SetLimitsX(-0.6, Math.Max(0.6, arms.Count - 0.4));
        // Below the data, so the legend never hides a point, a line or an interval.
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>
    /// The arms to draw, each once: a holds-across or ranking claim lists a shared arm (the same runs) under every
    /// condition, as "condition: name"; it is drawn once, under its own name.
    /// </summary>
    static List<(ArmRecord Arm, string Name)> Distinct(IReadOnlyList<ArmRecord> arms)
    {
        static string Key(ArmRecord a) => a.Experiment + "|" + a.Metric + "|" + string.Join(",", a.Seeds) + "|" + string.Join(",", a.Values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        static string Bare(string name) => name.IndexOf(": ", StringComparison.Ordinal) is var at and > 0 ? name[(at + 2)..] : name;
        var counts = arms.GroupBy(Key).ToDictionary(g => g.Key, g => g.Count());
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return arms.Where(a => seen.Add(Key(a))).Select(a => (a, counts[Key(a)] > 1 ? Bare(a.Name) : a.Name)).ToList();
    }

    static Plot Estimate(ClaimRecord record, List<(string Label, TestRecord Test, IReadOnlyList<ReferenceLine> Lines)> estimates, double level)
    {
        var plot = new Plot();
        var first = estimates[0].Test;
        var what = record.Kind switch
        {
            "VarianceBySourceClaim" => "Brown–Forsythe estimate: mean |deviation| difference",
            "ReproducesClaim" => "ours − reported mean",
            "EquivalenceClaim" => "difference of means",
            _ => "estimate (better is larger)",
        };
        // A no-break space keeps "90.8 %" on one line when the title wraps.
        plot.Title(Wrap($"{what}, {ClaimText.Level(level).Replace(' ', '\u00A0')} CI", 34), 11);
        var shown = new HashSet<string>(StringComparer.Ordinal);
        var values = new List<double>();
        var ticks = new List<Tick>();
        for (var i = 0; i < estimates.Count; i++)
        {
            var (label, test, lines) = estimates[i];
            foreach (var line in lines)
            {
                Reference(plot, line, i - 0.4, i + 0.4, shown);
                values.Add(line.Value);
            }
            var bar = plot.Add.Line(i, test.Low, i, test.High);
            bar.LineWidth = 3;
            bar.Color = Colors.Black;
            var marker = plot.Add.Markers(new[] { (double)i }, new[] { test.Estimate }, MarkerShape.FilledSquare, 10, Colors.Black);
            if (i == 0) marker.LegendText = "estimate";
            values.AddRange([test.Low, test.High, test.Estimate]);
            ticks.Add(new Tick(i, label.Length > 0 ? Wrap(label, Math.Max(6, 24 / estimates.Count)) : Wrap(first.Name, 18)));
        }
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.SetLimitsX(-0.7, estimates.Count - 0.3);
        var finite = values.Where(double.IsFinite).ToList();
        if (finite.Count > 0)
        {
            var low = finite.Min();
            var high = finite.Max();
            var pad = Math.Max(1e-9, (high - low) * 0.12);
            plot.Axes.SetLimitsY(low - pad, high + pad);
        }
        return plot;
    }

    /// <summary>A dashed line from x0 to x1 at the line's value; each label enters the legend once.</summary>
    static void Reference(Plot plot, ReferenceLine line, double x0, double x1, HashSet<string> shown)
    {
        if (!double.IsFinite(line.Value)) return;
        var isZero = line.Label.StartsWith("no difference", StringComparison.Ordinal) || line.Label == "equal spread";
        var segment = plot.Add.Line(x0, line.Value, x1, line.Value);
        segment.Color = isZero ? Colors.Gray : Colors.Red;
        segment.LineWidth = isZero ? 1 : 2;
        segment.LinePattern = LinePattern.Dashed;
        if (shown.Add(line.Label)) segment.LegendText = line.Label;
    }

    /// <summary>A deterministic offset in [0, 1) from a seed (SplitMix64 finaliser).</summary>
    static double Jitter(int seed)
    {
        var z = (ulong)seed + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>Breaks text into lines of at most <paramref name="width"/> characters at spaces (a longer word keeps its own line).</summary>
    public static string Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line);
                line = word;
            }
            else line = line.Length == 0 ? word : line + " " + word;
        }
        if (line.Length > 0) lines.Add(line);
        return string.Join("\n", lines);
    }
}

using ReproSpec.Reports;
using ReproSpec.Statistics;
using ScottPlot;
using SkiaSharp;

namespace ReproSpec.Plots;

/// <summary>
/// The PNG of one claim: left, each arm's per-seed values as jittered points with the mean and its 95 % t
/// interval; right, the test's estimate (better is larger) with its interval, the margin line and zero.
/// </summary>
public static class ClaimPlot
{
    public static byte[] Png(ClaimRecord record, int width = 900, int height = 420)
    {
        if (width < 200 || height < 150)
            throw new ArgumentOutOfRangeException(nameof(width), $"a claim plot needs at least 200 × 150 pixels, got {width} × {height}.");
        var hasDifference = record.Comparison is not null;
        var armsWidth = hasDifference ? (int)(width * 0.68) : width;
        using var arms = Arms(record);
        using var difference = hasDifference ? Difference(record.Comparison!) : null;

        using var surface = SKSurface.Create(new SKImageInfo(width, height)) ?? throw new InvalidOperationException("SkiaSharp could not create a drawing surface.");
        surface.Canvas.Clear(SKColors.White);
        // Each panel is rendered on its own and then placed: a plot renders its background over the whole canvas.
        Place(surface.Canvas, arms, 0, armsWidth, height);
        if (difference is not null) Place(surface.Canvas, difference, armsWidth, width - armsWidth, height);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    static void Place(SKCanvas canvas, Plot plot, int left, int width, int height)
    {
        using var bitmap = SKBitmap.Decode(plot.GetImageBytes(width, height, ImageFormat.Png));
        canvas.DrawBitmap(bitmap, left, 0);
    }

    static Plot Arms(ClaimRecord record)
    {
        var plot = new Plot();
        plot.Title(Shorten(record.Verdict + ": " + record.Sentence, 70), 13);
        plot.YLabel(record.Arms.Count > 0 ? record.Arms[0].Metric : "");
        var ticks = new List<Tick>();
        for (var i = 0; i < record.Arms.Count; i++)
        {
            var arm = record.Arms[i];
            var color = plot.Add.Palette.GetColor(i);
            var values = arm.Values.Where(double.IsFinite).ToArray();
            ticks.Add(new Tick(i, Shorten(arm.Name, 24)));
            if (values.Length == 0) continue;
            // Jitter from the seed, not a random stream: the same runs always give the same picture.
            var xs = arm.Seeds.Zip(arm.Values).Where(p => double.IsFinite(p.Second)).Select(p => i - 0.25 + 0.3 * Jitter(p.First)).ToArray();
            var points = plot.Add.Markers(xs, values, MarkerShape.FilledCircle, 6, color.WithAlpha(0.6));
            points.LegendText = "";
            var mean = values.Average();
            plot.Add.Line(i + 0.1, mean, i + 0.3, mean).Color = Colors.Black;
            if (values.Length >= 2)
            {
                var ci = Intervals.Mean(values, 0.95);
                var bar = plot.Add.Line(i + 0.2, ci.Low, i + 0.2, ci.High);
                bar.Color = Colors.Black;
                bar.LineWidth = 2;
            }
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.SetLimitsX(-0.6, Math.Max(0.6, record.Arms.Count - 0.4));
        return plot;
    }

    static Plot Difference(TestRecord test)
    {
        var plot = new Plot();
        plot.Title("estimate, better is larger", 12);
        var margin = plot.Add.HorizontalLine(test.Margin, 2, Colors.Red, LinePattern.Dashed);
        margin.LegendText = $"margin {test.Margin:G3}";
        plot.Add.HorizontalLine(0, 1, Colors.Gray).LegendText = "0";
        var bar = plot.Add.Line(0, test.Low, 0, test.High);
        bar.LineWidth = 3;
        bar.Color = Colors.Black;
        plot.Add.Markers(new[] { 0.0 }, new[] { test.Estimate }, MarkerShape.FilledSquare, 10, Colors.Black).LegendText = "estimate";
        plot.ShowLegend(Alignment.LowerRight);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([new Tick(0, $"{test.Level:P0} CI")]);
        plot.Axes.SetLimitsX(-1, 1);
        var low = new[] { test.Low, test.Margin, 0, test.Estimate }.Where(double.IsFinite).Min();
        var high = new[] { test.High, test.Margin, 0, test.Estimate }.Where(double.IsFinite).Max();
        var pad = Math.Max(1e-9, (high - low) * 0.1);
        plot.Axes.SetLimitsY(low - pad, high + pad);
        return plot;
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

    static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Plots;
using ReproSpec.Reports;
using ReproSpec.Statistics;

namespace ReproSpec.Tests.Reports;

/// <summary>The reference lines each claim shape puts on its plot, and plots of the shapes that carry them.</summary>
public class PlotLineTests
{
    static readonly Arm A = new("a", new Planning.Alternating(0.9, 0.01));
    static readonly Arm B = new("b", new Planning.Alternating(0.8, 0.01));

    static ClaimRecord Record(ClaimDeclaration claim) => ClaimRecord.From(new ClaimOutcome
    {
        Claim = claim,
        Settings = new ClaimSettings(),
        Verdict = Verdict.Supported,
        Reason = "",
        Arms = claim.Arms.Select(a => new ArmResult(a.Name, a.Name, "accuracy", [0, 1, 2], [0.9, 0.91, 0.92], 0, 0)).ToList(),
    }, "T");

    [Test]
    public void A_threshold_is_labelled_threshold_and_a_margin_margin()
    {
        var threshold = Record(new ThresholdClaim(A, Metric.Named("accuracy"), 0.95, AtLeast: true));
        var beats = Record(new BeatsClaim(A, B, Metric.Named("accuracy"), 0.03));
        var beatsByZero = Record(new BeatsClaim(A, B, Metric.Named("accuracy")));
        var reproduces = Record(new ReproducesClaim(A, Metric.Named("accuracy"), new ReportedResult(0.953, 0.051, 5, "page"), 0.05));
        var variance = Record(new VarianceBySourceClaim(A, Metric.Named("accuracy"), "split", "init"));
        Assert.Multiple(() =>
        {
            Assert.That(threshold.ArmLines.Single(), Is.EqualTo(new ReferenceLine("threshold 0.95", 0.95)));
            Assert.That(threshold.EstimateLines, Is.Empty, "a threshold is not a margin and has no zero line");
            Assert.That(beats.EstimateLines.Select(l => l.Label), Is.EqualTo(new[] { "margin 0.03", "no difference" }));
            Assert.That(beatsByZero.EstimateLines.Single().Label, Is.EqualTo("no difference (margin 0)"), "one line, not a margin and a 0 on top of it");
            Assert.That(reproduces.ArmLines.Single().Value, Is.EqualTo(0.953));
            Assert.That(reproduces.EstimateLines.Select(l => l.Value), Is.EqualTo(new[] { 0.05, -0.05 }));
            Assert.That(reproduces.ReportedSource, Does.Contain("page"));
            Assert.That(variance.EstimateLines.Single().Label, Is.EqualTo("equal spread"));
        });
    }

    [Test]
    public void Holds_across_parts_keep_their_own_lines_and_every_shape_plots()
    {
        var across = Record(new HoldsAcrossClaim([("x", new ThresholdClaim(A, Metric.Named("accuracy"), 0.9, AtLeast: true))]));
        var withParts = Sample.Claim() with
        {
            Comparison = null,
            Arms = [new ArmRecord("wine: a", "a", "accuracy", [0, 1, 2], [0.9, 0.95, 0.97], 0, 0, [])],
            Parts = [Sample.Claim() with { Label = "wine", Kind = "ThresholdClaim", ArmLines = [new ReferenceLine("threshold 0.9", 0.9)] }],
        };
        Assert.Multiple(() =>
        {
            Assert.That(across.ArmLines, Is.Empty);
            Assert.That(ClaimPlot.Png(withParts), Is.Not.Empty);
            Assert.That(ClaimPlot.Png(Sample.Claim() with { Kind = "ThresholdClaim", ArmLines = [new ReferenceLine("threshold 0.8", 0.8)] }), Is.Not.Empty);
        });
    }

    [Test]
    public void Long_titles_are_wrapped_not_cut()
    {
        var sentence = string.Join(' ', Enumerable.Repeat("softmax regression (breast_cancer)", 6));
        var wrapped = ClaimPlot.Wrap(sentence, 40);
        Assert.Multiple(() =>
        {
            Assert.That(wrapped.Replace('\n', ' '), Is.EqualTo(sentence), "no word is lost");
            Assert.That(wrapped.Split('\n').Max(l => l.Length), Is.LessThanOrEqualTo(40));
        });
    }

    [TestCase(0.9, "90 %")]
    [TestCase(0.95, "95 %")]
    [TestCase(0.99662, "99.7 %")]
    [TestCase(0.9080, "90.8 %")]
    public void A_sequential_looks_interval_level_is_not_rounded_to_100_percent(double level, string text) =>
        Assert.That(ClaimText.Level(level), Is.EqualTo(text));
}

using ReproSpec.Claims;
using ReproSpec.Plots;
using ReproSpec.Reports;

namespace ReproSpec.Tests.Reports;

public class ReportTests
{
    [Test]
    public void Claim_markdown_shows_verdict_arms_test_and_runs()
    {
        var md = ClaimMarkdown.Render(Sample.Claim(), "plot.png");
        Assert.Multiple(() =>
        {
            Assert.That(md, Does.StartWith("# ✅ Supported: mlp beats linear on accuracy by ≥ 0.03"));
            Assert.That(md, Does.Contain("![per-seed values of each arm](plot.png)"));
            Assert.That(md, Does.Contain("| mlp | accuracy | 0.8989 | 0.00743 | 10 | 0.8986 | 0.8866 | 0.9088 | 0 | 0 |"));
            Assert.That(md, Does.Contain("**Paired t**"));
            Assert.That(md, Does.Contain("Runs: 12 trained, 8 from the store"));
            Assert.That(md, Does.Contain("decided at look 2").And.Contain("Design: sequential, 5 to 20 seeds per arm by 5, Pocock spending"));
            Assert.That(md, Does.Contain("`env-1`"));
        });
    }

    [Test]
    public void Saved_outcomes_round_trip()
    {
        var record = Sample.Claim(verdict: Verdict.Refuted, expected: Verdict.Refuted);
        var path = Path.Combine(Path.GetTempPath(), $"rt-{Guid.NewGuid():N}.outcome.json");
        try
        {
            File.WriteAllText(path, ReportJson.Serialize(record));
            var back = ReportJson.ReadClaim(path);
            Assert.Multiple(() =>
            {
                Assert.That(back.Verdict, Is.EqualTo(Verdict.Refuted));
                Assert.That(back.MetExpectation, Is.True);
                Assert.That(back.Arms[1].Values, Is.EqualTo(record.Arms[1].Values));
                Assert.That(back.Comparison, Is.EqualTo(record.Comparison));
                Assert.That(back.Design, Is.EqualTo(record.Design));
                Assert.That(ClaimMarkdown.Render(back, null), Is.EqualTo(ClaimMarkdown.Render(record, null)));
            });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void A_damaged_saved_outcome_names_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.outcome.json");
        File.WriteAllText(path, "{ not json");
        try
        {
            Assert.That(() => ReportJson.ReadClaim(path), Throws.TypeOf<InvalidDataException>().With.Message.Contain(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Suite_markdown_and_html_list_every_claim_and_embed_plots()
    {
        var supported = Sample.Claim("A.Supported");
        var refuted = Sample.Claim("A.Refuted", verdict: Verdict.Refuted);
        var suite = new SuiteRecord([supported, refuted], [("A.Broken", "unknown metric \"acuracy\"")], "env-1");
        var md = SuiteReport.Markdown(suite);
        var html = SuiteReport.Html(suite, new Dictionary<string, byte[]> { ["A.Supported"] = [0x89, 0x50, 0x4E, 0x47] });
        Assert.Multiple(() =>
        {
            Assert.That(md, Does.Contain("1 supported, 1 refuted, 0 inconclusive, 1 badly declared; runs: 24 trained, 16 from the store"));
            Assert.That(md, Does.Contain("| Not reproduced (Refuted) | failed: verdict Refuted, expected Supported |"));
            Assert.That(html, Does.Contain("data:image/png;base64,iVBORw=="));
            Assert.That(html, Does.Contain("unknown metric &quot;acuracy&quot;"));
            Assert.That(html, Does.Contain("Environment: <code>env-1</code>"));
        });
    }

    [Test]
    public void File_stems_are_file_system_safe()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ReportFiles.Stem("Ns.Fixture.Method(\"a/b\")"), Is.EqualTo("Ns.Fixture.Method__a_b__"));
            Assert.That(ReportFiles.ClaimTest("Ns.F.M", 1), Is.EqualTo("Ns.F.M#2"));
            Assert.That(ReportFiles.Stem(ReportFiles.ClaimTest("Ns.F.M", 1)), Is.EqualTo("Ns.F.M_2"));
        });
    }

    [Test]
    public void The_claim_plot_is_a_png_of_the_requested_size()
    {
        var png = ClaimPlot.Png(Sample.Claim(), 900, 420);
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "claim-plot-sample.png");
        File.WriteAllBytes(path, png);
        TestContext.AddTestAttachment(path, "sample claim plot");
        // PNG signature, then the IHDR chunk's big-endian width and height.
        Assert.Multiple(() =>
        {
            Assert.That(png.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));
            Assert.That(System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), Is.EqualTo(900));
            Assert.That(System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)), Is.EqualTo(420));
        });
    }

    [Test]
    public void A_claim_without_a_test_or_usable_runs_still_plots()
    {
        var record = Sample.Claim() with { Comparison = null, Arms = [new ArmRecord("x", "x", "loss", [], [], 3, 0, [])] };
        Assert.That(ClaimPlot.Png(record), Is.Not.Empty);
    }
}

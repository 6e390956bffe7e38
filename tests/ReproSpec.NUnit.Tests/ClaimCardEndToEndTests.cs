using ReproSpec.Reports;

namespace ReproSpec.NUnit.Tests;

/// <summary>
/// The per-claim reproducibility card through `dotnet test` on a copy of tests/ReproSpec.PreRegistration.Sample: written
/// beside the accepted snapshot and shown in the claim's report; the same on every later run; with CI=true an
/// out-of-date card fails the claim whether the card, the claim's [Paper] attribute or the accepted snapshot changed,
/// and without CI it is rewritten.
/// </summary>
[NonParallelizable]
public class ClaimCardEndToEndTests
{
    const string Fixture = "PreRegisteredClaims.cs";
    const string Card = "PreRegisteredClaims.Reversed_claim_is_refuted.card.md";
    const string Snapshot = "PreRegisteredClaims.Reversed_claim_is_refuted.verified.json";
    const string Citation = "Sample et al. 2026, Table 1";
    const string Declaration = "    [Claim(Seeds = 5,";

    static readonly IReadOnlyDictionary<string, string> OnCi = new Dictionary<string, string> { ["CI"] = "true" };

    SampleCopy copy = null!;
    string written = "";

    [OneTimeSetUp]
    public void AcceptTheFirstResult()
    {
        copy = new SampleCopy("ReproSpec.PreRegistration.Sample", "card");
        copy.Edit(Fixture, Declaration,
            $"    [Paper(\"{Citation}\", Reported = \"b below a by 1.0\")]\n    [Competitor(\"the reversed baseline\", \"0.5 ± 0.1\", Source = \"Other et al. 2025\")]\n" + Declaration);
        copy.Build();
        Assert.That(copy.Test().Code, Is.Not.Zero, "a new snapshot fails until accepted");
        Assert.That(copy.Accept().Code, Is.Zero);
        var run = copy.Test();
        Assert.That(run.Code, Is.Zero, run.Output);
        Assert.That(run.Output, Does.Contain("Reproducibility card written"), run.Output);
        written = File.ReadAllText(copy.PathOf(Card));
    }

    [OneTimeTearDown]
    public void Clean() => copy.Dispose();

    [SetUp]
    public void RestoreTheCard() => File.WriteAllText(copy.PathOf(Card), written);

    [Test]
    public void The_card_holds_what_a_re_runner_needs_and_the_report_shows_it()
    {
        var report = File.ReadAllText(ReportFiles.Markdown(copy.Reports, "ReproSpec.PreRegistration.Sample.PreRegisteredClaims.Reversed_claim_is_refuted"));
        Assert.Multiple(() =>
        {
            Assert.That(written, Does.Contain($"- paper: {Citation}"));
            Assert.That(written, Does.Contain("- competitor: the reversed baseline: 0.5 ± 0.1 (Other et al. 2025)"));
            Assert.That(written, Does.Contain("accepted verdict: **Refuted**; pre-registered expectation: Refuted because \"the reversed claim: b is lower than a\""));
            Assert.That(written, Does.Contain("--filter \"FullyQualifiedName=ReproSpec.PreRegistration.Sample.PreRegisteredClaims.Reversed_claim_is_refuted\""));
            Assert.That(written, Does.Contain("- seeds: 5 per arm from seed 0"));
            Assert.That(written, Does.Match(@"\| pre-b \| `[0-9a-f]{16}` \| 5 \| "), "each arm's figures on its machine environment");
            Assert.That(written, Does.Match(@"- `[0-9a-f]{16}`: .*thread\(s\) per run"), "the machine the values were accepted on");
            Assert.That(written, Does.Match(@"\| pre-b \| Gaussian \| `[0-9a-f]{16}` \| reads no data file \| `[0-9a-f]{16}` \| 1 \|"), "code and parameter fingerprints");
            Assert.That(written, Does.Contain("`ReproSpec.PreRegistration.Sample.PreRegisteredClaims.Reversed_claim_is_refuted.png` in the reports folder"));
            Assert.That(File.Exists(Path.Combine(copy.Reports, "ReproSpec.PreRegistration.Sample.PreRegisteredClaims.Reversed_claim_is_refuted.png")), "the figure the card names is drawn");
            Assert.That(report, Does.Contain("## Reproducibility card"));
            Assert.That(report, Does.Contain(copy.PathOf(Card)));
            Assert.That(report, Does.Contain($"- paper: {Citation}"));
        });
    }

    [Test]
    public void A_current_card_passes_on_ci_and_is_left_as_it_is()
    {
        var run = copy.Test(settings: OnCi);
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.Zero, run.Output);
            Assert.That(run.Output, Does.Not.Contain("Reproducibility card"));
            Assert.That(File.ReadAllText(copy.PathOf(Card)), Is.EqualTo(written));
        });
    }

    [Test]
    public void An_edited_card_fails_on_ci_and_is_rewritten_locally()
    {
        File.WriteAllText(copy.PathOf(Card), written.Replace("accepted verdict: **Refuted**", "accepted verdict: **Supported**", StringComparison.Ordinal));
        var ci = copy.Test(settings: OnCi);
        Assert.Multiple(() =>
        {
            Assert.That(ci.Code, Is.Not.Zero, ci.Output);
            Assert.That(ci.Output, Does.Contain($"the reproducibility card {copy.PathOf(Card)} is out of date"));
            Assert.That(ci.Output, Does.Contain("accepted verdict: **Supported**"), "names the line that differs");
            Assert.That(File.ReadAllText(copy.PathOf(Card)), Does.Contain("**Supported**"), "CI leaves the committed card as it is");
        });
        var local = copy.Test();
        Assert.Multiple(() =>
        {
            Assert.That(local.Code, Is.Zero, local.Output);
            Assert.That(local.Output, Does.Contain("Reproducibility card rewritten"));
            Assert.That(File.ReadAllText(copy.PathOf(Card)), Is.EqualTo(written));
        });
    }

    [Test]
    public void A_changed_paper_attribute_makes_the_card_out_of_date_on_ci()
    {
        var run = copy.TestEdited(Fixture, Citation, "Sample et al. 2026, Table 2", OnCi);
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.Not.Zero, run.Output);
            Assert.That(run.Output, Does.Contain("is out of date"));
            Assert.That(run.Output, Does.Contain("Table 2"));
        });
    }

    [Test]
    public void A_snapshot_accepted_on_another_machine_makes_the_card_out_of_date_on_ci()
    {
        var path = copy.PathOf(Snapshot);
        var accepted = File.ReadAllText(path);
        try
        {
            // The machine description is for readers: the snapshot check ignores it, the card shows it.
            File.WriteAllText(path, accepted.Replace("thread(s) per run", "thread(s) per run on another rack", StringComparison.Ordinal));
            var run = copy.Test(settings: OnCi);
            Assert.Multiple(() =>
            {
                Assert.That(run.Code, Is.Not.Zero, run.Output);
                Assert.That(run.Output, Does.Contain("is out of date"));
                Assert.That(run.Output, Does.Contain("another rack"));
            });
        }
        finally
        {
            File.WriteAllText(path, accepted);
        }
    }
}

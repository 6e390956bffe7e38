using ReproSpec.Cli.Commands;
using ReproSpec.Reports;

namespace ReproSpec.NUnit.Tests;

/// <summary>
/// Pre-registration through the path a user takes: tests/ReproSpec.PreRegistration.Sample is copied to a temporary
/// directory, its claim decided and its snapshot accepted; then its declaration is edited (margin, seeds, Because),
/// the copy rebuilt, and `dotnet test` run again each time. A design changed on the seeds already seen must fail
/// with "design changed after results were seen" until `reprospec accept --reason` records it; fresh seeds decide;
/// an edited expectation (Because) is refused like any change of design until accepted, and the report shows it; a
/// snapshot recorded when Auto was the paired t keeps it on the seeds it saw (issue #25).
/// </summary>
[NonParallelizable]
public class PreRegistrationEndToEndTests
{
    const string TestName = "Reversed_claim_is_refuted";

    SampleCopy copy = null!;
    string Verified => copy.PathOf("PreRegisteredClaims." + TestName + ".verified.json");
    string Received => copy.PathOf("PreRegisteredClaims." + TestName + ".received.json");

    [OneTimeSetUp]
    public void CopyTheSample() => copy = new SampleCopy("ReproSpec.PreRegistration.Sample", "prereg e2e");

    [OneTimeTearDown]
    public void Clean() => copy.Dispose();

    [Test]
    public void A_design_changed_after_results_were_seen_fails_until_accepted_with_a_reason_and_fresh_seeds_decide()
    {
        // 1. First decision: the snapshot is new; accepting it records the design with the results.
        Build();
        var first = Test();
        Assert.That(first.Output, Does.Contain("New distribution snapshot"), first.Output);
        Assert.That(Accept().Code, Is.EqualTo(CliExit.Ok));
        var recorded = ReportJson.ReadSnapshot(Verified).Claims.Single();
        Assert.Multiple(() =>
        {
            Assert.That(recorded.Design, Is.Not.Null, "the accepted snapshot records the design");
            Assert.That(recorded.Design!.Hypothesis, Is.EqualTo("challenger − baseline > 0"));
            Assert.That(recorded.Design.Seeds, Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
            Assert.That(recorded.Design.AutoTest, Is.EqualTo(Claims.TestKind.SkewRobustPairedT), "what Auto stood for is recorded with the design");
            Assert.That(first.Output, Does.Contain(SkewRobust));
            Assert.That(Test().Code, Is.Zero, "the recorded design decides the claim again");
        });

        // 2. The margin changes after the results were seen: refused, with both designs and the continuations.
        Edit(".ByAtLeast(0)", ".ByAtLeast(0.5)");
        Build();
        var changed = Test();
        Assert.Multiple(() =>
        {
            Assert.That(changed.Code, Is.Not.Zero, changed.Output);
            Assert.That(changed.Output, Does.Contain("design changed after results were seen"));
            Assert.That(changed.Output, Does.Contain("recorded: beats: challenger − baseline > 0 on score"));
            Assert.That(changed.Output, Does.Contain("declared: beats: challenger − baseline > 0.5 on score"));
            Assert.That(changed.Output, Does.Contain("add FirstSeed = 5"));
            Assert.That(changed.Output, Does.Contain("reprospec accept --claim PreRegisteredClaims." + TestName + " --reason"));
            Assert.That(changed.Output, Does.Not.Contain("REFUTED:"), "the claim is not decided on the reused seeds");
        });

        // 3. Accepting the reuse needs a reason; with one, both designs and the reason are stored and the claim decides.
        var bare = Accept();
        Assert.Multiple(() =>
        {
            Assert.That(bare.Code, Is.EqualTo(CliExit.BadInput), bare.Output);
            Assert.That(bare.Output, Does.Contain("--reason"));
            Assert.That(File.Exists(Received), Is.True, "nothing was accepted");
        });
        Assert.That(Accept("--reason", "the margin was mistyped: the paper states 0.5").Code, Is.EqualTo(CliExit.Ok));
        var accepted = ReportJson.ReadSnapshot(Verified).Claims.Single();
        var change = accepted.History.Single();
        Assert.Multiple(() =>
        {
            Assert.That(change.Reason, Is.EqualTo("the margin was mistyped: the paper states 0.5"));
            Assert.That(change.Kind, Is.EqualTo(Snapshots.DesignChangeKind.SeedsReused));
            Assert.That(change.From!.Hypothesis, Is.EqualTo("challenger − baseline > 0"));
            Assert.That(change.To.Hypothesis, Is.EqualTo("challenger − baseline > 0.5"));
            Assert.That(change.Accepted, Is.Not.Null);
        });
        var decided = Test();
        Assert.Multiple(() =>
        {
            Assert.That(decided.Code, Is.Zero, decided.Output);
            Assert.That(decided.Output, Does.Contain("REFUTED: pre-b beats pre-a on score (higher is better) by at least 0.5"));
        });

        // 4. The expectation is pre-registered with the design: editing Because (or Expect) after the results were seen is
        //    refused like any change of design, until accepted with a reason; the report then shows the change.
        Edit("the reversed claim: b is lower than a", "b is one unit below a");
        Build();
        var reworded = Test();
        Assert.Multiple(() =>
        {
            Assert.That(reworded.Code, Is.Not.Zero, reworded.Output);
            Assert.That(reworded.Output, Does.Contain("design changed after results were seen"));
            Assert.That(reworded.Output, Does.Contain("Because: the reversed claim: b is lower than a → b is one unit below a"));
        });
        Assert.That(Accept("--reason", "reworded for the paper's wording").Code, Is.EqualTo(CliExit.Ok));
        var explained = Test();
        var report = File.ReadAllText(Directory.EnumerateFiles(copy.Reports, "*" + ReportFiles.MarkdownSuffix).Single(f => f.Contains(TestName, StringComparison.Ordinal)));
        Assert.Multiple(() =>
        {
            Assert.That(explained.Code, Is.Zero, explained.Output);
            Assert.That(explained.Output, Does.Contain("pre-registration: expected Refuted"));
            Assert.That(report, Does.Contain("reworded for the paper's wording"), "the claim's report shows the accepted change and its reason");
        });

        // 5. More seeds on fresh seeds (after 0–4) decide, and the new design is recorded when the snapshot is accepted.
        //    (More seeds on the seeds already seen are refused like the margin: PreRegistrationTests.)
        Edit("Seeds = 5,", "Seeds = 8, FirstSeed = 5,");
        Build();
        var fresh = Test();
        Assert.Multiple(() =>
        {
            Assert.That(fresh.Output, Does.Contain("REFUTED: pre-b beats pre-a"), fresh.Output);
            Assert.That(fresh.Output, Does.Contain("new design on fresh seeds 5–12"));
            Assert.That(fresh.Output, Does.Not.Contain("design changed after results were seen"));
        });
        Assert.That(Accept().Code, Is.EqualTo(CliExit.Ok), "fresh seeds need no reason");
        var continued = ReportJson.ReadSnapshot(Verified).Claims.Single();
        Assert.Multiple(() =>
        {
            Assert.That(continued.Design!.Seeds, Is.EqualTo(Enumerable.Range(5, 8)));
            Assert.That(continued.History.Select(c => c.Kind), Is.EqualTo(new[] { Snapshots.DesignChangeKind.SeedsReused, Snapshots.DesignChangeKind.SeedsReused, Snapshots.DesignChangeKind.FreshSeeds }));
            Assert.That(Test().Code, Is.Zero);
        });

        // 6. What Auto stood for is part of the registration (issue #25). The same snapshot as a version before the
        //    skew-robust default wrote it (no autoTest: Auto was the paired t): seeds already seen keep the paired t, say
        //    why, and nothing counts as a changed design; a re-registration on fresh seeds is judged by today's Auto.
        var text = File.ReadAllText(Verified);
        File.WriteAllText(Verified, System.Text.RegularExpressions.Regex.Replace(text, ",\\s*\"autoTest\": \"SkewRobustPairedT\"", ""));
        Assert.That(File.ReadAllText(Verified), Does.Not.Contain("autoTest"), "the edit removed the record");
        var legacy = Test();
        Assert.Multiple(() =>
        {
            Assert.That(legacy.Code, Is.Zero, legacy.Output);
            Assert.That(legacy.Output, Does.Contain(PairedT).And.Not.Contain(SkewRobust));
            Assert.That(legacy.Output, Does.Contain("Auto is the paired t here, the test it stood for when these results were registered"));
            Assert.That(legacy.Output, Does.Not.Contain("design changed after results were seen"));
        });
        Edit("Seeds = 8, FirstSeed = 5,", "Seeds = 8, FirstSeed = 13,");
        Build();
        var reregistered = Test();
        Assert.Multiple(() =>
        {
            Assert.That(reregistered.Output, Does.Contain("new design on fresh seeds 13–20"), reregistered.Output);
            Assert.That(reregistered.Output, Does.Contain(SkewRobust));
            Assert.That(reregistered.Output, Does.Contain("Auto test: PairedT → SkewRobustPairedT"), "the design record names the change of test");
        });
    }

    const string SkewRobust = "rests on: per-seed differences no more skewed than an exponential or a lognormal of skewness 2 (skew-robust paired t)";
    const string PairedT = "rests on: per-seed differences near normal (paired t)";

    void Edit(string from, string to) => copy.Edit("PreRegisteredClaims.cs", from, to);

    void Build() => copy.Build();

    (int Code, string Output) Test() => copy.Test();

    (int Code, string Output) Accept(params string[] extra) => copy.Accept(extra);
}

using ReproSpec.Cli.Commands;
using ReproSpec.Reports;

namespace ReproSpec.NUnit.Tests;

/// <summary>
/// What Auto stands for is part of a claim's registration (issue #25): a new claim's accepted snapshot records
/// "autoTest": "SkewRobustPairedT", and a snapshot recorded before it (no autoTest: Auto was the paired t) keeps the
/// paired t, so upgrading ReproSpec never re-judges a claim's registered results with another test. Through the path a
/// user takes: tests/ReproSpec.PreRegistration.Sample copied, `dotnet test`, `reprospec accept`, the verified file edited.
/// </summary>
[NonParallelizable]
public class RegisteredAutoTestEndToEndTests
{
    const string TestName = "Reversed_claim_is_refuted";
    const string SkewRobust = "rests on: per-seed differences no more skewed than an exponential or a lognormal of skewness 2 (skew-robust paired t)";
    const string PairedT = "rests on: per-seed differences near normal (paired t)";

    [Test]
    public void A_snapshot_recorded_when_auto_was_the_paired_t_keeps_it_and_a_new_one_records_the_skew_robust_test()
    {
        using var copy = new SampleCopy("ReproSpec.PreRegistration.Sample", "auto test e2e");
        var verified = copy.PathOf("PreRegisteredClaims." + TestName + ".verified.json");
        copy.Build();
        var first = copy.Test();
        Assert.That(first.Output, Does.Contain(SkewRobust), first.Output);
        Assert.That(copy.Accept().Code, Is.EqualTo(CliExit.Ok));
        var design = ReportJson.ReadSnapshot(verified).Claims.Single().Design!;
        Assert.Multiple(() =>
        {
            Assert.That(design.Test, Is.EqualTo(Claims.TestKind.Auto));
            Assert.That(design.AutoTest, Is.EqualTo(Claims.TestKind.SkewRobustPairedT), "the accepted design records what Auto stood for");
            Assert.That(File.ReadAllText(verified), Does.Contain("\"autoTest\": \"SkewRobustPairedT\""));
        });

        // The same snapshot as a version before issue #25 wrote it: no autoTest. The claim keeps the paired t and says why.
        var text = File.ReadAllText(verified);
        File.WriteAllText(verified, System.Text.RegularExpressions.Regex.Replace(text, ",\\s*\"autoTest\": \"SkewRobustPairedT\"", ""));
        Assert.That(File.ReadAllText(verified), Does.Not.Contain("autoTest"), "the edit removed the record");
        var legacy = copy.Test();
        Assert.Multiple(() =>
        {
            Assert.That(legacy.Code, Is.Zero, legacy.Output);
            Assert.That(legacy.Output, Does.Contain(PairedT));
            Assert.That(legacy.Output, Does.Not.Contain(SkewRobust));
            Assert.That(legacy.Output, Does.Contain("Auto is the paired t here, the test it stood for when these results were registered"));
            Assert.That(legacy.Output, Does.Not.Contain("design changed after results were seen"), "the registered design is unchanged");
        });

        // Re-registered on fresh seeds (after 0–4): a new registration, judged by what Auto stands for now.
        copy.Edit("PreRegisteredClaims.cs", "Seeds = 5,", "Seeds = 5, FirstSeed = 5,");
        copy.Build();
        var fresh = copy.Test();
        Assert.Multiple(() =>
        {
            Assert.That(fresh.Output, Does.Contain("new design on fresh seeds 5–9"), fresh.Output);
            Assert.That(fresh.Output, Does.Contain(SkewRobust));
            Assert.That(fresh.Output, Does.Contain("Auto test: PairedT → SkewRobustPairedT"), "the design record names the change of test");
        });

        // And back to the recorded design with the record restored: SkewRobustPairedT, so the claim is judged by it again.
        copy.Edit("PreRegisteredClaims.cs", "Seeds = 5, FirstSeed = 5,", "Seeds = 5,");
        copy.Build();
        File.WriteAllText(verified, text);
        var restored = copy.Test();
        Assert.Multiple(() =>
        {
            Assert.That(restored.Code, Is.Zero, restored.Output);
            Assert.That(restored.Output, Does.Contain(SkewRobust));
        });
    }
}

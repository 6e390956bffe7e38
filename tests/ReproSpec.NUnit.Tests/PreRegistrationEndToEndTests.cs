using System.Diagnostics;
using ReproSpec.Cli;
using ReproSpec.Cli.Commands;
using ReproSpec.Reports;

namespace ReproSpec.NUnit.Tests;

/// <summary>
/// Pre-registration through the path a user takes: tests/ReproSpec.PreRegistration.Sample is copied to a temporary
/// directory, its claim decided and its snapshot accepted; then its declaration is edited (margin, seeds, Because),
/// the copy rebuilt, and `dotnet test` run again each time. A design changed on the seeds already seen must fail
/// with "design changed after results were seen" until `reprospec accept --reason` records it; fresh seeds decide;
/// a cosmetic edit changes nothing.
/// </summary>
[NonParallelizable]
public class PreRegistrationEndToEndTests
{
    const string TestName = "Reversed_claim_is_refuted";

    string work = "";
    string project = "";
    string source = "";
    string Verified => Path.Combine(project, "PreRegisteredClaims." + TestName + ".verified.json");
    string Received => Path.Combine(project, "PreRegisteredClaims." + TestName + ".received.json");

    [OneTimeSetUp]
    public void CopyTheSample()
    {
        work = Directory.CreateTempSubdirectory("reprospec-prereg-").FullName;
        project = Path.Combine(work, "sample");
        Directory.CreateDirectory(project);
        var root = ChildDotnet.RepositoryRoot();
        var sample = Path.Combine(root, "tests", "ReproSpec.PreRegistration.Sample");
        // The copy lives outside the repository: import its build settings and central package versions by absolute path.
        File.WriteAllText(Path.Combine(work, "Directory.Build.props"),
            $"<Project><Import Project=\"{Path.Combine(root, "Directory.Build.props")}\" /><PropertyGroup><RestorePackagesWithLockFile>false</RestorePackagesWithLockFile></PropertyGroup></Project>");
        File.WriteAllText(Path.Combine(work, "Directory.Packages.props"), $"<Project><Import Project=\"{Path.Combine(root, "Directory.Packages.props")}\" /></Project>");
        File.WriteAllText(Path.Combine(work, "Directory.Build.targets"), $"<Project><Import Project=\"{Path.Combine(root, "Directory.Build.targets")}\" /></Project>");
        var csproj = File.ReadAllText(Path.Combine(sample, "ReproSpec.PreRegistration.Sample.csproj"))
            .Replace(@"..\..\src\", Path.Combine(root, "src") + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            .Replace(@"..\ReproSpec.KnownVerdicts\", Path.Combine(root, "tests", "ReproSpec.KnownVerdicts") + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(project, "ReproSpec.PreRegistration.Sample.csproj"), csproj);
        source = Path.Combine(project, "PreRegisteredClaims.cs");
        File.Copy(Path.Combine(sample, "PreRegisteredClaims.cs"), source);
    }

    [OneTimeTearDown]
    public void Clean()
    {
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
    }

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

        // 4. A cosmetic edit (the Because text) is no change of design.
        Edit("the reversed claim: b is lower than a", "b is one unit below a");
        Build();
        var cosmetic = Test();
        Assert.Multiple(() =>
        {
            Assert.That(cosmetic.Code, Is.Zero, cosmetic.Output);
            Assert.That(cosmetic.Output, Does.Not.Contain("design changed"));
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
            Assert.That(continued.History.Select(c => c.Kind), Is.EqualTo(new[] { Snapshots.DesignChangeKind.SeedsReused, Snapshots.DesignChangeKind.FreshSeeds }));
            Assert.That(Test().Code, Is.Zero);
        });
    }

    void Edit(string from, string to)
    {
        var text = File.ReadAllText(source);
        Assert.That(text, Does.Contain(from), "the sample's declaration changed: update this test's edits");
        File.WriteAllText(source, text.Replace(from, to, StringComparison.Ordinal));
    }

    bool built;

    // After the first build only the copy's own source changes: skip restore and the referenced projects' up-to-date checks.
    void Build()
    {
        string[] again = built ? ["--no-restore", "-p:BuildProjectReferences=false"] : [];
        var clock = Stopwatch.StartNew();
        var build = Dotnet(["build", project, "-nologo", "-v", "q", .. again]);
        TestContext.Progress.WriteLine($"[prereg e2e] build {(built ? "again" : "first")}: {clock.Elapsed.TotalSeconds:F1} s");
        Assert.That(build.Code, Is.Zero, $"building the sample copy failed:\n{build.Output}");
        built = true;
    }

    (int Code, string Output) Test()
    {
        var clock = Stopwatch.StartNew();
        var run = Dotnet("test", project, "--no-build", "--no-restore", "-nologo", "--logger", "console;verbosity=normal");
        TestContext.Progress.WriteLine($"[prereg e2e] test: {clock.Elapsed.TotalSeconds:F1} s");
        return run;
    }

    (int Code, string Output) Accept(params string[] extra)
    {
        using var output = new StringWriter();
        var code = CliExit.Run(ReproSpecCli.Root(), ["accept", "--path", project, .. extra], output, output);
        return (code, output.ToString());
    }

    // Not CI (the child's default): a new snapshot must be writable for `reprospec accept` (on CI it fails and is never accepted).
    (int Code, string Output) Dotnet(params string[] args) =>
        ChildDotnet.Run(work, args, new Dictionary<string, string>
        {
            ["REPROSPEC_STORE"] = Path.Combine(work, "store"),
            ["REPROSPEC_REPORTS"] = Path.Combine(work, "reports"),
            ["REPROSPEC_SNAPSHOTS"] = "1",
        });
}

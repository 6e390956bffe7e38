using System.CommandLine;
using ReproSpec.Claims;
using ReproSpec.Cli.Commands;
using ReproSpec.Reports;
using ReproSpec.Snapshots;
using ReproSpec.Tests.Planning;

namespace ReproSpec.Tests.Cli;

public class AcceptDesignTests
{
    string dir = "";

    [SetUp]
    public void MakeDirectory() => dir = Directory.CreateTempSubdirectory("reprospec-accept").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(dir, recursive: true);

    static (int Code, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand("test") { AcceptCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliExit.Run(root, args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    string Write(string name, DesignChangeKind kind)
    {
        var claim = new BeatsClaim(new Arm("clear", PlanningFixture.Clear), new Arm("noisy", PlanningFixture.Noisy), Metric.Named("score"), 0.03);
        var before = ClaimDesign.Declared(claim, new ClaimSettings()) with { Seeds = [0, 1, 2, 3, 4] };
        var after = ClaimDesign.Declared(claim, new ClaimSettings { Alpha = 0.1 });
        var snapshot = new DistributionSnapshot([new ClaimSnapshot(claim.Sentence, Verdict.Inconclusive, [], after, [new DesignChange(before, after, kind)])]);
        var path = Path.Combine(dir, name + SnapshotFiles.ReceivedSuffix);
        File.WriteAllText(path, ReportJson.Serialize(snapshot));
        return path;
    }

    [Test]
    public void A_new_design_on_seen_seeds_is_accepted_only_with_a_reason_which_is_stored_with_both_designs()
    {
        var received = Write("F.Reused", DesignChangeKind.SeedsReused);
        var verified = SnapshotFiles.VerifiedFor(received);
        var bare = Run("accept", "--path", dir);
        Assert.Multiple(() =>
        {
            Assert.That(bare.Code, Is.EqualTo(CliExit.BadInput));
            Assert.That(bare.Err, Does.Contain("F.Reused.received.json: a claim's design changed after results were seen").And.Contain("add --reason").And.Contain("Nothing was accepted"));
            Assert.That(File.Exists(received), Is.True);
            Assert.That(File.Exists(verified), Is.False);
            Assert.That(Run("accept", "--path", dir, "--reason", " ").Code, Is.EqualTo(CliExit.BadInput), "an empty reason is no reason");
        });

        Assert.That(Run("accept", "--path", dir, "--reason", "α was meant to be 0.1 from the start (see the paper)").Code, Is.EqualTo(CliExit.Ok));
        var change = ReportJson.ReadSnapshot(verified).Claims.Single().History.Single();
        Assert.Multiple(() =>
        {
            Assert.That(change.Reason, Is.EqualTo("α was meant to be 0.1 from the start (see the paper)"));
            Assert.That(change.Accepted, Is.Not.Null);
            Assert.That(change.From!.Alpha, Is.EqualTo(0.05));
            Assert.That(change.To.Alpha, Is.EqualTo(0.1));
            Assert.That(File.ReadAllText(verified), Does.Not.Contain("\r"));
        });
    }

    [Test]
    public void Fresh_seeds_need_no_reason_and_an_accepted_change_keeps_its_reason_and_time()
    {
        var received = Write("F.Fresh", DesignChangeKind.FreshSeeds);
        Assert.That(Run("accept", "--path", dir).Code, Is.EqualTo(CliExit.Ok));
        var first = ReportJson.ReadSnapshot(SnapshotFiles.VerifiedFor(received)).Claims.Single();
        Assert.That(first.History.Single().Accepted, Is.Not.Null);

        // A later acceptance (e.g. of drifted results) does not re-stamp a change accepted before.
        File.WriteAllText(received, ReportJson.Serialize(new DistributionSnapshot([first])));
        Assert.That(Run("accept", "--path", dir, "--reason", "later").Code, Is.EqualTo(CliExit.Ok));
        var second = ReportJson.ReadSnapshot(SnapshotFiles.VerifiedFor(received)).Claims.Single().History.Single();
        Assert.Multiple(() =>
        {
            Assert.That(second.Accepted, Is.EqualTo(first.History.Single().Accepted));
            Assert.That(second.Reason, Is.Null);
        });
    }
}

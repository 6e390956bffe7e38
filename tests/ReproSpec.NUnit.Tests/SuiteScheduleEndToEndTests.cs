using System.Text.RegularExpressions;
using ReproSpec.Reports;

namespace ReproSpec.NUnit.Tests;

/// <summary>
/// tests/ReproSpec.ClusterClaims's synthetic fixture (two fixed-seed claims and a sequential one of three looks, 26 runs in worker
/// processes) through real `dotnet test` children on cold stores: with the suite schedule and without it the
/// verdicts, numbers and test order are the same; two `dotnet test` at once on one store train each run once.
/// </summary>
[NonParallelizable]
public partial class SuiteScheduleEndToEndTests
{
    const int RunsNeeded = 26;
    string work = "";

    [SetUp]
    public void CreateWork() => work = Directory.CreateTempSubdirectory("reprospec-schedule-").FullName;

    [TearDown]
    public void DeleteWork() => Directory.Delete(work, recursive: true);

    [Test]
    public void The_suite_schedule_trains_ahead_without_changing_any_verdict_or_the_order()
    {
        var scheduled = Start("scheduled", prefetch: true);
        var scheduledRun = Finish(scheduled.Child);
        var plain = Start("plain", prefetch: false);
        var plainRun = Finish(plain.Child);
        var (a, b) = (Outcomes(scheduled.Reports), Outcomes(plain.Reports));
        Assert.Multiple(() =>
        {
            Assert.That(scheduledRun, Does.Contain($"runs: {RunsNeeded} trained"), scheduledRun);
            Assert.That(plainRun, Does.Contain($"runs: {RunsNeeded} trained"), plainRun);
            Assert.That(TestOrder(scheduledRun), Is.EqualTo(TestOrder(plainRun)).And.Count.EqualTo(3));
            Assert.That(a.Keys, Is.EquivalentTo(b.Keys).And.Count.EqualTo(3));
            foreach (var (test, x) in a)
            {
                var y = b[test];
                Assert.That((x.Verdict, x.SeedsPerArm, x.Looks), Is.EqualTo((y.Verdict, y.SeedsPerArm, y.Looks)), test);
                Assert.That(x.PSupport, Is.EqualTo(y.PSupport), test);
                Assert.That(x.PRefute, Is.EqualTo(y.PRefute), test);
                Assert.That(x.Arms.Select(arm => arm.Values), Is.EqualTo(y.Arms.Select(arm => arm.Values)), test);
            }
        });
        // The schedule did run ahead: Modest_beats_baseline runs first (three looks); the free worker between its
        // looks trained Strong_beats_weak's runs before that claim's test began. Without it, none had been: read from
        // the stores' finish times (the claims' own counts say "trained" either way, since this run trained them).
        Assert.That(FirstStrongRunBeforeLastModestRun("scheduled"), Is.True, "no run was trained ahead of its claim");
        Assert.That(FirstStrongRunBeforeLastModestRun("plain"), Is.False, "without the schedule a claim's runs start only with its test");
        // Declared ahead, a claim's test takes that declaration: each claim method runs once either way.
        Assert.That(Declarations("scheduled"), Is.EquivalentTo(Declarations("plain")).And.Count.EqualTo(3).And.Unique);
    }

    /// <summary>The claim methods the fixture ran, one line a run (ClusterClaims.Declaring).</summary>
    IReadOnlyList<string> Declarations(string name) => File.ReadAllLines(Path.Combine(work, name, "declarations.txt"));

    [Test]
    public void A_claim_filtered_out_never_trains_and_is_not_declared_ahead()
    {
        var only = Start("filtered", prefetch: true, filter: "FullyQualifiedName~ReproSpec.ClusterClaims.ClusterClaims.Strong_beats_weak");
        var output = Finish(only.Child);
        var experiments = new ReproSpec.Store.RunStore(Path.Combine(work, "filtered", "store")).All().Select(r => r.Experiment).Distinct();
        Assert.Multiple(() =>
        {
            Assert.That(experiments, Is.EquivalentTo(new[] { "strong", "weak" }), output);
            Assert.That(Declarations("filtered"), Is.EqualTo(new[] { "Strong_beats_weak" }));
        });
    }

    bool FirstStrongRunBeforeLastModestRun(string name)
    {
        var records = new ReproSpec.Store.RunStore(Path.Combine(work, name, "store")).All().ToList();
        var strong = records.Where(r => r.Experiment is "strong" or "weak").Min(r => r.FinishedAt);
        var modest = records.Where(r => r.Experiment is "modest" or "baseline").Max(r => r.FinishedAt);
        return strong < modest;
    }

    [Test]
    public void Two_dotnet_test_processes_on_one_cold_store_train_each_run_once()
    {
        var first = Start("shared", prefetch: true);
        var second = Start("shared", prefetch: true, reports: "second-reports");
        var outputs = new[] { Finish(first.Child), Finish(second.Child) };
        var trained = outputs.Select(o => int.Parse(Summary().Match(o).Groups["trained"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(trained.Sum(), Is.EqualTo(RunsNeeded), string.Join("\n----\n", outputs));
            Assert.That(outputs, Has.All.Contains("claims: 3 supported, 0 refuted, 0 inconclusive"));
            Assert.That(Directory.EnumerateFiles(Path.Combine(work, "shared", "store", "runs"), "*.json", SearchOption.AllDirectories).Count(), Is.EqualTo(RunsNeeded));
        });
    }

    [GeneratedRegex(@"\[reprospec\] claims: [^\n]*runs: (?<trained>\d+) trained, (?<cached>\d+) from the store")]
    private static partial Regex Summary();

    static IReadOnlyList<string> TestOrder(string output) =>
        output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("Passed ", StringComparison.Ordinal) || l.StartsWith("Failed ", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[1]).Where(n => !n.EndsWith('!')).ToList();

    static Dictionary<string, ClaimRecord> Outcomes(string reports) =>
        Directory.GetFiles(reports, "*" + ReportFiles.OutcomeSuffix).Select(ReportJson.ReadClaim).ToDictionary(r => r.Test);

    (ChildDotnet Child, string Reports) Start(string name, bool prefetch, string reports = "reports",
        string filter = "FullyQualifiedName~ReproSpec.ClusterClaims.ClusterClaims.")
    {
        var project = Path.Combine(ChildDotnet.RepositoryRoot(), "tests", "ReproSpec.ClusterClaims");
        var reportsDirectory = Path.Combine(work, name, reports);
        Directory.CreateDirectory(Path.Combine(work, name));
        // The synthetic fixture only (TorchClusterClaims is the Slurm end-to-end's).
        string[] args = ["test", project, "--no-build", "--no-restore", "-nologo", "--logger", "console;verbosity=normal", "--filter", filter];
        var child = ChildDotnet.Start(work, args, new Dictionary<string, string>
        {
            ["REPROSPEC_STORE"] = Path.Combine(work, name, "store"),
            ["REPROSPEC_REPORTS"] = reportsDirectory,
            ["REPROSPEC_SNAPSHOTS"] = "0",
            ["REPROSPEC_WORKERS"] = "2",
            ["REPROSPEC_PREFETCH"] = prefetch ? "1" : "0",
            ["CLUSTER_CLAIMS_DECLARATIONS"] = Path.Combine(work, name, "declarations.txt"),
        });
        return (child, reportsDirectory);
    }

    static string Finish(ChildDotnet child)
    {
        using (child)
        {
            var (code, output) = child.Finish();
            Assert.That(code, Is.Zero, output);
            return output;
        }
    }
}

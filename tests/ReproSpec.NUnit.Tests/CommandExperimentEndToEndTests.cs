
namespace ReproSpec.NUnit.Tests;

/// <summary>
/// CommandExperiment through a real `dotnet test` of tests/ReproSpec.CommandClaims.Sample (two arms over a Python
/// script): the claim is decided on a cold store, every run comes from the store on a warm re-run, and editing the
/// script retrains every run. The script is a copy under REPROSPEC_DATA, so the repository's file never changes.
/// </summary>
[NonParallelizable]
public class CommandExperimentEndToEndTests
{
    string work = "";
    string project = "";
    string scripts = "";

    [OneTimeSetUp]
    public void BuildTheSample()
    {
        if (FindOnPath("python3") is null)
        {
            // CI installs Python (.ci/run); elsewhere a machine without it cannot run a Python arm at all.
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail("python3 is not on PATH; .ci/run installs it (apt-get install python3-torch brings it).");
            Assert.Ignore("python3 is not on PATH: the CommandExperiment end-to-end test needs it (apt-get install python3).");
        }
        work = Directory.CreateTempSubdirectory("reprospec-command-e2e-").FullName;
        var sample = Path.Combine(ChildDotnet.RepositoryRoot(), "tests", "ReproSpec.CommandClaims.Sample");
        project = Path.Combine(sample, "ReproSpec.CommandClaims.Sample.csproj");
        scripts = Path.Combine(work, "project");
        Directory.CreateDirectory(Path.Combine(scripts, "train"));
        File.Copy(Path.Combine(sample, "train", "score.py"), Path.Combine(scripts, "train", "score.py"));
        var build = Dotnet("build", project, "-nologo", "-v", "q");
        Assert.That(build.Code, Is.Zero, $"building the sample failed:\n{build.Output}");
    }

    [OneTimeTearDown]
    public void Clean()
    {
        if (work.Length > 0 && Directory.Exists(work)) Directory.Delete(work, recursive: true);
    }

    [Test]
    public void The_claim_is_decided_cold_reused_warm_and_retrained_when_the_script_changes()
    {
        var cold = Test();
        Assert.That(cold.Code, Is.Zero, cold.Output);
        Assert.That(cold.Output, Does.Contain("SUPPORTED: tuned beats baseline on score").And.Contain("runs: 10 trained, 0 from the store"), cold.Output);

        // Provenance: the stored environment lists the claims project's packages (it was empty before the deps files were split on ';').
        var environments = Directory.GetFiles(Path.Combine(work, "store", "environments"), "*.json");
        Assert.That(environments, Is.Not.Empty);
        var manifest = ReproSpec.Provenance.EnvironmentManifest.FromJson(File.ReadAllText(environments[0]));
        Assert.That(manifest.Packages, Does.ContainKey("NUnit"), manifest.ToText());

        // `reprospec plan` loads the built claims in another process layout (the command line's): it must find the same
        // script (REPROSPEC_DATA here, the project folder otherwise), so the same run keys, and report nothing missing.
        var plan = Plan();
        Assert.That(plan.Output, Does.Contain("1 claim(s): 1 decided from the store").And.Contain("0 missing run(s)"), plan.Output);

        var warm = Test();
        Assert.That(warm.Code, Is.Zero, warm.Output);
        Assert.That(warm.Output, Does.Contain("SUPPORTED: tuned beats baseline on score").And.Contain("runs: 0 trained, 10 from the store"), warm.Output);

        // An edit that changes no number the script prints: only the content hash of the declared code can see it.
        File.AppendAllText(Path.Combine(scripts, "train", "score.py"), "# tuned the comments\n");
        // Through worker processes this time: they rebuild the arm from its JSON and resolve the script themselves.
        var edited = Test(isolation: "process");
        Assert.That(edited.Code, Is.Zero, edited.Output);
        Assert.That(edited.Output, Does.Contain("runs: 10 trained, 0 from the store"), "an edited script must not reuse the old runs:\n" + edited.Output);
    }

    [Test]
    public void A_failing_script_fails_the_claim_with_the_stderr_tail()
    {
        var broken = Path.Combine(work, "broken");
        Directory.CreateDirectory(Path.Combine(broken, "train"));
        File.WriteAllText(Path.Combine(broken, "train", "score.py"), "import sys\nprint('loading data', file=sys.stderr)\nraise SystemExit('data/train.csv: no such file')\n");
        var run = Test(broken);
        Assert.Multiple(() =>
        {
            Assert.That(run.Code, Is.Not.Zero, run.Output);
            Assert.That(run.Output, Does.Contain("exited with code 1").And.Contain("data/train.csv: no such file"));
        });
    }

    (int Code, string Output) Test(string? data = null, string isolation = "auto") =>
        Dotnet(["test", project, "--no-build", "--no-restore", "-nologo", "--logger", "console;verbosity=detailed"], data ?? scripts, isolation);

    (int Code, string Output) Plan()
    {
        var claims = Path.Combine(Path.GetDirectoryName(project)!, "bin", "Debug", "net10.0", "ReproSpec.CommandClaims.Sample.dll");
        Environment.SetEnvironmentVariable("REPROSPEC_DATA", scripts);
        try
        {
            using var output = new StringWriter();
            var code = ReproSpec.Cli.Commands.CliExit.Run(ReproSpec.Cli.ReproSpecCli.Root(), ["plan", "--claims", claims, "--store", Path.Combine(work, "store")], output, output);
            return (code, output.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("REPROSPEC_DATA", null);
        }
    }

    (int Code, string Output) Dotnet(params string[] args) => Dotnet(args, scripts, "auto");

    (int Code, string Output) Dotnet(string[] args, string data, string isolation) =>
        ChildDotnet.Run(work, args, new Dictionary<string, string>
        {
            ["REPROSPEC_DATA"] = data,
            ["REPROSPEC_ISOLATION"] = isolation,
            ["REPROSPEC_STORE"] = Path.Combine(work, "store"),
            ["REPROSPEC_REPORTS"] = Path.Combine(work, "reports"),
            ["REPROSPEC_SNAPSHOTS"] = "0",
        });

    static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
}

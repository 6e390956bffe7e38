using System.CommandLine;
using System.Text.Json;
using ReproSpec.Cli.Cluster;
using ReproSpec.Cli.Commands;

namespace ReproSpec.Tests.Cli;

/// <summary>
/// plan, run and slurm on tests/ReproSpec.Gate.Fixtures, whose claims include every kind of bad declaration: each is
/// reported by name and the well-declared claims are planned and trained all the same.
/// </summary>
public class BadClaimCommandTests
{
    string dir = "";

    static readonly string ClaimsDll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..",
        "ReproSpec.Gate.Fixtures", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, new DirectoryInfo(AppContext.BaseDirectory).Name,
        "ReproSpec.Gate.Fixtures.dll"));

    static readonly string[] BadClaims =
    [
        "GateClaims.Parameter_that_does_not_serialise: bad claim declaration: experiment Shaped: parameter Shape (Func<Double, Double>) cannot be written as JSON",
        "GateClaims.Invalid_attribute_values: bad claim declaration: Alpha = 1.5 is outside (0, 0.5)",
        "GateClaims.Claim_method_with_a_parameter: a claim method takes no parameters",
        "GateClaims.Claim_method_that_throws: running the claim method threw InvalidOperationException",
    ];

    [SetUp]
    public void MakeDirectory() => dir = Directory.CreateTempSubdirectory("reprospec-badclaims").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(dir, recursive: true);

    static (int Code, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand("test") { PlanCommand.Create(), RunCommand.Create(), SlurmCommand.Create() };
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliExit.Run(root, args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    string Store => Path.Combine(dir, "store");

    [Test]
    public void Plan_reports_each_bad_claim_and_plans_the_others()
    {
        var (code, text, error) = Run("plan", "--claims", ClaimsDll, "--store", Store);
        var json = Run("plan", "--claims", ClaimsDll, "--store", Store, "--format", "json");
        var claims = JsonDocument.Parse(json.Out).RootElement.GetProperty("claims").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That((code, json.Code), Is.EqualTo((CliExit.Ok, CliExit.Ok)), error);
            foreach (var bad in BadClaims) Assert.That(error, Does.Contain("skipped ReproSpec.Gate.Fixtures." + bad));
            // The unknown metric shows only once its runs exist (see the next test).
            Assert.That(text, Does.Contain("7 claim(s): 0 decided from the store, 5 need runs, 2 badly declared; 2 claim method(s) could not be declared"));
            Assert.That(text, Does.Contain("BAD DECLARATION: ReproSpec.Gate.Fixtures.GateClaims.Claim_method_with_a_parameter: a claim method takes no parameters"));
            // Supported and refuted share gate-high and gate-low; inconclusive and snapshot claims have their own.
            Assert.That(text, Does.Contain("30 missing run(s)"));
            Assert.That(claims.Count(c => c.GetProperty("problem").ValueKind == JsonValueKind.String), Is.EqualTo(4));
        });
    }

    [Test]
    public void Run_trains_the_well_declared_claims_and_slurm_writes_their_array()
    {
        var slurm = Run("slurm", "--claims", ClaimsDll, "--store", Store, "--out", dir);
        var run = Run("run", "--claims", ClaimsDll, "--store", Store, "--workers", "1");
        var (_, text, error) = Run("plan", "--claims", ClaimsDll, "--store", Store);
        Assert.Multiple(() =>
        {
            Assert.That(slurm.Code, Is.EqualTo(CliExit.Ok), slurm.Err);
            Assert.That(slurm.Out, Does.Contain("30 missing run(s) for the next look of 5 undecided claim(s); 0 already decided; 4 badly declared (skipped, listed on stderr)."));
            Assert.That(File.Exists(Path.Combine(dir, SlurmScripts.ArrayFile)), Is.True);
            Assert.That(run.Code, Is.EqualTo(CliExit.Ok), run.Err);
            Assert.That(run.Out, Does.Contain("30 of 30 missing run(s)").And.Contain("4 badly declared claim method(s) skipped"));
            Assert.That(run.Out, Does.Contain("30 trained, 0 already stored"));
            Assert.That(text, Does.Contain("7 claim(s): 4 decided from the store, 0 need runs, 3 badly declared; 2 claim method(s) could not be declared"));
            Assert.That(error, Does.Contain("skipped ReproSpec.Gate.Fixtures.GateClaims.Unknown_metric: bad claim declaration: unknown metric \"acuracy\" for arm gate-high"));
        });
    }
}

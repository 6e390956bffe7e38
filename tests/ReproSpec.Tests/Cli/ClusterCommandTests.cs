using System.CommandLine;
using System.Text.Json;
using ReproSpec.Cli.Cluster;
using ReproSpec.Cli.Commands;

namespace ReproSpec.Tests.Cli;

/// <summary>plan, run --shard and slurm against the built tests/ReproSpec.ClusterClaims assembly, loaded as the CLI loads it.</summary>
public class ClusterCommandTests
{
    string dir = "";

    // bin/<Configuration>/<tfm> of this project, mirrored in the claims project (built first: a project reference).
    static readonly string ClaimsDll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..",
        "ReproSpec.ClusterClaims", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, new DirectoryInfo(AppContext.BaseDirectory).Name,
        "ReproSpec.ClusterClaims.dll"));

    [SetUp]
    public void MakeDirectory() => dir = Directory.CreateTempSubdirectory("reprospec-cluster").FullName;

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
    public void Two_shards_train_the_first_looks_then_the_plan_holds_only_the_sequential_claims_next_look()
    {
        var (code, json, error) = Run("plan", "--claims", ClaimsDll, "--store", Store, "--format", "json");
        Assert.That(code, Is.EqualTo(CliExit.Ok), error);
        var runs = JsonDocument.Parse(json).RootElement.GetProperty("runs");
        // Strong (4 seeds, shared by two claims) + weak (4) + modest and baseline (3 each at the first look) + the small MNIST MLP (3)
        // + the shell-script CommandExperiment (3).
        Assert.That(runs.GetArrayLength(), Is.EqualTo(20));

        var shard0 = Run("run", "--claims", ClaimsDll, "--store", Store, "--shard", "0/2", "--workers", "1");
        var shard1 = Run("run", "--claims", ClaimsDll, "--store", Store, "--shard", "1/2", "--workers", "1");
        var (_, text, _) = Run("plan", "--claims", ClaimsDll, "--store", Store);
        Assert.Multiple(() =>
        {
            Assert.That((shard0.Code, shard1.Code), Is.EqualTo((0, 0)), shard0.Err + shard1.Err);
            Assert.That(shard0.Out + shard1.Out, Does.Contain("0 failed"));
            Assert.That(text, Does.Contain("4 decided from the store, 1 need runs"));
            Assert.That(text, Does.Contain("NEEDS 6 RUN(S): ReproSpec.ClusterClaims.ClusterClaims.Modest_beats_baseline_sequentially"));
            Assert.That(text, Does.Contain("[sequential, 3 to 12 seeds per arm by 3, O'Brien–Fleming spending]"));
            Assert.That(text, Does.Contain("[4 seeds per arm]"));
            Assert.That(text, Does.Contain("6 missing run(s)"));
        });
    }

    [Test]
    public void Slurm_writes_an_array_whose_tasks_run_one_shard_each()
    {
        var (code, output, error) = Run("slurm", "--claims", ClaimsDll, "--store", Store, "--out", dir, "--array-size", "3", "--partition", "gpu", "--time", "00:30:00");
        var script = File.ReadAllText(Path.Combine(dir, SlurmScripts.ArrayFile));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(CliExit.Ok), error);
            Assert.That(output, Does.Contain("20 missing run(s)"));
            Assert.That(script, Does.Contain("#SBATCH --array=0-2\n").And.Contain("#SBATCH --partition=gpu\n").And.Contain("#SBATCH --time=00:30:00\n"));
            Assert.That(script, Does.Contain($"run --claims '{ClaimsDll}' --store '{Path.GetFullPath(Store)}' --shard \"${{SLURM_ARRAY_TASK_ID}}/3\""));
            Assert.That(File.Exists(Path.Combine(dir, SlurmScripts.NextRoundFile)), Is.False, "the follow-up round is written only with --submit");
        });
    }

    [Test]
    public void Bad_input_names_the_option_and_the_fix()
    {
        var missing = Run("plan", "--claims", Path.Combine(dir, "Missing.dll"));
        var shard = Run("run", "--claims", ClaimsDll, "--store", Store, "--shard", "2/2");
        var mem = Run("slurm", "--claims", ClaimsDll, "--mem", "4 G");
        Assert.Multiple(() =>
        {
            Assert.That((missing.Code, shard.Code, mem.Code), Is.EqualTo((CliExit.BadInput, CliExit.BadInput, CliExit.BadInput)));
            Assert.That(missing.Err, Does.Contain("--claims").And.Contain("does not exist"));
            Assert.That(shard.Err, Does.Contain("--shard").And.Contain("between 0 and N-1"));
            Assert.That(mem.Err, Does.Contain("--mem '4 G' must be one word"));
        });
    }

    [Test]
    public void The_next_round_resubmits_with_the_requested_array_size_and_one_round_fewer()
    {
        var job = new SlurmJob
        {
            Dotnet = "/usr/bin/dotnet", CliDll = "/t/ReproSpec.Cli.dll", ClaimsDll = "/c/Claims.dll", Store = "/s", OutDirectory = "/o",
            ArraySize = 3, RequestedArraySize = 50, Rounds = 4, Partition = "cpu",
        };
        var next = SlurmScripts.NextRound(job);
        Assert.That(next, Does.Contain("slurm --submit --claims '/c/Claims.dll' --store '/s' --out '/o' --array-size 50 --cpus-per-task 1 --rounds 3 --partition 'cpu'"));
    }

    [Test]
    public void Quoting_keeps_paths_with_quotes_one_shell_word() =>
        Assert.That(SlurmScripts.Quote("/home/o'brien/store"), Is.EqualTo("'/home/o'\\''brien/store'"));
}

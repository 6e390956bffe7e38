using System.Text.Json;
using ReproSpec.Execution;
using ReproSpec.Experiments;
using ReproSpec.Planning;
using ReproSpec.Store;

namespace ReproSpec.Tests.Experiments;

/// <summary>
/// Real repositories as they are: a repository copied (or run in place), a working directory inside it, data mounted
/// where the script looks, declared variables, HOME, run control out of the key, the environment probe, failures by kind.
/// </summary>
[NonParallelizable] // runs create folders under the process's TMPDIR and REPROSPEC_DATA is process-wide
public class CommandLayoutTests
{
    string folder = "";

    [SetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("reprospec-layout-tests-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(folder, recursive: true);

    static RunRecord Execute(CommandExperiment experiment, int seed = 3) =>
        RunOnce.Execute(new RunRequest(experiment, seed, []), 1, "", CancellationToken.None);

    static string Key(CommandExperiment experiment) => RunIdentity.KeyOf(experiment, 0, [], "cpu");

    /// <summary>repo/mnist/main.sh reads ../data/digits.txt, as the script of a public repository reads its data folder; the project's data lives elsewhere.</summary>
    (string Repository, string Data) RepositoryWithDataElsewhere()
    {
        var repository = Directory.CreateDirectory(Path.Combine(folder, "repo")).FullName;
        Directory.CreateDirectory(Path.Combine(repository, "mnist"));
        // An empty data folder in the checkout, as a repository ships with its .gitignore'd data folder: the mount replaces it.
        Directory.CreateDirectory(Path.Combine(repository, "data"));
        File.WriteAllText(Path.Combine(repository, "mnist", "main.sh"),
            "set -e\ncount=$(wc -l < ../data/digits.txt)\necho \"wrote\" > out.txt\necho \"Test set: Average loss: 0.1, Accuracy: $count/2000 (1%)\"\n");
        var data = Directory.CreateDirectory(Path.Combine(folder, "project-data")).FullName;
        File.WriteAllText(Path.Combine(data, "digits.txt"), "1\n2\n3\n");
        return (repository, data);
    }

    [Test]
    public void A_repository_runs_in_a_copy_from_its_working_directory_with_data_mounted_where_the_script_looks()
    {
        var (repository, data) = RepositoryWithDataElsewhere();
        var arm = new CommandExperiment("repo arm", "sh main.sh --seed {seed}", WorkingDirectory: "mnist",
            Patterns: [new MetricPattern("test_accuracy", @"Accuracy: (\d+)/(\d+)")])
        {
            Repository = repository,
            Mounts = [new Mount(data, "../data")],
        };
        var record = Execute(arm);
        Assert.Multiple(() =>
        {
            Assert.That(record.Status, Is.EqualTo(RunStatus.Succeeded), record.Error);
            Assert.That(record.Metrics["test_accuracy"], Is.EqualTo(3 / 2000.0));
            Assert.That(File.Exists(Path.Combine(repository, "mnist", "out.txt")), Is.False, "the script wrote into its copy, not the repository");
            Assert.That(Directory.GetFileSystemEntries(Path.Combine(repository, "data")), Is.Empty, "the repository's own data folder is untouched");
        });

        // The mounted data is hashed into the key; with no Code declared, so is the whole repository.
        var before = Key(arm);
        File.AppendAllText(Path.Combine(data, "digits.txt"), "4\n");
        var newData = Key(arm);
        File.AppendAllText(Path.Combine(repository, "mnist", "main.sh"), "# a comment\n");
        Assert.Multiple(() =>
        {
            Assert.That(newData, Is.Not.EqualTo(before), "mounted data is in the key");
            Assert.That(Key(arm), Is.Not.EqualTo(newData), "the repository's code is in the key");
        });
    }

    [Test]
    public void A_mount_target_outside_the_run_folder_and_a_working_directory_outside_the_repository_are_refused()
    {
        var (repository, data) = RepositoryWithDataElsewhere();
        var escaping = Execute(new CommandExperiment("a", "sh main.sh", WorkingDirectory: "mnist") { Repository = repository, Mounts = [new Mount(data, "../../../../data")] });
        var leaving = Execute(new CommandExperiment("a", "sh main.sh", WorkingDirectory: "../elsewhere") { Repository = repository });
        Assert.Multiple(() =>
        {
            Assert.That(escaping.Error, Does.Contain("is outside the run's folder"));
            Assert.That(leaving.Error, Does.Contain("leaves the repository"));
        });
    }

    [Test]
    public void In_place_the_repository_is_read_only_and_the_data_is_shown_where_the_script_looks()
    {
        if (!CommandExperiment.Sandboxed) Assert.Ignore("running in place needs bubblewrap (CI installs it).");
        var (repository, data) = RepositoryWithDataElsewhere();
        var arm = new CommandExperiment("in place", "sh main.sh", WorkingDirectory: "mnist",
            Patterns: [new MetricPattern("test_accuracy", @"Accuracy: (\d+)/(\d+)")])
        {
            Repository = repository,
            InPlace = true,
            Mounts = [new Mount(data, "../data")],
        };
        var record = Execute(arm);
        Assert.Multiple(() =>
        {
            // main.sh writes out.txt next to itself: in place that is a read-only file system.
            Assert.That(record.Status, Is.EqualTo(RunStatus.Failed));
            Assert.That(record.Error, Does.Contain("Read-only file system"));
            Assert.That(File.Exists(Path.Combine(repository, "mnist", "out.txt")), Is.False);
        });
        File.WriteAllText(Path.Combine(repository, "mnist", "main.sh"), "set -e\ncount=$(wc -l < ../data/digits.txt)\necho \"Accuracy: $count/2000\"\n");
        var reading = Execute(arm);
        Assert.That(reading.Metrics["test_accuracy"], Is.EqualTo(3 / 2000.0), reading.Error);
    }

    [Test]
    public void Declared_variables_reach_the_script_and_are_in_the_key()
    {
        var script = Path.Combine(folder, "vars.sh");
        File.WriteAllText(script, "echo \"{\\\"lr\\\": $LEARNING_RATE, \\\"seeded\\\": $SEEDED}\"\n");
        var arm = new CommandExperiment("vars", $"sh {script}") { Variables = new Dictionary<string, string> { ["LEARNING_RATE"] = "0.5", ["SEEDED"] = "{seed}" } };
        var record = Execute(arm, seed: 7);
        Assert.Multiple(() =>
        {
            Assert.That(record.Metrics["lr"], Is.EqualTo(0.5), record.Error);
            Assert.That(record.Metrics["seeded"], Is.EqualTo(7), "placeholders are expanded in variables");
            Assert.That(Key(arm with { Variables = new Dictionary<string, string> { ["LEARNING_RATE"] = "0.25", ["SEEDED"] = "{seed}" } }), Is.Not.EqualTo(Key(arm)));
        });
    }

    [Test]
    public void Home_is_a_fresh_folder_unless_the_users_own_is_asked_for()
    {
        var script = Path.Combine(folder, "home.sh");
        File.WriteAllText(script, "case \"$HOME\" in \"$REPROSPEC_RUN_DIR\"/*) echo '{\"fresh\": 1}' ;; *) echo '{\"fresh\": 0}' ;; esac\n");
        var fresh = Execute(new CommandExperiment("home", $"sh {script}"));
        var user = Execute(new CommandExperiment("home", $"sh {script}") { Home = HomeFolder.User });
        Assert.Multiple(() =>
        {
            Assert.That(fresh.Metrics["fresh"], Is.EqualTo(1), fresh.Error);
            Assert.That(user.Metrics["fresh"], Is.EqualTo(0), user.Error);
            Assert.That(Key(new CommandExperiment("home", $"sh {script}") { Home = HomeFolder.User }), Is.Not.EqualTo(Key(new CommandExperiment("home", $"sh {script}"))));
        });
    }

    [Test]
    public void Run_control_is_out_of_the_key_but_travels_to_workers_and_the_version_salt_is_in_it()
    {
        var arm = new CommandExperiment("arm", "sh x.sh", TimeoutSeconds: 900, Requires: "sh -c true", Install: "apt-get install x");
        var salted = new CommandExperiment("arm", "sh x.sh", TimeoutSeconds: 900, Requires: "sh -c true", Install: "apt-get install x", Version: "2");
        var json = RunIdentity.ParametersOf(arm with { TimeoutSeconds = 1200 });
        var rebuilt = JsonSerializer.Deserialize<CommandExperiment>(json)!;
        Assert.Multiple(() =>
        {
            Assert.That(Key(arm with { TimeoutSeconds = 1200 }), Is.EqualTo(Key(arm)), "a longer timeout retrains nothing");
            Assert.That(Key(arm with { Requires = "", Install = "" }), Is.EqualTo(Key(arm)));
            Assert.That(rebuilt.TimeoutSeconds, Is.EqualTo(1200), "a worker rebuilding the arm gets its timeout");
            Assert.That(Key(salted), Is.Not.EqualTo(Key(arm)), "Version is a salt");
            Assert.That(JsonSerializer.Deserialize<CommandExperiment>(RunIdentity.ParametersOf(salted))!.Version, Is.EqualTo("2"));
            Assert.That(Key(arm with { Command = "sh y.sh" }), Is.Not.EqualTo(Key(arm)));
        });
    }

    sealed record Tuned(double LearningRate, [property: ReproSpec.Claims.RunControl] int Patience = 3) : ReproSpec.Claims.Experiment
    {
        public override RunMetrics Run(RunContext context) => RunMetrics.Of(("x", LearningRate));
    }

    sealed record Plain(double LearningRate) : ReproSpec.Claims.Experiment
    {
        public override RunMetrics Run(RunContext context) => RunMetrics.Of(("x", LearningRate));
    }

    [Test]
    public void Run_control_leaves_the_key_of_any_experiment_and_others_keep_their_parameters_byte_for_byte()
    {
        Assert.Multiple(() =>
        {
            Assert.That(KeyParameters.Of(new Plain(0.1)), Is.EqualTo(RunIdentity.ParametersOf(new Plain(0.1))), "no [RunControl]: the key's parameters are the JSON itself");
            Assert.That(KeyParameters.Of(new Tuned(0.1, Patience: 9)), Is.EqualTo("{\"LearningRate\":0.1}"));
            Assert.That(RunIdentity.KeyOf(new Tuned(0.1, Patience: 9), 0, [], "cpu"), Is.EqualTo(RunIdentity.KeyOf(new Tuned(0.1), 0, [], "cpu")));
            Assert.That(RunIdentity.KeyOf(new Tuned(0.2), 0, [], "cpu"), Is.Not.EqualTo(RunIdentity.KeyOf(new Tuned(0.1), 0, [], "cpu")));
        });
    }

    [Test]
    public void The_probes_output_is_in_the_key_and_kept_with_the_run()
    {
        var script = Path.Combine(folder, "ok.sh");
        File.WriteAllText(script, "echo '{\"ok\": 1}'\n");
        var a = new CommandExperiment("probe", $"sh {script}") { Probe = "sh -c \"echo toolkit 1.0\"" };
        var sameOutput = a with { Probe = "sh -c \"echo  toolkit 1.0\" --" };
        var other = a with { Probe = "sh -c \"echo toolkit 2.0\"" };
        var record = Execute(a);
        Assert.Multiple(() =>
        {
            Assert.That(a.DataFingerprint, Is.EqualTo(sameOutput.DataFingerprint), "the probe's output, not its command line, is fingerprinted");
            Assert.That(other.DataFingerprint, Is.Not.EqualTo(a.DataFingerprint));
            Assert.That(record.Output?.Environment, Is.EqualTo("toolkit 1.0"));
            Assert.That(record.Output?.Stdout, Is.EqualTo("{\"ok\": 1}\n"));
            Assert.That(new CommandExperiment("sh", $"sh {script}").EnvironmentProbe(), Does.Contain("/sh"), "another program: its path (and --version when it has one)");
        });
    }

    [Test]
    public void The_default_python_probe_names_the_interpreter_and_the_imported_modules_versions()
    {
        if (CommandProcess.Locate("python3") is null) Assert.Ignore("python3 is not installed.");
        var code = Directory.CreateDirectory(Path.Combine(folder, "py")).FullName;
        File.WriteAllText(Path.Combine(code, "train.py"), "import argparse, os.path as p\nfrom json import dumps\nimport helpers\nimport reprospec_surely_missing_module\n");
        File.WriteAllText(Path.Combine(code, "helpers.py"), "X = 1\n");
        var probe = new CommandExperiment("py", "python3 train.py", Code: [code]) { Packages = ["reprospec-no-such-distribution"] }.EnvironmentProbe();
        Assert.Multiple(() =>
        {
            Assert.That(probe, Does.Match(@"^python 3\.\d+\.\d+ "), probe);
            Assert.That(probe, Does.Contain("executable /"), probe);
            Assert.That(probe, Does.Contain("module reprospec_surely_missing_module missing"), probe);
            Assert.That(probe, Does.Contain("package reprospec-no-such-distribution not installed"), probe);
            Assert.That(probe, Does.Not.Contain("module argparse").And.Not.Contain("module json").And.Not.Contain("module helpers"), "stdlib and the code's own modules are not listed");
        });
    }

    [Test]
    public void An_environment_failure_is_never_stored_and_runs_again_once_fixed()
    {
        var root = Path.Combine(folder, "store");
        var lib = Directory.CreateDirectory(Path.Combine(folder, "lib")).FullName;
        var script = Path.Combine(folder, "needs.sh");
        // Stands in for `import fancylib`: fails as Python does until the library exists.
        File.WriteAllText(script, $"if [ ! -f {lib}/fancylib.py ]; then echo \"ModuleNotFoundError: No module named 'fancylib'\" >&2; exit 1; fi\necho '{{\"ok\": 1}}'\n");
        var arm = new CommandExperiment("needs fancylib", $"sh {script}");
        var request = new RunRequest(arm, 0, []);
        RunRecord Resolve()
        {
            using var engine = new RunEngine(new RunStore(root), new InProcessExecutor(1, 1, environment: ""));
            return engine.EnsureAsync([request]).GetAwaiter().GetResult().Records[0];
        }
        var missing = Resolve();
        Assert.Multiple(() =>
        {
            Assert.That(missing.Status, Is.EqualTo(RunStatus.Failed));
            Assert.That(missing.EnvironmentFailure, Is.True);
            Assert.That(missing.Error, Does.Contain("the Python module 'fancylib' is not installed").And.Contain("Not stored"));
            Assert.That(new RunStore(root).TryGet(request.Key), Is.Null, "an environment failure is not stored");
        });
        File.WriteAllText(Path.Combine(lib, "fancylib.py"), "");
        var installed = Resolve();
        Assert.Multiple(() =>
        {
            Assert.That(installed.Status, Is.EqualTo(RunStatus.Succeeded), installed.Error);
            Assert.That(new RunStore(root).TryGet(request.Key)?.Status, Is.EqualTo(RunStatus.Succeeded));
        });
    }

    [Test]
    public void A_script_error_is_a_stored_run_failure_and_out_of_memory_and_a_full_disk_are_environment_failures()
    {
        static RunRecord Failing(string folder, string name, string stderr, int code)
        {
            var script = Path.Combine(folder, name + ".sh");
            File.WriteAllText(script, $"echo '{stderr}' >&2\nexit {code}\n");
            return Execute(new CommandExperiment(name, $"sh {script}"));
        }
        Assert.Multiple(() =>
        {
            Assert.That(Failing(folder, "value", "ValueError: lr must be positive", 1).EnvironmentFailure, Is.False);
            Assert.That(Failing(folder, "disk", "OSError: [Errno 28] No space left on device", 1).EnvironmentFailure, Is.True);
            Assert.That(Failing(folder, "memory", "MemoryError", 1).EnvironmentFailure, Is.True);
            Assert.That(Failing(folder, "killed", "Killed", 137).Error, Does.Contain("out-of-memory killer"));
        });
    }

    [Test]
    public void Output_is_kept_with_the_record_up_to_a_bound()
    {
        var script = Path.Combine(folder, "chatty.sh");
        // 20,000 lines of "line N": far over the bound; the end (with the metrics) is what is kept.
        File.WriteAllText(script, "i=0\nwhile [ $i -lt 20000 ]; do echo \"line $i\"; i=$((i+1)); done\necho '{\"ok\": 1}'\n");
        var record = Execute(new CommandExperiment("chatty", $"sh {script}"));
        Assert.Multiple(() =>
        {
            Assert.That(record.Status, Is.EqualTo(RunStatus.Succeeded), record.Error);
            Assert.That(record.Output!.Stdout, Has.Length.LessThanOrEqualTo(RunOutput.MaxChars + 40));
            Assert.That(record.Output.Stdout, Does.EndWith("line 19999\n{\"ok\": 1}\n"));
            Assert.That(record.Output.Truncated, Is.True);
            Assert.That(RecordJson.Deserialize(RecordJson.Serialize(record))!.Output, Is.EqualTo(record.Output), "it survives the store's JSON");
        });
    }
}

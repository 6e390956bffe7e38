using System.Text.Json;
using ReproSpec.Execution;
using ReproSpec.Experiments;
using ReproSpec.Planning;
using ReproSpec.Store;

namespace ReproSpec.Tests.Experiments;

/// <summary>CommandExperiment through RunOnce (the engine's own path for one run), with POSIX sh scripts so no interpreter is needed.</summary>
[NonParallelizable] // REPROSPEC_DATA is process-wide
public class CommandExperimentTests
{
    string folder = "";

    [SetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("reprospec-command-tests-").FullName;

    [TearDown]
    public void RemoveFolder()
    {
        Environment.SetEnvironmentVariable(ProjectFiles.EnvironmentVariable, null);
        Directory.Delete(folder, recursive: true);
    }

    string Script(string name, string body)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, "set -e\n" + body + "\n");
        return path;
    }

    static RunRecord Execute(CommandExperiment experiment, int seed = 3) =>
        RunOnce.Execute(new RunRequest(experiment, seed, []), 1, "", CancellationToken.None);

    [Test]
    public void Metrics_come_from_the_last_json_object_on_stdout_and_seeds_from_arguments_and_variables()
    {
        var script = Script("train.sh",
            "echo 'epoch 1 loss 0.3'\necho '{\"score\": 0.25}'\n" +
            "echo \"{\\\"seed\\\": $1, \\\"split\\\": $REPROSPEC_SEED_SPLIT, \\\"init\\\": $REPROSPEC_SEED_INIT, \\\"env_seed\\\": $REPROSPEC_SEED, \\\"order_arg\\\": $2, \\\"name\\\": \\\"x\\\"}\"");
        var record = Execute(new CommandExperiment("sh arm", $"sh {script} {{seed}} {{seed:order}}"));
        var seeds = new SeedSet(3);
        Assert.Multiple(() =>
        {
            Assert.That(record.Status, Is.EqualTo(RunStatus.Succeeded), record.Error);
            Assert.That(record.Metrics["seed"], Is.EqualTo(3));
            Assert.That(record.Metrics["env_seed"], Is.EqualTo(3));
            Assert.That(record.Metrics["split"], Is.EqualTo(seeds.For("split")));
            Assert.That(record.Metrics["init"], Is.EqualTo(seeds.For("init")));
            Assert.That(record.Metrics["order_arg"], Is.EqualTo(seeds.For("order")));
            Assert.That(record.Metrics.ContainsKey("score"), Is.False, "only the last JSON object counts");
            Assert.That(record.Metrics.ContainsKey("name"), Is.False, "a string member is not a metric");
        });
    }

    [Test]
    public void Patterns_read_an_unmodified_script_that_prints_text_and_two_groups_give_a_ratio()
    {
        var script = Script("print.sh", "echo 'Test set: Average loss: 0.0400, Accuracy: 9000/10000 (90%)'\necho 'Test set: Average loss: 0.0310, Accuracy: 9350/10000 (94%)'");
        var record = Execute(new CommandExperiment("text arm", $"sh {script}",
            Patterns: [new MetricPattern("test_accuracy", @"Accuracy: (\d+)/(\d+)"), new MetricPattern("test_loss", @"Average loss: ([0-9.]+)")]));
        Assert.Multiple(() =>
        {
            Assert.That(record.Status, Is.EqualTo(RunStatus.Succeeded), record.Error);
            Assert.That(record.Metrics["test_accuracy"], Is.EqualTo(0.935).Within(1e-12), "the last match wins");
            Assert.That(record.Metrics["test_loss"], Is.EqualTo(0.031).Within(1e-12));
        });
    }

    [Test]
    public void A_metrics_file_in_the_working_copy_is_read()
    {
        var project = Directory.CreateDirectory(Path.Combine(folder, "project")).FullName;
        File.WriteAllText(Path.Combine(project, "train.sh"), "echo '{\"score\": 0.5}' > metrics.json\n");
        var record = Execute(new CommandExperiment("file arm", "sh train.sh", WorkingDirectory: project, MetricsFile: "metrics.json"));
        Assert.Multiple(() =>
        {
            Assert.That(record.Status, Is.EqualTo(RunStatus.Succeeded), record.Error);
            Assert.That(record.Metrics["score"], Is.EqualTo(0.5));
            Assert.That(File.Exists(Path.Combine(project, "metrics.json")), Is.False, "the run wrote into its own copy, not the project");
        });
    }

    [Test]
    public void The_run_gets_its_own_home_and_temp_folder_and_they_are_removed_afterwards()
    {
        // A temp directory of this test's own: the shared one sees other test projects' runs (dotnet test runs them in parallel) come and go.
        var temp = Directory.CreateDirectory(Path.Combine(folder, "temp")).FullName;
        var previous = Environment.GetEnvironmentVariable("TMPDIR");
        Environment.SetEnvironmentVariable("TMPDIR", temp);
        try
        {
            Assert.That(Path.GetTempPath().TrimEnd(Path.DirectorySeparatorChar), Is.EqualTo(temp), "runs create their folders under TMPDIR");
            var script = Script("where.sh",
                "case \"$HOME\" in \"$REPROSPEC_RUN_DIR\"/*) ;; *) echo \"HOME is $HOME\" >&2; exit 7 ;; esac\n" +
                "case \"$TMPDIR\" in \"$REPROSPEC_RUN_DIR\"/*) ;; *) echo \"TMPDIR is $TMPDIR\" >&2; exit 8 ;; esac\n" +
                "case \"$REPROSPEC_RUN_DIR\" in \"" + temp + "\"/reprospec-run-*) ;; *) echo \"REPROSPEC_RUN_DIR is $REPROSPEC_RUN_DIR\" >&2; exit 9 ;; esac\n" +
                "touch \"$HOME/written\" \"$TMPDIR/written\"\necho '{\"ok\": 1}'");
            var record = Execute(new CommandExperiment("home arm", $"sh {script}"));
            Assert.Multiple(() =>
            {
                Assert.That(record.Status, Is.EqualTo(RunStatus.Succeeded), record.Error);
                Assert.That(Directory.GetFileSystemEntries(temp), Is.Empty, "the run's folder is deleted when it ends");
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", previous);
        }
    }

    [Test]
    public void A_non_zero_exit_is_a_failed_run_with_the_stderr_tail()
    {
        var script = Script("crash.sh", "echo 'Traceback (most recent call last):' >&2\necho 'ValueError: bad learning rate' >&2\nexit 3");
        var record = Execute(new CommandExperiment("crash arm", $"sh {script}"));
        Assert.Multiple(() =>
        {
            Assert.That(record.Status, Is.EqualTo(RunStatus.Failed));
            Assert.That(record.Error, Does.Contain("exited with code 3").And.Contain("ValueError: bad learning rate"));
            Assert.That(record.Error, Does.Contain("Traceback (most recent call last):\n  ValueError: bad learning rate"), "stderr keeps its lines");
            Assert.That(record.EnvironmentFailure, Is.False, "a script's own error is a result: stored");
            Assert.That(record.Output?.Stderr, Is.EqualTo("Traceback (most recent call last):\nValueError: bad learning rate\n"));
        });
    }

    [Test]
    public void No_metrics_is_a_failed_run_saying_what_was_expected()
    {
        var silent = Execute(new CommandExperiment("silent arm", $"sh {Script("silent.sh", "echo 'done training'")}"));
        var pattern = Execute(new CommandExperiment("pattern arm", $"sh {Script("nomatch.sh", "echo 'acc 0.9'")}",
            Patterns: [new MetricPattern("test_accuracy", @"Accuracy: (\d+)/(\d+)")]));
        var file = Execute(new CommandExperiment("file arm", $"sh {Script("nofile.sh", "true")}", MetricsFile: "metrics.json"));
        Assert.Multiple(() =>
        {
            Assert.That(silent.Status, Is.EqualTo(RunStatus.Failed));
            Assert.That(silent.Error, Does.Contain("expected a JSON object of metrics").And.Contain("done training"));
            Assert.That(pattern.Status, Is.EqualTo(RunStatus.Failed));
            Assert.That(pattern.Error, Does.Contain("matched nothing in stdout").And.Contain("acc 0.9"));
            Assert.That(file.Status, Is.EqualTo(RunStatus.Failed));
            Assert.That(file.Error, Does.Contain("wrote no metrics file metrics.json"));
        });
    }

    [Test]
    public void A_run_past_its_timeout_is_killed_and_failed()
    {
        var started = DateTime.UtcNow;
        var record = Execute(new CommandExperiment("slow arm", $"sh {Script("slow.sh", "sleep 30")}", TimeoutSeconds: 1));
        Assert.Multiple(() =>
        {
            Assert.That(record.Status, Is.EqualTo(RunStatus.Failed));
            Assert.That(record.Error, Does.Contain("did not finish within 1 s"));
            Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(20)));
        });
    }

    [Test]
    public void Bad_declarations_fail_when_the_run_key_is_computed_before_anything_runs_with_the_fix()
    {
        static string Declaring(CommandExperiment experiment) =>
            Assert.Catch(() => RunIdentity.KeyOf(experiment, 0, [], "cpu"))!.Message;
        Assert.Multiple(() =>
        {
            Assert.That(Declaring(new CommandExperiment("a", "  ")), Does.Contain("Command is empty"));
            Assert.That(Declaring(new CommandExperiment("a", "sh x", TimeoutSeconds: 0)), Does.Contain("TimeoutSeconds is 0"));
            Assert.That(Declaring(new CommandExperiment("a", "sh x", Patterns: [new MetricPattern("m", "no groups")])), Does.Contain("has 0 capture groups"));
            Assert.That(Declaring(new CommandExperiment("a", "sh x", Patterns: [new MetricPattern("m", "(unclosed")])), Does.Contain("is not a valid regular expression"));
            Assert.That(Declaring(new CommandExperiment("a", "sh {epochs}")), Does.Contain("unknown placeholder {epochs}"));
            Assert.That(Declaring(new CommandExperiment("a", "sh x", Code: [Path.Combine(folder, "missing.py")])), Does.Contain("missing.py' not found"));
            Assert.That(Declaring(new CommandExperiment("a", "sh x") { Mounts = [new Mount(folder, "/abs")] }), Does.Contain("is absolute"));
            Assert.That(Declaring(new CommandExperiment("a", "sh x") { InPlace = true }), Does.Contain("no Repository is declared"));
            Assert.That(Declaring(new CommandExperiment("a", "sh x") { Variables = new Dictionary<string, string> { ["A=B"] = "1" } }), Does.Contain("is not valid"));
        });
    }

    [Test]
    public void A_missing_program_is_an_environment_failure_not_a_declaration_error()
    {
        var record = Execute(new CommandExperiment("a", "no-such-program-reprospec"));
        Assert.Multiple(() =>
        {
            Assert.That(record.Status, Is.EqualTo(RunStatus.Failed));
            Assert.That(record.EnvironmentFailure, Is.True);
            Assert.That(record.Error, Does.Contain("could not start 'no-such-program-reprospec'"));
        });
    }

    [Test]
    public void The_identity_sees_the_script_content_and_the_data_not_their_timestamps()
    {
        var script = Script("train.sh", "echo '{\"score\": 1}'");
        var data = Script("data.csv", "1,2");
        var experiment = new CommandExperiment("arm", $"sh {script}", Code: [script], Data: [data]);
        var before = RunIdentity.KeyOf(experiment, 0, [], "cpu");
        File.SetLastWriteTimeUtc(script, DateTime.UtcNow.AddDays(-1));
        var touched = RunIdentity.KeyOf(experiment, 0, [], "cpu");
        File.AppendAllText(script, "# a comment is a change\n");
        var edited = RunIdentity.KeyOf(experiment, 0, [], "cpu");
        File.AppendAllText(data, "\n3,4");
        var newData = RunIdentity.KeyOf(experiment, 0, [], "cpu");
        Assert.Multiple(() =>
        {
            Assert.That(touched, Is.EqualTo(before));
            Assert.That(edited, Is.Not.EqualTo(before));
            Assert.That(newData, Is.Not.EqualTo(edited));
            Assert.That(RunIdentity.KeyOf(experiment with { Command = $"sh {script} --lr 0.1" }, 0, [], "cpu"), Is.Not.EqualTo(newData));
        });
    }

    [Test]
    public void A_folder_of_code_is_hashed_by_content_ignoring_byte_code_caches()
    {
        var code = Directory.CreateDirectory(Path.Combine(folder, "code")).FullName;
        File.WriteAllText(Path.Combine(code, "model.py"), "x = 1\n");
        var before = ProjectFiles.ContentHash(code);
        Directory.CreateDirectory(Path.Combine(code, "__pycache__"));
        File.WriteAllText(Path.Combine(code, "__pycache__", "model.cpython-311.pyc"), "bytes");
        var cached = ProjectFiles.ContentHash(code);
        File.WriteAllText(Path.Combine(code, "train.py"), "");
        Assert.Multiple(() =>
        {
            Assert.That(cached, Is.EqualTo(before));
            Assert.That(ProjectFiles.ContentHash(code), Is.Not.EqualTo(before), "a new (even empty) file is a change");
        });
    }

    [Test]
    public void Parameters_round_trip_through_json_so_workers_rebuild_the_same_run()
    {
        var experiment = new CommandExperiment("arm", "python3 train.py --seed {seed}", Code: ["train.py"], WorkingDirectory: "py",
            Patterns: [new MetricPattern("test_accuracy", @"Accuracy: (\d+)/(\d+)", 1)], TimeoutSeconds: 60, Requires: "python3 -c \"import torch\"");
        var json = RunIdentity.ParametersOf(experiment);
        var rebuilt = JsonSerializer.Deserialize<CommandExperiment>(json)!;
        Assert.That(RunIdentity.ParametersOf(rebuilt), Is.EqualTo(json));
    }

    [Test]
    public void Quoted_words_stay_one_argument()
    {
        Assert.That(CommandExperiment.Words("python3 -c \"import torch; print(1)\" --seed {seed}"),
            Is.EqualTo(new[] { "python3", "-c", "import torch; print(1)", "--seed", "{seed}" }));
    }

    [Test]
    public void Unavailable_names_the_failing_check_and_the_install_command()
    {
        var missing = new CommandExperiment("torch arm", "no-such-python-reprospec train.py", Install: "apt-get install python3-torch");
        var failing = new CommandExperiment("torch arm", "sh x", Requires: "sh -c \"exit 1\"", Install: "apt-get install python3-torch");
        Assert.Multiple(() =>
        {
            Assert.That(missing.Unavailable(), Does.Contain("'no-such-python-reprospec' is not on PATH").And.Contain("apt-get install python3-torch"));
            Assert.That(failing.Unavailable(), Does.Contain("the check `sh -c \"exit 1\"` failed").And.Contain("apt-get install python3-torch"));
            Assert.That(new CommandExperiment("sh arm", "sh x", Requires: "sh -c true").Unavailable(), Is.Null);
        });
    }
}

/// <summary>Under bubblewrap (installed by .ci/run) a command can write only inside its run's own folder.</summary>
[NonParallelizable]
public class CommandSandboxTests
{
    [Test]
    public void Under_the_sandbox_a_write_outside_the_run_folder_fails_the_run_and_leaves_nothing()
    {
        if (!CommandExperiment.Sandboxed)
        {
            var installed = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, "bwrap")));
            if (!installed && Environment.GetEnvironmentVariable("CI") == "true") Assert.Fail("bubblewrap is not installed on CI; .ci/run installs it (apt-get install bubblewrap).");
            Assert.Ignore("bubblewrap is not installed or cannot create a sandbox here: writes outside a run's folder are not prevented (docs/experiments.md).");
        }
        var folder = Directory.CreateTempSubdirectory("reprospec-sandbox-").FullName;
        try
        {
            var outside = Path.Combine(folder, "escaped.txt");
            var script = Path.Combine(folder, "escape.sh");
            File.WriteAllText(script, $"touch \"$HOME/inside\"\ntouch {outside}\necho '{{\"ok\": 1}}'\n");
            var record = RunOnce.Execute(new RunRequest(new CommandExperiment("escape arm", $"sh -e {script}"), 0, []), 1, "", CancellationToken.None);
            Assert.Multiple(() =>
            {
                Assert.That(record.Status, Is.EqualTo(RunStatus.Failed));
                Assert.That(record.Error, Does.Contain("Read-only file system"));
                Assert.That(File.Exists(outside), Is.False);
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

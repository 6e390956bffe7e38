using System.Globalization;
using System.Text.RegularExpressions;
using ReproSpec.Execution;
using ReproSpec.Experiments;
using ReproSpec.Store;

namespace ReproSpec.Bench;

/// <summary>
/// A CommandExperiment over samples' digits-example script (plain Python, no torch) against the same command typed by
/// hand, and two workers against one: what ReproSpec costs a researcher whose arm is a script.
/// </summary>
static partial class CommandBenchmarks
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    const string Python = "python3";

    /// <summary>The documented arm (samples/ReproSpec.Samples/CommandArms.cs), with absolute paths: the bench is not that project.</summary>
    static CommandExperiment Arm(string repository, int epochs) => new(
        Label: "digits-example softmax",
        Command: $"{Python} main.py --seed {{seed}} --epochs {epochs} --log-interval 0",
        WorkingDirectory: "digits",
        Patterns: [new MetricPattern("test_accuracy", @"Accuracy: (\d+)/(\d+)")],
        TimeoutSeconds: 3600)
    {
        Repository = Path.Combine(repository, "samples", "ReproSpec.Samples", "vendor", "digits-example"),
        Mounts = [new Mount(Path.Combine(repository, "data"), "../data")],
    };

    /// <summary>Overhead: <paramref name="seeds"/> runs of the ~10 s script through RunEngine (cold store, W = 1) vs the same commands by hand.</summary>
    public static BenchmarkRow Overhead(string repository, int epochs, int seeds, int repetitions)
    {
        var arm = Arm(repository, epochs);
        // By hand: the repository checked out once, its data where the script looks, the command run from digits/.
        var checkout = Timing.TempDirectory("command-by-hand");
        var copy = Path.Combine(checkout, "digits-example");
        CopyFolder(arm.Repository, copy);
        Directory.Delete(Path.Combine(copy, "data"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(copy, "data"), Path.Combine(repository, "data"));
        var workingDirectory = Path.Combine(copy, "digits");
        // Python's start, the interpreter probe and the page cache are paid here once, outside every timed region.
        ByHand(workingDirectory, 0, 1);
        _ = arm.DataFingerprint;

        var details = new List<string>();
        var ratios = new List<double>();
        var engineTimes = new List<double>();
        var handTimes = new List<double>();
        var identical = true;
        for (var rep = 0; rep < repetitions; rep++)
        {
            double engineSeconds = 0, handSeconds = 0;
            IReadOnlyList<RunRecord> records = [];
            var hand = new double[seeds];
            void Engine() => engineSeconds = Timing.Seconds(() => records = Through(arm, seeds, workers: 1));
            void Hand() => handSeconds = Timing.Seconds(() =>
            {
                for (var seed = 0; seed < seeds; seed++) hand[seed] = ByHand(workingDirectory, seed, epochs);
            });
            var load = EngineBenchmarks.LoadAverage();
            // Alternate which side goes first, so drift in the machine's load does not favour one.
            if (rep % 2 == 0) { Engine(); Hand(); } else { Hand(); Engine(); }
            var failed = records.FirstOrDefault(r => r.Status != RunStatus.Succeeded);
            if (failed is not null) throw new InvalidOperationException($"the command arm failed on seed {failed.Seed}: {failed.Error}");
            identical &= records.All(r => r.Metrics["test_accuracy"] == hand[r.Seed]);
            ratios.Add(engineSeconds / handSeconds);
            engineTimes.Add(engineSeconds);
            handTimes.Add(handSeconds);
            details.Add($"repetition {rep + 1} (load average before: {load}): engine {engineSeconds:F2} s ({seeds} runs trained), by hand {handSeconds:F2} s; ratio {engineSeconds / handSeconds:F3}");
        }
        Timing.Delete(checkout);
        details.Add($"per-seed test accuracy identical between the engine and the commands by hand: {(identical ? "yes" : "NO")}");
        details.Add("The engine's side includes, per run, copying the repository into a fresh folder, linking the data, the run key " +
                    "(hashing the repository and the data) and storing the record with the run's output; the interpreter probe runs once per process and is paid before repetition 1.");
        var median = Timing.Median(ratios);
        return new BenchmarkRow(
            $"Command overhead: {seeds} runs of samples' digits-example script (plain Python, {epochs} epochs, about {Timing.Median(handTimes) / seeds:F0} s a run here) as a CommandExperiment through RunEngine + cold store, W = 1, vs the same commands run by hand",
            "≤ 1.05×",
            $"{median.ToString("F3", Invariant)}× wall (median of {repetitions}; engine {Timing.Median(engineTimes):F1} s, by hand {Timing.Median(handTimes):F1} s); per-seed accuracy identical: {(identical ? "yes" : "no")}",
            BenchmarkRow.YesNo(median <= 1.05 && identical), "", details) { Group = "command" };
    }

    /// <summary>2 workers vs 1: <paramref name="runs"/> runs of the script through RunEngine with W = 1 and W = 2, cold stores.</summary>
    public static BenchmarkRow TwoWorkers(string repository, int epochs, int runs, int repetitions)
    {
        var arm = Arm(repository, epochs);
        _ = arm.DataFingerprint;
        var details = new List<string>();
        var speedUps = new List<double>();
        var identical = true;
        for (var rep = 0; rep < repetitions; rep++)
        {
            double one = 0, two = 0;
            IReadOnlyList<RunRecord> serial = [], parallel = [];
            void One() => one = Timing.Seconds(() => serial = Through(arm, runs, workers: 1));
            void Two() => two = Timing.Seconds(() => parallel = Through(arm, runs, workers: 2));
            var load = EngineBenchmarks.LoadAverage();
            if (rep % 2 == 0) { One(); Two(); } else { Two(); One(); }
            identical &= serial.Zip(parallel).All(p => p.First.Metrics["test_accuracy"] == p.Second.Metrics["test_accuracy"]);
            speedUps.Add(one / two);
            details.Add($"repetition {rep + 1} (load average before: {load}): W = 1 {one:F2} s, W = 2 {two:F2} s, speed-up {one / two:F2}×");
        }
        details.Add($"per-seed test accuracy identical between W = 1 and W = 2: {(identical ? "yes" : "NO")}");
        details.Add("Each run is one Python process on one thread; with other builds on the machine's two cores, W = 2 rarely has both to itself.");
        var median = Timing.Median(speedUps);
        return new BenchmarkRow(
            $"Command runs in parallel: {runs} runs of the digits-example script ({epochs} epochs), 2 workers vs 1, cold stores, 2 cores",
            "≥ 1.8×; per-seed metrics identical",
            $"{median.ToString("F2", Invariant)}× (median of {repetitions}); metrics identical: {(identical ? "yes" : "no")}",
            median >= 1.8 && identical ? "yes" : identical ? "partly" : "no", "", details) { Group = "command" };
    }

    static IReadOnlyList<RunRecord> Through(CommandExperiment arm, int seeds, int workers)
    {
        var root = Timing.TempDirectory("command-store");
        try
        {
            using var engine = new RunEngine(new RunStore(root), new InProcessExecutor(workers, 1, environment: ""));
            return engine.EnsureAsync(Enumerable.Range(0, seeds).Select(s => new RunRequest(arm, s, [])).ToList()).GetAwaiter().GetResult().Records;
        }
        finally
        {
            Timing.Delete(root);
        }
    }

    /// <summary>The command as a user types it; returns the last accuracy it printed, read as the arm's pattern reads it.</summary>
    static double ByHand(string workingDirectory, int seed, int epochs)
    {
        var result = Processes.Run(Python, ["main.py", "--seed", seed.ToString(Invariant), "--epochs", epochs.ToString(Invariant), "--log-interval", "0"], workingDirectory,
            new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "1", ["PYTHONHASHSEED"] = "0" });
        if (result.ExitCode != 0) throw new InvalidOperationException($"python3 main.py exited with {result.ExitCode}: {Processes.Tail(result)}");
        var match = Accuracy().Matches(result.Output)[^1];
        return double.Parse(match.Groups[1].Value, Invariant) / double.Parse(match.Groups[2].Value, Invariant);
    }

    static void CopyFolder(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    [GeneratedRegex(@"Accuracy: (\d+)/(\d+)")]
    private static partial Regex Accuracy();
}

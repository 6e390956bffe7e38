using System.Globalization;
using System.Text.Json;

namespace ReproSpec.Bench;

/// <summary>A claim of claims/ and the Python script a user would write for it instead (bench/python).</summary>
/// <param name="What">The row's first cell.</param>
/// <param name="Script">The Python peer, relative to the repository.</param>
/// <param name="Filter">The `dotnet test --filter Name~…` that runs the claim.</param>
/// <param name="Why">Why this row exists next to the other peer row.</param>
sealed record PeerClaim(string What, string Script, string Filter, string Why)
{
    /// <summary>A small claim (up to 40 runs of 3 epochs): dotnet test's fixed start-up weighs on it.</summary>
    public static readonly PeerClaim LeCun1998 = new(
        "Peer: the LeCun1998 claim (MLP 784-256-10 vs softmax regression, 3 epochs, Welch, margin 3 pp; ReproSpec sequential 5→20 seeds per arm, the Python script a fixed 20, " +
        "the claim's MaxSeeds) as a Python script (PyTorch + scipy) vs `dotnet test --filter Name~Mlp_beats_linear`, cold REPROSPEC_STORE, build excluded",
        "bench/python/lecun_claim.py", "Mlp_beats_linear",
        "Why this row: its runs are short (3 epochs, well under a second each in TorchSharp), so the fixed start-up of `dotnet test` " +
        "(host, test discovery, worker start; about the warm re-run's time) is a large share of the dotnet side; the Srivastava2014 row is dominated by training instead. " +
        "Both Python scripts run the claim's MaxSeeds: without a sequential design, the fixed n with the same error rates is about MaxSeeds (the simulated sequential row), " +
        "so the ratio includes the seeds the sequential design saves; the per-run line leaves them out.");

    /// <summary>A training-dominated claim (up to 50 runs of 15 epochs): per-run speed, and the seeds the sequential design may save.</summary>
    public static readonly PeerClaim Srivastava2014 = new(
        "Peer, training-dominated: the Srivastava2014 claim (Fig. 4's same architecture: MLP 784-256-256-10 with dropout 0.2 in / 0.5 hidden vs without, 15 epochs, paired t, " +
        "margin 0; ReproSpec sequential 10→25 seeds per arm, the Python script a fixed 25, the claim's MaxSeeds) as a Python script (PyTorch + scipy) vs " +
        "`dotnet test --filter Name~The_same_mlp_is_better_with_dropout`, cold REPROSPEC_STORE, build excluded",
        "bench/python/srivastava_claim.py", "The_same_mlp_is_better_with_dropout",
        "Why this row: the LeCun1998 row's 10 short runs leave `dotnet test`'s fixed start-up a large share of its time; here up to 50 runs of 15 epochs make training " +
        "dominate, so the ratio shows per-run speed (and any seeds the sequential design saves by stopping before 25; the per-run line separates the two).");
}

/// <summary>5. Claims as the Python script a user would write (Debian's python3-torch, scipy) against `dotnet test` of the claim.</summary>
sealed class PeerBenchmark(string repository, ClaimsProject claims)
{
    const string Python = "/usr/bin/python3";
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    readonly List<string> installNotes = [];
    string? installProblem;
    bool installChecked;

    public static string PythonCommand(PeerClaim claim) => $"{Python} {claim.Script}";

    static string Command(PeerClaim claim) =>
        $"({Python} -c 'import torch, scipy' || apt-get install -y python3-torch python3-scipy); {PythonCommand(claim)}; {ClaimsProject.TestCommand(claim.Filter)}";

    /// <summary>Installs python3-torch and python3-scipy with apt-get when torch does not import (once); null when they import, else why not.</summary>
    string? EnsurePython()
    {
        if (installChecked) return installProblem;
        installChecked = true;
        installProblem = Install(installNotes);
        return installProblem;
    }

    string? Install(List<string> notes)
    {
        if (!File.Exists(Python)) return $"{Python} is missing";
        if (Imports())
        {
            notes.Add("python3-torch and python3-scipy were already installed (an earlier bench run installs them with apt-get)");
            return null;
        }
        var install = Processes.Run("apt-get", ["install", "-y", "-q", "python3-torch", "python3-scipy"], repository,
            new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });
        if (install.ExitCode != 0)
        {
            var update = Processes.Run("apt-get", ["update", "-q"], repository);
            notes.Add($"apt-get install failed ({install.ExitCode}); apt-get update exited {update.ExitCode}");
            install = Processes.Run("apt-get", ["install", "-y", "-q", "python3-torch", "python3-scipy"], repository,
                new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" });
        }
        notes.Add($"apt-get install -y python3-torch python3-scipy: exit code {install.ExitCode}, {install.Seconds:F0} s (not part of any timing)");
        return Imports() ? null : $"python3-torch could not be installed here (apt-get exit code {install.ExitCode}): {Processes.Tail(install, 3)}";
    }

    bool Imports() => Processes.Run(Python, ["-c", "import torch, scipy"], repository).ExitCode == 0;

    /// <summary>The row of a peer that this bench run does not measure, saying why.</summary>
    public static BenchmarkRow Skipped(PeerClaim claim, string reason) =>
        new(claim.What, "≥ 10×", "not measured: " + reason, "not measured", Command(claim), [reason, claim.Why]);

    public BenchmarkRow Measure(PeerClaim claim, int repetitions, double buildSeconds)
    {
        var problem = EnsurePython();
        var details = new List<string>(installNotes);
        if (problem is not null)
            return new BenchmarkRow(claim.What, "≥ 10×", "not measurable here: " + problem, "not measured", Command(claim), details);

        details.Add($"dotnet build {ClaimsProject.Project} -c Release before timing: {buildSeconds:F0} s (excluded)");
        var ratios = new List<double>();
        var perRunRatios = new List<double>();
        var pythonTimes = new List<double>();
        var dotnetTimes = new List<double>();
        var warmTimes = new List<double>();
        for (var rep = 0; rep < repetitions; rep++)
        {
            ProcessResult python = null!;
            ClaimsRun net = null!;
            void RunPython() => python = Processes.Run(Python, [claim.Script], repository);
            void RunDotnet() => net = claims.TestColdAndWarm(claim.Filter);
            if (rep % 2 == 0) { RunPython(); RunDotnet(); } else { RunDotnet(); RunPython(); }
            if (python.ExitCode != 0) throw new InvalidOperationException($"{PythonCommand(claim)} failed:\n{Processes.Tail(python)}");
            var (cold, warm) = (net.Cold, net.Warm);

            using var json = JsonDocument.Parse(python.Output.Trim().Split('\n')[^1]);
            var py = PythonOutcome.From(json.RootElement);
            var outcome = net.Outcomes.Count == 1 ? net.Outcomes[0]
                : throw new InvalidOperationException($"`dotnet test --filter Name~{claim.Filter}` saved {net.Outcomes.Count} claim outcomes, expected 1 (exit code {cold.ExitCode}):\n{Processes.Tail(cold)}");

            ratios.Add(python.Seconds / cold.Seconds);
            pythonTimes.Add(python.Seconds);
            dotnetTimes.Add(cold.Seconds);
            if (warm is not null) warmTimes.Add(warm.Seconds);
            details.Add($"repetition {rep + 1}: python {python.Seconds:F1} s (torch {py.Torch}, {py.Threads} threads), " +
                        $"dotnet test cold {cold.Seconds:F1} s (exit code {cold.ExitCode}), warm re-run {warm?.Seconds:F1} s (exit code {warm?.ExitCode}); python / dotnet cold {python.Seconds / cold.Seconds:F2}×");
            details.Add($"  python: {Arm(py.A.Name, py.A.Values)}, {Arm(py.B.Name, py.B.Values)}, {py.Test} p = {py.PFor:G4} (against the claim: {py.PAgainst:G4}), {py.Verdict} " +
                        $"({py.A.Values.Length} seeds per arm, each test at α = {py.Alpha.ToString(Invariant)})");
            var looks = outcome.Looks > 1 ? $", decided at look {outcome.Looks} at nominal level {outcome.Threshold:G3}" : "";
            details.Add($"  ReproSpec: {Arm(outcome.Arms[0].Name, [.. outcome.Arms[0].Values])}, {Arm(outcome.Arms[1].Name, [.. outcome.Arms[1].Values])}, " +
                        $"{outcome.Comparison?.Name} p = {outcome.PSupport:G4} (against the claim: {outcome.PRefute:G4}), {outcome.Verdict} " +
                        $"({outcome.SeedsPerArm} seeds per arm{looks}; expected {outcome.Expected}, so the test {(cold.ExitCode == 0 ? "passed" : "failed")})");

            // Per run: end to end (whole command / runs it trained) and inside one run (training and test only).
            var runs = py.A.Values.Length + py.B.Values.Length;
            var pyPerRun = python.Seconds / runs;
            var netPerRun = cold.Seconds / net.Records.Count;
            var pyInRun = py.A.Seconds.Concat(py.B.Seconds).Average();
            var netInRun = net.Records.Select(r => r.Metrics.GetValueOrDefault("seconds", double.NaN)).Average();
            perRunRatios.Add(pyPerRun / netPerRun);
            details.Add($"  per run: python {pyPerRun:F2} s end to end ({runs} runs; {pyInRun:F2} s inside a run), " +
                        $"dotnet test {netPerRun:F2} s end to end ({net.Records.Count} runs trained; {netInRun:F2} s inside a run, its \"seconds\" metric); " +
                        $"python / ReproSpec {pyPerRun / netPerRun:F2}× per run end to end, {pyInRun / netInRun:F2}× inside a run (one thread each)");
        }
        details.Add("Both sides use their defaults: dotnet test runs W = cores worker processes of 1 thread each; the Python script runs in one " +
                    "process on as many threads as its torch reports above (Debian's torch reports omp_get_max_threads() = 1 here, and torch.__config__.parallel_info() says \"MKL not found\": it is built without the MKL that TorchSharp's libtorch bundles). " +
                    "So \"per run end to end\" also counts the W workers' parallelism; \"inside a run\" compares one thread with one thread, except that ReproSpec's W workers " +
                    "train at the same time and share the cores and memory bandwidth while the Python script trains alone. Splits differ " +
                    "(numpy's generator vs ReproSpec's SeededShuffle) and so do data orders (torch's generator vs SeededShuffle), sizes do not: 8,000 / 2,000 stratified.");
        details.Add(claim.Why);
        var ratio = Timing.Median(ratios);
        var warmNote = warmTimes.Count > 0
            ? $"; dotnet test warm re-run {Timing.Median(warmTimes):F1} s, python / warm {Timing.Median(pythonTimes) / Timing.Median(warmTimes):F1}×"
            : "";
        return new BenchmarkRow(claim.What, "≥ 10×",
            $"python {Timing.Median(pythonTimes):F1} s, dotnet test {Timing.Median(dotnetTimes):F1} s: {ratio.ToString("F2", Invariant)}× (median of {repetitions}); " +
            $"per run {Timing.Median(perRunRatios).ToString("F2", Invariant)}×{warmNote}",
            BenchmarkRow.YesNo(ratio >= 10), Command(claim), details);
    }

    static string Arm(string name, double[] values) =>
        $"{name} {(values.Length == 0 ? "—" : values.Average().ToString("F4", Invariant))} [{string.Join(", ", values.Select(v => v.ToString("F4", Invariant)))}]";

    /// <summary>The JSON line bench/python/mnist_peer.py's report() prints.</summary>
    sealed record PythonOutcome(PythonArm A, PythonArm B, string Test, double Alpha, double PFor, double PAgainst, string Verdict, string Torch, int Threads)
    {
        public static PythonOutcome From(JsonElement root) => new(
            PythonArm.From(root.GetProperty("a")), PythonArm.From(root.GetProperty("b")),
            root.GetProperty("test").GetString() ?? "", root.GetProperty("alpha").GetDouble(),
            Number(root.GetProperty("p_for")), Number(root.GetProperty("p_against")),
            root.GetProperty("verdict").GetString() ?? "", root.GetProperty("torch").GetString() ?? "", root.GetProperty("threads").GetInt32());

        // null when the script had no p-value (one seed per arm).
        static double Number(JsonElement element) => element.ValueKind == JsonValueKind.Number ? element.GetDouble() : double.NaN;
    }

    sealed record PythonArm(string Name, double[] Values, double[] Seconds)
    {
        public static PythonArm From(JsonElement arm) => new(
            arm.GetProperty("name").GetString() ?? "",
            [.. arm.GetProperty("values").EnumerateArray().Select(v => v.GetDouble())],
            [.. arm.GetProperty("seconds").EnumerateArray().Select(v => v.GetDouble())]);
    }
}

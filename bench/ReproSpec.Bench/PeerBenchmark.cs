using System.Globalization;
using System.Text.Json;
using ReproSpec.Statistics;
using ReproSpec.Store;

namespace ReproSpec.Bench;

/// <summary>5. The LeCun claim as the Python script a user would write (Debian's python3-torch, scipy) against dotnet test.</summary>
sealed class PeerBenchmark(string repository, ClaimsProject claims)
{
    const string Python = "/usr/bin/python3";
    const string Script = "bench/python/lecun_claim.py";
    const string Filter = "Mlp_beats_linear";
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string PythonCommand => $"{Python} {Script}";

    /// <summary>Installs python3-torch and python3-scipy with apt-get when torch does not import; null when that is impossible here.</summary>
    public string? EnsurePython(List<string> notes)
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

    public BenchmarkRow Measure(int repetitions, double buildSeconds)
    {
        var details = new List<string>();
        var problem = EnsurePython(details);
        var what = "Peer: the LeCun1998 claim (5 seeds per arm, Welch) as a Python script (PyTorch + scipy) vs `dotnet test --filter Name~Mlp_beats_linear`, cold REPROSPEC_STORE, build excluded";
        var command = $"({Python} -c 'import torch, scipy' || apt-get install -y python3-torch python3-scipy); {PythonCommand}; {ClaimsProject.TestCommand(Filter)}";
        if (problem is not null)
            return new BenchmarkRow(what, "≥ 10×", "not measurable here: " + problem, "not measured", command, details);

        details.Add($"dotnet build {ClaimsProject.Project} -c Release before timing: {buildSeconds:F0} s (excluded)");
        var ratios = new List<double>();
        var pythonTimes = new List<double>();
        var dotnetTimes = new List<double>();
        var warmTimes = new List<double>();
        for (var rep = 0; rep < repetitions; rep++)
        {
            ProcessResult python = null!, cold = null!;
            ProcessResult? warm = null;
            IReadOnlyList<RunRecord> records = [];
            void RunPython() => python = Processes.Run(Python, [Script], repository);
            void RunDotnet() => (cold, warm, records) = claims.TestColdAndWarm(Filter);
            if (rep % 2 == 0) { RunPython(); RunDotnet(); } else { RunDotnet(); RunPython(); }
            if (python.ExitCode != 0) throw new InvalidOperationException($"{PythonCommand} failed:\n{Processes.Tail(python)}");

            using var json = JsonDocument.Parse(python.Output.Trim().Split('\n')[^1]);
            var root = json.RootElement;
            double[] Values(string arm) => root.GetProperty(arm).EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var (pyMlp, pyLinear) = (Values("mlp"), Values("linear"));
            var netMlp = records.Where(r => !IsLinear(r)).OrderBy(r => r.Seed).Select(r => r.Metrics["test_accuracy"]).ToArray();
            var netLinear = records.Where(IsLinear).OrderBy(r => r.Seed).Select(r => r.Metrics["test_accuracy"]).ToArray();
            var netP = netMlp.Length > 1 && netLinear.Length > 1 ? TwoSampleTests.Welch(netMlp, netLinear, Alternative.Greater, 0.03).PValue : double.NaN;

            ratios.Add(python.Seconds / cold.Seconds);
            pythonTimes.Add(python.Seconds);
            dotnetTimes.Add(cold.Seconds);
            if (warm is not null) warmTimes.Add(warm.Seconds);
            details.Add($"repetition {rep + 1}: python {python.Seconds:F1} s (torch {root.GetProperty("torch").GetString()}, {root.GetProperty("threads").GetInt32()} threads), " +
                        $"dotnet test cold {cold.Seconds:F1} s (exit code {cold.ExitCode}), warm re-run {warm?.Seconds:F1} s (exit code {warm?.ExitCode}); python / dotnet cold {python.Seconds / cold.Seconds:F2}×");
            details.Add($"  python: MLP {Mean(pyMlp)} [{List(pyMlp)}], linear {Mean(pyLinear)} [{List(pyLinear)}], Welch p = {root.GetProperty("p").GetDouble():G4}, {root.GetProperty("verdict").GetString()}");
            details.Add($"  ReproSpec: MLP {Mean(netMlp)} [{List(netMlp)}], linear {Mean(netLinear)} [{List(netLinear)}], Welch p = {netP:G4}, {(cold.ExitCode == 0 ? "Supported (test passed)" : "test failed")}");
        }
        details.Add("Both sides use their defaults: dotnet test runs W = cores worker processes of 1 thread each; the Python script runs in one " +
                    "process on as many threads as its torch reports above (Debian's torch reports omp_get_max_threads() = 1 here, and torch.__config__.parallel_info() says \"MKL not found\": it is built without the MKL that TorchSharp's libtorch bundles). Splits differ " +
                    "(numpy's generator vs ReproSpec's SeededShuffle), sizes do not: 8,000 / 2,000 stratified.");
        var ratio = Timing.Median(ratios);
        var warmNote = warmTimes.Count > 0
            ? $"; dotnet test warm re-run {Timing.Median(warmTimes):F1} s, python / warm {Timing.Median(pythonTimes) / Timing.Median(warmTimes):F1}×"
            : "";
        return new BenchmarkRow(what, "≥ 10×",
            $"python {Timing.Median(pythonTimes):F1} s, dotnet test {Timing.Median(dotnetTimes):F1} s: {ratio.ToString("F2", Invariant)}× (median of {repetitions}){warmNote}",
            BenchmarkRow.YesNo(ratio >= 10), command, details);
    }

    static bool IsLinear(RunRecord record) => record.Parameters.Contains("\"linear\"", StringComparison.OrdinalIgnoreCase);

    static string Mean(double[] values) => values.Length == 0 ? "—" : values.Average().ToString("F4", Invariant);

    static string List(double[] values) => string.Join(", ", values.Select(v => v.ToString("F4", Invariant)));
}

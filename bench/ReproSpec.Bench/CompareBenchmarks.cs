using System.Globalization;
using System.Text;
using System.Text.Json;
using ReproSpec.Statistics;

namespace ReproSpec.Bench;

/// <summary>
/// `reprospec compare` on two files of 10⁶ rows each, once per test: wall time and peak resident memory of the process
/// (GNU time), the verdict, and the effect sizes checked against an independent count; plus Cliff's delta and A12 at
/// 10⁶ values per arm against samples whose values are known by construction.
/// </summary>
static class CompareBenchmarks
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    static readonly string[] Tests = ["welch", "student", "paired-t", "skew-robust-paired-t", "mann-whitney", "wilcoxon", "permutation", "aso"];

    /// <summary>Memory a decision on two million values may take (.NET runtime included).</summary>
    const double MemoryGoalMegabytes = 1024;

    public static IReadOnlyList<BenchmarkRow> Measure(string repository, int rows, int limitSeconds)
    {
        var cli = Path.Combine(repository, "src", "ReproSpec.Cli", "bin", "Release", "net10.0", "ReproSpec.Cli.dll");
        var build = Processes.Run("dotnet", ["build", "src/ReproSpec.Cli", "-c", "Release", "-nologo", "-v", "q"], repository);
        if (build.ExitCode != 0) throw new InvalidOperationException("dotnet build src/ReproSpec.Cli -c Release failed:\n" + Processes.Tail(build));
        var work = Timing.TempDirectory("compare");
        try
        {
            var (a, b) = (Path.Combine(work, "a.csv"), Path.Combine(work, "b.csv"));
            var (valuesA, valuesB) = WriteRuns(rows, a, b);
            var (expectedA12, expectedDelta) = CountedA12(valuesA, valuesB);
            var megabytes = new FileInfo(a).Length / 1e6;
            var result = new List<BenchmarkRow>();
            foreach (var test in Tests)
            {
                var timing = Path.Combine(work, test + ".time");
                string[] extra = test is "permutation" or "aso" ? ["--resamples", "1000"] : [];
                var run = Processes.Run("timeout", [limitSeconds.ToString(Invariant), "/usr/bin/time", "-f", "%e %M", "-o", timing,
                    "dotnet", cli, "compare", a, b, "--metric", "acc", "--test", test, .. extra, "--format", "json"], repository);
                var what = $"Compare at {rows:N0} rows per file: {test}";
                var goal = $"decides in bounded memory (< {MemoryGoalMegabytes:N0} MB) within {limitSeconds} s, effect sizes equal to an independent count";
                var command = $"{Program.Command} -- --only compare";
                if (run.ExitCode != 0)
                {
                    var why = run.ExitCode == 124 ? $"stopped after {limitSeconds} s" : $"exit {run.ExitCode}: {Processes.Tail(run, 3).ReplaceLineEndings(" ")}";
                    result.Add(new BenchmarkRow(what, goal, why, "no", command, [$"file size {megabytes:F1} MB per arm"]) { Group = "compare" });
                    continue;
                }
                var fields = File.ReadAllText(timing).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var seconds = double.Parse(fields[^2], Invariant);
                var peak = double.Parse(fields[^1], Invariant) / 1024;
                using var json = JsonDocument.Parse(run.Output);
                var root = json.RootElement;
                var effects = root.GetProperty("effect_size");
                var a12 = effects.GetProperty("a12").GetDouble();
                var delta = effects.GetProperty("cliffs_delta").GetDouble();
                var p = root.TryGetProperty("p_value", out var pv) && pv.ValueKind == JsonValueKind.Number ? pv.GetDouble().ToString("G3", Invariant) : "—";
                var effectsRight = Math.Abs(a12 - expectedA12) < 1e-9 && Math.Abs(delta - expectedDelta) < 1e-9;
                var met = peak < MemoryGoalMegabytes && seconds < limitSeconds && effectsRight;
                result.Add(new BenchmarkRow(what, goal,
                    $"{seconds:F1} s, peak {peak:N0} MB; {root.GetProperty("verdict").GetString()}, p = {p}; A12 {a12:F4}, Cliff's δ {delta:F4}",
                    BenchmarkRow.YesNo(met), command,
                    [
                        $"file size {megabytes:F1} MB per arm; wall time and peak resident memory from GNU time (`%e`, `%M`), .NET start-up and reading both files included",
                        $"test: {root.GetProperty("test_name").GetString()}{(extra.Length > 0 ? ", --resamples 1000" : "")}",
                        $"A12 {a12:R} and Cliff's δ {delta:R}; independent count (sort B, binary-search each A value): {expectedA12:R} and {expectedDelta:R}: {(effectsRight ? "equal" : "DIFFERENT")} to 1e-9",
                    ]) { Group = "compare" });
            }
            result.Add(ByConstruction(rows));
            return result;
        }
        finally
        {
            Timing.Delete(work);
        }
    }

    /// <summary>
    /// Two files of runs: seed,acc with acc a share of 10,000 items (ties), a seed effect shared
    /// by both arms (so the paired tests pair rows by the seed column), A 0.2 pp above B, rows in shuffled seed order.
    /// </summary>
    static (double[] A, double[] B) WriteRuns(int rows, string pathA, string pathB)
    {
        var random = new SeededRandom(20261207);
        var shared = new double[rows];
        for (var i = 0; i < rows; i++) shared[i] = 0.004 * Gaussian(random);
        var arms = new List<double[]>();
        foreach (var (path, mean) in new[] { (pathA, 0.902), (pathB, 0.900) })
        {
            var acc = new double[rows];
            for (var i = 0; i < rows; i++) acc[i] = Math.Round(Math.Clamp(mean + shared[i] + 0.003 * Gaussian(random), 0, 1) * 10_000) / 10_000;
            var order = Enumerable.Range(0, rows).ToArray();
            for (var i = rows - 1; i > 0; i--)
            {
                var j = random.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
            var text = new StringBuilder("seed,acc\n", rows * 16);
            foreach (var seed in order) text.Append(Invariant, $"{seed},{acc[seed]:F4}\n");
            File.WriteAllText(path, text.ToString());
            arms.Add(acc);
        }
        return (arms[0], arms[1]);
    }

    /// <summary>A standard normal draw (Box–Muller on the seeded generator).</summary>
    static double Gaussian(SeededRandom random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>A12 = P(A &gt; B) + ½ P(A = B) counted over all pairs without ranks: sort B, binary-search each A value.</summary>
    static (double A12, double Delta) CountedA12(double[] a, double[] b)
    {
        var sorted = (double[])b.Clone();
        Array.Sort(sorted);
        double greater = 0, equal = 0;
        foreach (var x in a)
        {
            var below = LowerBound(sorted, x);
            var upTo = UpperBound(sorted, x);
            greater += below;
            equal += upTo - below;
        }
        var pairs = (double)a.Length * b.Length;
        var a12 = (greater + equal / 2) / pairs;
        return (a12, 2 * a12 - 1);
    }

    static int LowerBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    static int UpperBound(double[] sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>
    /// Effect sizes at 10⁶ values per arm on samples whose answer is known in closed form, in shuffled order:
    /// A = 0, 2, 4, …, B = 1, 3, 5, … (no ties): A12 = (m − 1)/(2m), δ = −1/m; and A = B = i mod 100 (all ties): A12 = ½, δ = 0.
    /// </summary>
    static BenchmarkRow ByConstruction(int m)
    {
        var random = new SeededRandom(25);
        double[] Shuffled(Func<int, double> value)
        {
            var values = Enumerable.Range(0, m).Select(value).ToArray();
            for (var i = m - 1; i > 0; i--)
            {
                var j = random.NextInt(i + 1);
                (values[i], values[j]) = (values[j], values[i]);
            }
            return values;
        }
        var (even, odd) = (Shuffled(i => 2.0 * i), Shuffled(i => 2.0 * i + 1));
        var (tiesA, tiesB) = (Shuffled(i => i % 100), Shuffled(i => i % 100));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var a12 = EffectSizes.VarghaDelaneyA12(even, odd);
        var delta = EffectSizes.CliffsDelta(even, odd);
        var a12Ties = EffectSizes.VarghaDelaneyA12(tiesA, tiesB);
        var deltaTies = EffectSizes.CliffsDelta(tiesA, tiesB);
        var seconds = clock.Elapsed.TotalSeconds;
        var expected = (m - 1) / (2.0 * m);
        var right = Math.Abs(a12 - expected) < 1e-12 && Math.Abs(delta + 1.0 / m) < 1e-12 && Math.Abs(a12Ties - 0.5) < 1e-12 && Math.Abs(deltaTies) < 1e-12;
        return new BenchmarkRow($"Effect sizes at {m:N0} values per arm, by construction", "A12 and Cliff's δ equal their closed forms (to 1e-12)",
            $"A12 {a12:R} (expected {expected:R}), δ {delta:R} (expected {-1.0 / m:R}); all ties: A12 {a12Ties:R}, δ {deltaTies:R}; {seconds:F1} s",
            BenchmarkRow.YesNo(right), $"{Program.Command} -- --only compare",
            ["A = 0, 2, 4, …, 2(m − 1) and B = 1, 3, …, 2m − 1 in shuffled order: P(A > B) = m(m − 1)/2 / m², no ties, so A12 = (m − 1)/(2m) and δ = −1/m",
             "A = B = i mod 100 in two shuffled orders: every value tied as often in both arms, A12 = ½ and δ = 0"]) { Group = "compare" };
    }
}

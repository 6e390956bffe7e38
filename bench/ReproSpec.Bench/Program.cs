using System.Diagnostics;
using ReproSpec.Bench;

// Writes docs/benchmarks.md: dotnet run -c Release --project bench/ReproSpec.Bench [-- --quick] [--out path] [--only sequential]
var quick = false;
string? output = null;
string? only = null; // "sequential": only the sequential rows, printed (and written only with --out: docs/benchmarks.md stays whole)
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--quick":
            quick = true;
            break;
        case "--out" when i + 1 < args.Length:
            output = args[++i];
            break;
        case "--only" when i + 1 < args.Length && args[i + 1] == "sequential":
            only = args[++i];
            break;
        default:
            Console.Error.WriteLine($"Unknown or incomplete argument '{args[i]}'. Usage: [--quick] [--out path/to/benchmarks.md] [--only sequential]");
            return 2;
    }
}
var repository = Program.RepositoryRoot();
if (only is null) output ??= Path.Combine(repository, "docs", "benchmarks.md");
var clock = Stopwatch.StartNew();
void Done(string what) => Console.Error.WriteLine($"{what}: done ({clock.Elapsed.TotalSeconds:F0} s)");

var rows = new List<BenchmarkRow>();
if (only is null)
{
    EngineBenchmarks.WarmUp();
    Done("warm-up");
    rows.Add(EngineBenchmarks.Overhead(seedsPerArm: quick ? 2 : 5, repetitions: quick ? 1 : 7));
    Done("overhead");
    var (parallel, warm) = EngineBenchmarks.ParallelAndWarm(runs: quick ? 4 : 12, repetitions: quick ? 1 : 5);
    rows.Add(parallel);
    rows.Add(warm);
    Done("parallel and warm");
}
rows.Add(SequentialBenchmarks.Simulated(replications: quick ? 1_000 : 10_000));
Done("sequential, simulated");

var claims = new ClaimsProject(repository);
var build = claims.Build();
Done("claims build");
var sequential = SequentialBenchmarks.SequentialClaims(claims);
rows.Add(SequentialBenchmarks.RealClaims(claims, quick ? sequential.Take(1).ToList() : sequential));
Done("sequential, real claims");
if (only is null)
{
    rows.Add(new PeerBenchmark(repository, claims).Measure(repetitions: quick ? 1 : 2, build.Seconds));
    Done("python peer");
}

var machine = $"{Program.CpuModel()}, {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, no GPU used (CPU TorchSharp)";
var report = new BenchmarkReport(quick, machine, rows, clock.Elapsed);
if (output is not null)
{
    File.WriteAllText(output, BenchmarksMarkdown.Render(report));
    Console.Error.WriteLine($"Wrote {output} in {clock.Elapsed.TotalSeconds:F0} s");
}
foreach (var row in rows) Console.WriteLine($"{row.Met,-12} {row.Measured}  <- {row.What}");
if (only is not null)
{
    foreach (var row in rows)
        foreach (var detail in row.Details) Console.WriteLine("  " + detail);
}
return 0;

/// <summary>Where the bench finds the repository and how docs/benchmarks.md says to regenerate it.</summary>
static partial class Program
{
    public const string Command = "dotnet run -c Release --project bench/ReproSpec.Bench";

    /// <summary>The CPU model /proc/cpuinfo names (a VM may name only the family), or "CPU" off Linux.</summary>
    public static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "CPU"
            : "CPU";

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ReproSpec.sln")))
                return dir.FullName;
        throw new InvalidOperationException("ReproSpec.sln not found above the program; run it from the repository.");
    }
}

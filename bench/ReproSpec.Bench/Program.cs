using System.Diagnostics;
using ReproSpec.Bench;

// Writes docs/benchmarks.md: dotnet run -c Release --project bench/ReproSpec.Bench [-- --quick] [--only engine|sequential|peer|scale|command|compare] [--out path]
// With --only and --out naming an existing file, the group's rows replace that file's rows of the group; the others are kept.
var quick = false;
string? only = null;
string? output = null;
string[] groups = ["engine", "sequential", "peer", "scale", "command", "compare"];
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--quick":
            quick = true;
            break;
        case "--only" when i + 1 < args.Length && groups.Contains(args[i + 1]):
            only = args[++i];
            break;
        case "--out" when i + 1 < args.Length:
            output = args[++i];
            break;
        case "--only":
            Console.Error.WriteLine($"--only takes one of {string.Join(", ", groups)}.");
            return 2;
        default:
            Console.Error.WriteLine($"Unknown or incomplete argument '{args[i]}'. Usage: [--quick] [--only {string.Join('|', groups)}] [--out path/to/benchmarks.md]");
            return 2;
    }
}
var repository = Program.RepositoryRoot();
// A partial run never overwrites the full docs/benchmarks.md by default: it prints its Markdown instead.
if (only is null) output ??= Path.Combine(repository, "docs", "benchmarks.md");
var clock = Stopwatch.StartNew();
void Done(string what) => Console.Error.WriteLine($"{what}: done ({clock.Elapsed.TotalSeconds:F0} s)");
bool Runs(string group) => only is null || only == group;

var rows = new List<BenchmarkRow>();
if (Runs("scale"))
{
    // First, while nothing else of this process competes: two of its rows start dotnet test children.
    var scaleClaims = new ClaimsProject(repository);
    scaleClaims.Build();
    Done("claims build");
    EngineBenchmarks.WarmUp();
    rows.Add(ScaleBenchmarks.ConcurrentTests(repository) with { Group = "scale" });
    Done("two concurrent dotnet test");
    rows.Add(ScaleBenchmarks.SuitePacking(repository) with { Group = "scale" });
    Done("suite packing, real claims");
    rows.Add(ScaleBenchmarks.SimulatedPool() with { Group = "scale" });
    Done("suite packing, simulated 16 workers");
    rows.Add(ScaleBenchmarks.GemmFloor() with { Group = "scale" });
    Done("MLP vs GEMM floor");
    rows.Add(ScaleBenchmarks.TwoWorkers() with { Group = "scale" });
    Done("2 workers vs 1");
}
if (Runs("engine"))
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
if (Runs("command"))
{
    // About 10 s a run on an idle core: 30 epochs of the digits script (3 take about 1 s).
    rows.Add(CommandBenchmarks.Overhead(repository, epochs: quick ? 6 : 30, seeds: 2, repetitions: quick ? 1 : 3));
    Done("command overhead");
    rows.Add(CommandBenchmarks.TwoWorkers(repository, epochs: quick ? 6 : 15, runs: 4, repetitions: quick ? 1 : 3));
    Done("command, 2 workers vs 1");
}
if (Runs("compare"))
{
    // `reprospec compare` on 10⁶ rows per file, every test (10⁵ with --quick).
    rows.AddRange(CompareBenchmarks.Measure(repository, rows: quick ? 100_000 : 1_000_000, limitSeconds: 600));
    Done("compare at scale");
}
if (Runs("sequential"))
{
    rows.Add(SequentialBenchmarks.Simulated(replications: quick ? 1_000 : 10_000));
    Done("sequential, simulated");
}

if (Runs("sequential") || Runs("peer"))
{
    var claims = new ClaimsProject(repository);
    var build = claims.Build();
    Done("claims build");
    if (Runs("sequential"))
    {
        var sequential = SequentialBenchmarks.SequentialClaims(claims);
        rows.Add(SequentialBenchmarks.RealClaims(claims, quick ? sequential.Take(1).ToList() : sequential));
        Done("sequential, real claims");
    }
    if (Runs("peer"))
    {
        var peer = new PeerBenchmark(repository, claims);
        rows.Add(peer.Measure(PeerClaim.LeCun1998, repetitions: quick ? 1 : 2, build.Seconds));
        Done("python peer, LeCun1998");
        rows.Add(quick
            ? PeerBenchmark.Skipped(PeerClaim.Srivastava2014, "--quick skips this row: the Python script alone trains 50 runs of 15 epochs (several minutes on one thread); " +
                                                              $"measure it with `{Program.Command}` or `{Program.Command} -- --only peer`")
            : peer.Measure(PeerClaim.Srivastava2014, repetitions: 2, build.Seconds));
        Done("python peer, Srivastava2014");
    }
}

var stamp = $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC";
var from = only is null ? $"full run{(quick ? " (--quick)" : "")}, {stamp}" : $"`--only {only}`{(quick ? " --quick" : "")}, {stamp}";
rows = rows.Select(r => r with { From = from, Group = r.Group.Length > 0 ? r.Group : BenchmarksMarkdown.GroupOf(r.What) }).ToList();
var merged = false;
if (only is not null && output is not null && File.Exists(output))
{
    var previous = BenchmarksMarkdown.Parse(File.ReadAllText(output), earlierRun: "earlier full run");
    rows = BenchmarksMarkdown.Merge(previous, only, rows).ToList();
    merged = true;
}
var machine = $"{Program.CpuModel()}, {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, no GPU used (CPU TorchSharp)";
var report = new BenchmarkReport(quick, only, machine, rows, clock.Elapsed, merged);
// Sections written by other tools (bench/ReproSpec.Calibration's rows) follow a marker and are kept as they are.
var kept = output is not null && File.Exists(output) ? BenchmarksMarkdown.KeptSections(File.ReadAllText(output)) : "";
var markdown = BenchmarksMarkdown.Render(report) + kept;
if (output is null)
{
    Console.WriteLine(markdown);
    Console.Error.WriteLine($"--only {only}: printed the Markdown above (add --out path to write it to a file) in {clock.Elapsed.TotalSeconds:F0} s");
}
else
{
    File.WriteAllText(output, markdown);
    Console.Error.WriteLine($"Wrote {output} in {clock.Elapsed.TotalSeconds:F0} s");
}
foreach (var row in rows.Where(r => r.From == from)) Console.WriteLine($"{row.Met,-12} {row.Measured}  <- {row.What}");
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

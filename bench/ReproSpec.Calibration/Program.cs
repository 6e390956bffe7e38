using ReproSpec.Simulation;
using System.Diagnostics;
using ReproSpec.Calibration;
using ReproSpec.Statistics;

// Regenerates docs/calibration.md:
//   dotnet run -c Release --project bench/ReproSpec.Calibration [-- --replications 20000 --out docs/calibration.md]
var replications = 20_000;
string? output = null;
var dataKinds = false;
string? claimFilter = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--tied-threshold":
            // A benchmark row of docs/benchmarks.md: a 40-seed IsAtLeast claim on tied shares, time and allocation.
            return TiedThreshold.Measure();
        case "--claim-cases" when i + 1 < args.Length:
            // Only the claim-table rows whose claim contains the text, at R/2 each, as Markdown rows of docs/calibration.md.
            claimFilter = args[++i];
            break;
        case "--paired-power":
            // docs/statistics.md: the power the default paired test gives up against the t waiver on normal differences.
            return PairedPower.Measure(2_000);
        case "--shipped-claims" when i + 1 < args.Length:
            // Re-decides the shipped claims on their snapshots' per-seed values: does a change keep their verdicts?
            return ShippedVerdicts.Check(args[i + 1], args.Length > i + 3 && args[i + 2] == "--snapshots" ? args[i + 3] : null);
        case "--data-kinds":
            // Only issue #25's rows (skewed, over-dispersed, collapsing, unequal n), printed as Markdown for docs/calibration.md.
            dataKinds = true;
            break;
        case "--replications" when i + 1 < args.Length && int.TryParse(args[i + 1], out var r) && r >= 100:
            replications = r;
            i++;
            break;
        case "--out" when i + 1 < args.Length:
            output = args[++i];
            break;
        default:
            Console.Error.WriteLine($"Unknown or incomplete argument '{args[i]}'. Usage: [--replications N (≥ 100)] [--out path/to/calibration.md] [--data-kinds]");
            return 2;
    }
}
if (dataKinds)
{
    var rowClock = Stopwatch.StartNew();
    var dataRows = new List<DataKindRow>();
    foreach (var row in DataKindRows.Rows())
    {
        dataRows.Add(row(replications));
        var last = dataRows[^1];
        Console.Error.WriteLine($"{last.Data} / {last.Claim} / {last.Design}: {last.Rates.Supported.Power:0.0000} ({rowClock.Elapsed.TotalSeconds:F0} s)");
    }
    Console.Write(DataKindRows.Section(dataRows, replications));
    return 0;
}
if (claimFilter is not null)
{
    var matching = ClaimCalibration.Cases().Select((c, i) => (Case: c, Index: i)).Where(x => x.Case.Shape.Contains(claimFilter, StringComparison.Ordinal)).ToList();
    var lines = new string[matching.Count];
    Parallel.For(0, matching.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, k =>
    {
        var (c, i) = matching[k];
        lines[k] = CalibrationMarkdown.ClaimLine(new ClaimRow(c, ClaimSimulation.Run(c.Claim, c.Settings, c.Metric, c.Sampler, replications / 2, seed: 6000 + (ulong)i)), 0.05);
        Console.Error.WriteLine(lines[k]);
    });
    foreach (var line in lines) Console.WriteLine(line);
    return 0;
}
output ??= Path.Combine(RepositoryRoot(), "docs", "calibration.md");

const double alpha = 0.05;
var clock = Stopwatch.StartNew();
var cases = Calibration.FixedNCases(alpha);
var fixedN = new List<CalibrationResult>();
for (var i = 0; i < cases.Count; i++)
{
    fixedN.Add(Calibration.Run(cases[i], alpha, replications, seed: 2000 + (ulong)i));
    Console.Error.WriteLine($"{cases[i].Test}: done ({clock.Elapsed.TotalSeconds:F0} s)");
}

const double margin = 0.5;
var sequential = new List<SequentialCalibration>();
foreach (var spending in new[] { SpendingFunction.OBrienFleming, SpendingFunction.Pocock })
{
    var design = SequentialDesign.Create(3, 20, 3, alpha, spending);
    foreach (var (difference, index) in new[] { margin, margin - 1.0, margin + 0.8, margin + 1.5 }.Select((d, k) => (d, k)))
        sequential.Add(Calibration.RunSequential(design, margin, difference, replications, seed: 3000 + (ulong)(10 * (int)spending + index)));
    Console.Error.WriteLine($"Sequential {spending}: done ({clock.Elapsed.TotalSeconds:F0} s)");
}

// Paired / one-sample t under sequential looks: normal-theory levels against the simulated t levels, on paths drawn
// independently of the calibration's own (different seed and stream).
var tLevels = new List<TLevelRow>();
foreach (var settings in ClaimCalibration.ShippedDesigns.Concat(ClaimCalibration.SmallSampleDesigns).Where(s => s.IsSequential))
{
    var normal = SequentialDesign.Create(settings.MinSeeds, settings.MaxSeeds, settings.Batch, alpha, settings.SpendingUsed);
    var t = SequentialDesign.Create(settings.MinSeeds, settings.MaxSeeds, settings.Batch, alpha, settings.SpendingUsed, LookStatistic.OneSampleT);
    var seed = 5000 + (ulong)tLevels.Count;
    tLevels.Add(new TLevelRow(normal, t, Calibration.OneSampleTSequentialError(normal, 2 * replications, seed),
        Calibration.OneSampleTSequentialError(t, 2 * replications, seed)));
    Console.Error.WriteLine($"t levels {settings.MinSeeds}-{settings.MaxSeeds}/{settings.Batch} {settings.SpendingUsed}: done ({clock.Elapsed.TotalSeconds:F0} s)");
}

// Every claim shape through ClaimDecider, at its margin: R/2 replications each (a decision costs a few ms), two at a time.
var claimClock = System.Diagnostics.Stopwatch.StartNew();
var claimCases = ClaimCalibration.Cases();
var claimRows = new ClaimRow[claimCases.Count];
Parallel.For(0, claimCases.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
{
    var c = claimCases[i];
    claimRows[i] = new ClaimRow(c, ClaimSimulation.Run(c.Claim, c.Settings, c.Metric, c.Sampler, replications / 2, seed: 6000 + (ulong)i));
    Console.Error.WriteLine($"{c.Shape}, {c.Design}: done ({clock.Elapsed.TotalSeconds:F0} s)");
});
var claimTime = claimClock.Elapsed;

var colas = ColasExample.Compute(replications);

// ASO costs about 10 ms per call (1,000 bootstrap resamples of 1,000 scores per arm): R/20 experiments.
var dominance = new List<DominanceRow>();
foreach (var n in new[] { 5, 10, 20 })
{
    dominance.Add(new DominanceRow(n,
        Calibration.ProbabilityOfImprovementCoverage(0, n, 0.95, replications, seed: 4000 + (ulong)n),
        Calibration.ProbabilityOfImprovementCoverage(1, n, 0.95, replications, seed: 4100 + (ulong)n),
        Calibration.AlmostStochasticOrderRate(0, n, replications / 20, seed: 4200 + (ulong)n),
        Calibration.AlmostStochasticOrderRate(1, n, replications / 20, seed: 4300 + (ulong)n)));
    Console.Error.WriteLine($"Dominance n = {n}: done ({clock.Elapsed.TotalSeconds:F0} s)");
}
var report = new CalibrationReport(alpha, replications, fixedN, sequential, tLevels, claimRows, colas, dominance, claimTime);
var kindReplications = Math.Max(100, replications / 10);
var kinds = DataKindRows.Rows().Select(row => row(kindReplications)).ToList();
Console.Error.WriteLine($"Data kinds: done ({clock.Elapsed.TotalSeconds:F0} s)");
File.WriteAllText(output, CalibrationMarkdown.Render(report) + "\n" + DataKindRows.Section(kinds, kindReplications));
Console.Error.WriteLine($"Wrote {output} in {clock.Elapsed.TotalSeconds:F0} s");
return 0;

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "ReproSpec.sln")))
            return dir.FullName;
    throw new InvalidOperationException("ReproSpec.sln not found above the program; pass --out.");
}

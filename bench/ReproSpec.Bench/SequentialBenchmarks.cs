using System.Globalization;
using ReproSpec.Statistics;

namespace ReproSpec.Bench;

/// <summary>4. Seeds a sequential claim uses against a fixed-n design: simulated at equal error rates, and on the real claims.</summary>
static class SequentialBenchmarks
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    const double Alpha = 0.05, Margin = 0.5;

    /// <summary>
    /// The design and simulation of docs/calibration.md (Calibration.RunSequential, δ = 0.5, sd 1); the fixed-n
    /// reference is the smallest n with the same power (noncentral t), as there.
    /// </summary>
    public static BenchmarkRow Simulated(int replications)
    {
        var design = SequentialDesign.Create(3, 20, 3, Alpha);
        var details = new List<string>();
        var shares = new List<(double Effect, double Share)>();
        foreach (var (difference, index) in new[] { Margin + 1.5, Margin + 0.8, Margin - 1.0 }.Select((d, i) => (d, i)))
        {
            var s = Calibration.RunSequential(design, Margin, difference, replications, seed: 5000 + (ulong)index);
            var reference = difference > Margin
                ? Power.SeedsNeeded(difference, 1, 1, Margin, Alpha, power: Math.Min(s.Supported.Power, 0.9999), maxSeeds: 1000).SeedsPerArm ?? design.MaxSeeds
                : design.MaxSeeds; // below δ the fixed-n design refutes at MaxSeeds: its power to refute is the comparison
            var share = s.MeanSeedsPerArm / reference;
            shares.Add((difference - Margin, share));
            details.Add($"μA − μB − δ = {difference - Margin:+0.0;-0.0} sd: mean {s.MeanSeedsPerArm:F2} ± {s.MeanSeedsStandardError:F2} seeds per arm; " +
                        $"Supported {s.Supported.Power:F4}, Refuted {s.Refuted.Power:F4} (fixed n = 20: {s.FixedSupported.Power:F4}, {s.FixedRefuted.Power:F4}); " +
                        $"fixed n with the same power {reference}; share {share.ToString("P0", Invariant)}");
        }
        var clear = shares[0];
        var allMet = shares.All(x => x.Share <= 0.60);
        return new BenchmarkRow(
            $"Sequential vs fixed n, simulated: SequentialDesign.Create(3, 20, 3, 0.05) (O'Brien–Fleming), Calibration.RunSequential, R = {replications:N0} per effect",
            "≤ 60 % of the fixed-n seeds at equal error rates",
            string.Join("; ", shares.Select(x => $"{x.Share.ToString("P0", Invariant)} at μA − μB − δ = {x.Effect:+0.0;-0.0} sd")),
            allMet ? "yes" : clear.Share <= 0.60 ? "partly" : "no", "", details);
    }

    /// <summary>The sequential claims in claims/, each run by dotnet test on a cold store: seeds used against MaxSeeds.</summary>
    public static BenchmarkRow RealClaims(ClaimsProject claims, IReadOnlyList<(string Fixture, string Filter)> sequential)
    {
        var details = new List<string>();
        var perClaim = new List<string>();
        int used = 0, allowed = 0;
        foreach (var (fixture, filter) in sequential)
        {
            var (process, records) = claims.Test(filter);
            var maxSeeds = claims.Declared(fixture, "MaxSeeds");
            var arms = records.GroupBy(r => r.Parameters).ToList();
            var seedsPerArm = arms.Count == 0 ? 0 : arms.Max(a => a.Count());
            used += records.Count;
            allowed += maxSeeds * Math.Max(arms.Count, 2);
            perClaim.Add($"{fixture} {seedsPerArm}/{maxSeeds}");
            details.Add($"{fixture}: {seedsPerArm} of {maxSeeds} seeds per arm ({records.Count} runs, {arms.Count} arms), " +
                        $"dotnet test exit code {process.ExitCode} ({(process.ExitCode == 0 ? "claim met its expected verdict" : "claim failed")}), {process.Seconds:F0} s");
        }
        var share = allowed == 0 ? double.NaN : (double)used / allowed;
        return new BenchmarkRow(
            $"Sequential claims in claims/ ({string.Join(", ", sequential.Select(s => s.Fixture))}): runs used vs MaxSeeds, cold store",
            "≤ 60 %",
            $"{share.ToString("P0", Invariant)} ({used} of {allowed} runs; seeds per arm: {string.Join(", ", perClaim)})", BenchmarkRow.YesNo(share <= 0.60),
            string.Join("; ", sequential.Select(s => ClaimsProject.TestCommand(s.Filter))), details);
    }
}

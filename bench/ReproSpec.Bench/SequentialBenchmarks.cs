using ReproSpec.Simulation;
using System.Globalization;
using ReproSpec.Claims;
using ReproSpec.Planning;
using ReproSpec.Statistics;

namespace ReproSpec.Bench;

/// <summary>4. Seeds a sequential claim uses against a fixed-n design: simulated at equal error rates, and on the real claims.</summary>
static class SequentialBenchmarks
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    const double Alpha = 0.05, Margin = 0.5, Goal = 0.60;
    const int MinSeeds = 3, MaxSeeds = 20, Batch = 3;

    /// <summary>μA − μB − δ in sd, besides the effect at which the fixed-n test at MaxSeeds has 80 % power.</summary>
    static readonly double[] Effects = [-1.5, -1.25, -1.0, -0.5, 0, 0.5, 1.0, 1.25, 1.5, 2.0];

    /// <summary>
    /// The design and simulation of docs/calibration.md (Calibration.RunSequential, δ = 0.5, sd 1) for each spending
    /// function over a grid of effects. The equal-error-rate reference is the smallest fixed n whose Welch test has the
    /// sequential design's simulated power (noncentral t); with no effect there is no power to match, and the
    /// reference is the fixed n = MaxSeeds design (both error rates ≤ α).
    /// </summary>
    public static BenchmarkRow Simulated(int replications)
    {
        var powered = EightyPercentPowerEffect();
        var effects = Effects.Append(Math.Round(powered, 2)).Order().ToArray();
        var details = new List<string>
        {
            $"Looks at {MinSeeds}, {MinSeeds + Batch}, …, {MaxSeeds} seeds per arm; α = {Alpha} per error; arms N(μ, 1); δ = {Margin}. " +
            $"The fixed-n Welch test at n = {MaxSeeds} has 80 % power at μA − μB − δ = {powered:+0.00} sd (noncentral t), the effect such a design is sized for.",
        };
        var summaries = new List<string>();
        var atPowered = new List<string>();
        var anyMet = false;
        foreach (var spending in new[] { SpendingFunction.OBrienFleming, SpendingFunction.Pocock })
        {
            var design = SequentialDesign.Create(MinSeeds, MaxSeeds, Batch, Alpha, spending);
            var name = ClaimSettings.SpendingName(spending);
            var shares = new List<(double Effect, double Share)>();
            foreach (var (effect, index) in effects.Select((e, i) => (e, i)))
            {
                var difference = Margin + effect;
                var s = Calibration.RunSequential(design, Margin, difference, replications, seed: 5000 + (ulong)index);
                var reference = Reference(effect, s);
                var share = s.MeanSeedsPerArm / reference;
                shares.Add((effect, share));
                details.Add($"{name}, μA − μB − δ = {effect:+0.00;-0.00;0.00} sd: mean {s.MeanSeedsPerArm:F2} ± {s.MeanSeedsStandardError:F2} seeds per arm " +
                            $"({s.SeedShare.ToString("P0", Invariant)} of {MaxSeeds}); Supported {s.Supported.Power:F4}, Refuted {s.Refuted.Power:F4} " +
                            $"(fixed n = {MaxSeeds}: {s.FixedSupported.Power:F4}, {s.FixedRefuted.Power:F4}); " +
                            $"equal-error-rate fixed n {reference}{(effect == 0 ? " (no power to match: n = MaxSeeds)" : "")}; share {share.ToString("P1", Invariant)}");
            }
            var above = Boundary(shares.Where(x => x.Effect > 0).OrderByDescending(x => x.Effect));
            var below = Boundary(shares.Where(x => x.Effect < 0).OrderBy(x => x.Effect));
            anyMet |= above is not null || below is not null;
            summaries.Add($"{name}: ≤ 60 % for μA − μB − δ ≥ {Effect(above)} and ≤ {Effect(below)}");
            var p = shares.Single(x => x.Effect == Math.Round(powered, 2));
            atPowered.Add($"{name} {p.Share.ToString("P0", Invariant)}");
        }
        details.Add("A share is the sequential design's mean seeds per arm over the equal-error-rate fixed n; \"≤ 60 % for effects ≥ X\" " +
                    "means at every simulated effect from X up (and likewise below 0), on this grid.");
        return new BenchmarkRow(
            $"Sequential vs fixed n, simulated: SequentialDesign.Create({MinSeeds}, {MaxSeeds}, {Batch}, {Alpha}) with O'Brien–Fleming and Pocock spending, " +
            $"Calibration.RunSequential, R = {replications:N0} per effect and spending function",
            "≤ 60 % of the fixed-n seeds at equal error rates",
            string.Join("; ", summaries) +
            $"; at the fixed-n design's 80 %-power effect ({powered:+0.00} sd): {string.Join(", ", atPowered)}",
            anyMet ? "partly" : "no", $"{Program.Command} -- --only sequential", details);
    }

    /// <summary>The smallest fixed n per arm with the sequential design's power; below the margin by symmetry of the Welch test.</summary>
    static int Reference(double effect, SequentialCalibration s)
    {
        if (effect == 0) return s.Design.MaxSeeds;
        var power = Math.Min(effect > 0 ? s.Supported.Power : s.Refuted.Power, 0.9999);
        if (power <= Alpha) return s.Design.MaxSeeds;
        // Rejecting "μA − μB ≥ δ" at δ − e has the power of rejecting "μA − μB ≤ δ" at δ + e.
        return Power.SeedsNeeded(Margin + Math.Abs(effect), 1, 1, Margin, Alpha, power, maxSeeds: 1000).SeedsPerArm ?? s.Design.MaxSeeds;
    }

    /// <summary>Walking in from the largest effect, the last effect whose share and every larger one's are ≤ the goal.</summary>
    static double? Boundary(IEnumerable<(double Effect, double Share)> fromOutside)
    {
        double? last = null;
        foreach (var (effect, share) in fromOutside)
        {
            if (share > Goal) break;
            last = effect;
        }
        return last;
    }

    static string Effect(double? effect) => effect is { } e ? string.Create(Invariant, $"{e:+0.0#;-0.0#} sd") : "nowhere on the grid";

    static double EightyPercentPowerEffect()
    {
        double low = 0, high = 3;
        for (var i = 0; i < 60; i++)
        {
            var mid = (low + high) / 2;
            if (Power.WelchPower(Margin + mid, 1, 1, MaxSeeds, MaxSeeds, Alpha, margin: Margin) < 0.8) low = mid;
            else high = mid;
        }
        return (low + high) / 2;
    }

    /// <summary>Every sequential claim (MaxSeeds above MinSeeds) the built claims assembly declares, found by <see cref="ClaimDiscovery"/>.</summary>
    public static IReadOnlyList<DiscoveredClaim> SequentialClaims(ClaimsProject claims) =>
        ClaimDiscovery.Discover(ClaimsAssembly.Load(claims.Assembly)).Claims.Where(c => c.Settings.IsSequential).ToList();

    /// <summary>The sequential claims in claims/, each run by dotnet test on a cold store: seeds used against MaxSeeds.</summary>
    public static BenchmarkRow RealClaims(ClaimsProject claims, IReadOnlyList<DiscoveredClaim> sequential)
    {
        var details = new List<string>();
        var perClaim = new List<string>();
        int used = 0, allowed = 0;
        var names = new List<string>();
        var commands = new List<string>();
        foreach (var claim in sequential)
        {
            var fixture = claim.Test.Split('.')[^2];
            var method = claim.Test.Split('.')[^1];
            var (process, records) = claims.Test(method);
            var armCount = claim.Declaration.Arms.Distinct().Count();
            var arms = records.GroupBy(r => r.Parameters).ToList();
            var seedsPerArm = arms.Count == 0 ? 0 : arms.Max(a => a.Count());
            var max = claim.Settings.MaxSeeds;
            used += records.Count;
            allowed += max * armCount;
            names.Add(fixture);
            commands.Add(ClaimsProject.TestCommand(method));
            perClaim.Add($"{fixture} {seedsPerArm}/{max}");
            details.Add($"{fixture} ({claim.Settings.Design()}): {seedsPerArm} of {max} seeds per arm ({records.Count} runs, {armCount} arm(s)), " +
                        $"dotnet test exit code {process.ExitCode} ({(process.ExitCode == 0 ? "claim met its expected verdict" : "claim failed")}), {process.Seconds:F0} s");
        }
        details.Add("MaxSeeds is the fixed-n design with the same maximum budget (and nearly the same power); a claim that used to declare " +
                    "a smaller fixed n can use more runs than it did, so this share is not a saving against that smaller n (see docs/claims.md).");
        var share = allowed == 0 ? double.NaN : (double)used / allowed;
        return new BenchmarkRow(
            $"Sequential claims in claims/ ({string.Join(", ", names)}): runs used vs MaxSeeds, cold store",
            "≤ 60 %",
            $"{share.ToString("P0", Invariant)} ({used} of {allowed} runs; seeds per arm: {string.Join(", ", perClaim)})", BenchmarkRow.YesNo(share <= Goal),
            string.Join("; ", commands), details);
    }
}

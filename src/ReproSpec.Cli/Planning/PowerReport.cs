using System.Globalization;
using System.Text;
using System.Text.Json;
using ReproSpec.Cli.Comparisons;
using ReproSpec.Cli.Input;
using ReproSpec.Statistics;

namespace ReproSpec.Cli.Planning;

/// <summary>One row of the power table: Welch power with <paramref name="SeedsPerArm"/> seeds in each arm.</summary>
public readonly record struct PowerRow(int SeedsPerArm, double Power);

/// <summary>The answer of `reprospec power`: the seed plan, the power table and where the assumptions came from (pilot files or a summary).</summary>
public sealed record PowerReport(SeedPlan Plan, Alternative Alternative, IReadOnlyList<PowerRow> Table, RunTable? PilotA, RunTable? PilotB)
{
    /// <summary>The table's seed counts: 3, 5, 10, 20, 50, 100, 200, 500, 1000 up to the maximum, plus the planned count.</summary>
    public static IReadOnlyList<int> TableSeeds(int maxSeeds, int? planned)
    {
        int[] ladder = [3, 5, 10, 20, 50, 100, 200, 500, 1000];
        var seeds = ladder.Where(n => n <= maxSeeds).ToList();
        if (planned is { } n) seeds.Add(n);
        return seeds.Distinct().Order().ToList();
    }

    /// <summary>Plans the seeds and computes the table; the inputs are checked by <see cref="Power"/> (an <see cref="ArgumentException"/> names the bad one).</summary>
    public static PowerReport Create(double delta, double sdA, double sdB, double margin, double alpha, double power, int maxSeeds,
        Alternative alternative, RunTable? pilotA = null, RunTable? pilotB = null)
    {
        var plan = Power.SeedsNeeded(delta, sdA, sdB, margin, alpha, power, maxSeeds, alternative);
        var table = TableSeeds(maxSeeds, plan.SeedsPerArm)
            .Select(n => new PowerRow(n, Power.WelchPower(delta, sdA, sdB, n, n, alpha, alternative, margin)))
            .ToList();
        return new PowerReport(plan, alternative, table, pilotA, pilotB);
    }

    /// <summary>Why the plan is unreachable, when it is: the difference lies outside the alternative, or more seeds are needed.</summary>
    public string? Unreachable()
    {
        if (Plan.Reachable) return null;
        var shifted = Plan.Delta - Plan.Margin;
        var hopeless = Alternative switch
        {
            Alternative.Greater => shifted <= 0,
            Alternative.Less => shifted >= 0,
            _ => shifted == 0,
        };
        return hopeless
            ? F($"the assumed difference Δ = {Plan.Delta:G6} does not lie beyond the margin δ = {Plan.Margin:G6} in the claimed direction: no number of seeds makes the claim likely to be supported. Check the sign (A is the challenger) or the margin.")
            : F($"{Plan.MaxSeeds} seeds per arm reach only power {Plan.Power:F3} < {Plan.TargetPower}; raise --max-seeds, lower --margin, or reduce the spread between runs.");
    }

    public string Text()
    {
        var p = Plan;
        var sb = new StringBuilder();
        var relation = Alternative switch { Alternative.Greater => ">", Alternative.Less => "<", _ => "≠" };
        sb.AppendLine(F($"Welch t, {(Alternative == Alternative.TwoSided ? "two-sided" : "one-sided")}: claim mean(A) − mean(B) {relation} {p.Margin:G6} at α = {p.Alpha}"));
        var source = PilotA is not null && PilotB is not null
            ? F($" (from pilots: {PilotA.File}, {PilotA.Values.Length} runs; {PilotB.File}, {PilotB.Values.Length} runs; column '{PilotA.Metric}')")
            : "";
        sb.AppendLine(F($"assumed: Δ = {p.Delta:G6}, sd(A) = {p.SdA:G6}, sd(B) = {p.SdB:G6}{source}"));
        sb.AppendLine(p.SeedsPerArm is { } n
            ? F($"seeds per arm: {n} (power {p.Power:F3} ≥ {p.TargetPower})")
            : F($"seeds per arm: more than {p.MaxSeeds} ({Unreachable()})"));
        sb.AppendLine("  seeds  power");
        foreach (var row in Table) sb.AppendLine(F($"  {row.SeedsPerArm,5}  {row.Power:F3}"));
        if (PilotA is not null)
            sb.AppendLine("Pilot estimates from few seeds are noisy: treat the seed count as a lower bound, or plan with a smaller Δ.");
        return sb.ToString().TrimEnd();
    }

    public string Json()
    {
        var p = Plan;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("test", "welch");
            w.WriteString("source", PilotA is null ? "summary" : "pilot");
            if (PilotA is not null && PilotB is not null)
            {
                w.WriteString("metric", PilotA.Metric);
                w.WriteString("file_a", PilotA.File);
                w.WriteString("file_b", PilotB.File);
                w.WriteNumber("pilot_n_a", PilotA.Values.Length);
                w.WriteNumber("pilot_n_b", PilotB.Values.Length);
            }
            w.WriteString("alternative", ComparisonFormat.AlternativeName(Alternative));
            w.WriteNumber("delta", p.Delta);
            w.WriteNumber("sd_a", p.SdA);
            w.WriteNumber("sd_b", p.SdB);
            w.WriteNumber("margin", p.Margin);
            w.WriteNumber("alpha", p.Alpha);
            w.WriteNumber("target_power", p.TargetPower);
            w.WriteNumber("max_seeds", p.MaxSeeds);
            w.WriteBoolean("reachable", p.Reachable);
            if (p.SeedsPerArm is { } n) w.WriteNumber("seeds_per_arm", n);
            else w.WriteNull("seeds_per_arm");
            w.WriteNumber("power", p.Power);
            if (Unreachable() is { } why) w.WriteString("unreachable", why);
            w.WriteStartArray("table");
            foreach (var row in Table)
            {
                w.WriteStartObject();
                w.WriteNumber("seeds_per_arm", row.SeedsPerArm);
                w.WriteNumber("power", row.Power);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

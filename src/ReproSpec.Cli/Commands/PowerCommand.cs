using System.CommandLine;
using System.Globalization;
using ReproSpec.Cli.Input;
using ReproSpec.Cli.Planning;
using ReproSpec.Statistics;

namespace ReproSpec.Cli.Commands;

/// <summary>`reprospec power`: how many seeds per arm a claim needs, from pilot runs (two CSV files) or from a summary (Δ and the two standard deviations).</summary>
public static class PowerCommand
{
    public static Command Create()
    {
        var fileA = new Argument<string?>("A.csv") { Description = "Pilot runs of A (the challenger): a CSV with a header row, one row per run.", Arity = ArgumentArity.ZeroOrOne };
        var fileB = new Argument<string?>("B.csv") { Description = "Pilot runs of B (the baseline), same format.", Arity = ArgumentArity.ZeroOrOne };
        var metric = new Option<string?>("--metric") { Description = "The pilot files' column to plan for (e.g. test_accuracy)." };
        var delta = new Option<double?>("--delta") { Description = "Summary form: the true difference mean(A) − mean(B) to plan for." };
        var sdA = new Option<double?>("--sd-a") { Description = "Summary form: the standard deviation of A's metric across seeds." };
        var sdB = new Option<double?>("--sd-b") { Description = "Summary form: the standard deviation of B's metric across seeds." };
        var alternative = new Option<string>("--alternative")
        {
            Description = "greater: claim mean(A) − mean(B) > margin; less: < margin; two-sided: ≠ margin.",
            DefaultValueFactory = _ => "greater",
        };
        alternative.AcceptOnlyFromAmong("two-sided", "greater", "less");
        var margin = new Option<double>("--margin") { Description = "δ, the difference the claim must exceed (in the metric's units).", DefaultValueFactory = _ => 0 };
        var alpha = new Option<double>("--alpha") { Description = "Significance level of the planned Welch test.", DefaultValueFactory = _ => 0.05 };
        var power = new Option<double>("--power") { Description = "Target probability that the claim is supported when the assumed difference is true.", DefaultValueFactory = _ => 0.8 };
        var maxSeeds = new Option<int>("--max-seeds") { Description = "The largest number of seeds per arm to consider.", DefaultValueFactory = _ => 100 };
        var format = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");

        var command = new Command("power", "Seeds per arm needed for a one-sided (or two-sided) Welch test to support a claim with the target power, from pilot runs (A.csv B.csv --metric) or a summary (--delta --sd-a --sd-b); with a table of power by seeds.")
        {
            fileA, fileB, metric, delta, sdA, sdB, alternative, margin, alpha, power, maxSeeds, format,
        };
        command.SetAction(parse =>
        {
            var (a, b) = (parse.GetValue(fileA), parse.GetValue(fileB));
            var (d, sa, sb) = (parse.GetValue(delta), parse.GetValue(sdA), parse.GetValue(sdB));
            var usage = UsageErrors(a, b, parse.GetValue(metric), d, sa, sb, parse.GetValue(alpha), parse.GetValue(power), parse.GetValue(maxSeeds), parse.GetValue(margin));
            if (usage is not null) throw new BadInputException($"power: {usage}");

            RunTable? pilotA = null, pilotB = null;
            if (a is not null && b is not null)
            {
                var name = parse.GetValue(metric)!;
                pilotA = Pilot(RunTable.Read(a, name));
                pilotB = Pilot(RunTable.Read(b, name));
                // The same estimates as Power.SeedsNeeded(pilotA, pilotB, …): mean difference and sample (n − 1) standard deviations.
                var (summaryA, summaryB) = (Summary.Of(pilotA.Values), Summary.Of(pilotB.Values));
                (d, sa, sb) = (summaryA.Mean - summaryB.Mean, summaryA.StandardDeviation, summaryB.StandardDeviation);
            }
            PowerReport report;
            try
            {
                report = PowerReport.Create(d!.Value, sa!.Value, sb!.Value, parse.GetValue(margin), parse.GetValue(alpha), parse.GetValue(power),
                    parse.GetValue(maxSeeds), ParseAlternative(parse.GetValue(alternative)!), pilotA, pilotB);
            }
            catch (ArgumentException e)
            {
                // The statistics layer's messages already name the argument and the fix.
                throw new BadInputException($"power: {e.Message.ReplaceLineEndings(" ")}", e);
            }
            parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(format) == "json" ? report.Json() : report.Text());
            return CliExit.Ok;
        });
        return command;
    }

    static RunTable Pilot(RunTable table) => table.Values.Length >= 2
        ? table
        : throw new BadInputException($"{table.File}: only 1 run in column '{table.Metric}'; a pilot needs at least 2 runs to estimate the spread between seeds (or use --delta --sd-a --sd-b).");

    static string? UsageErrors(string? a, string? b, string? metric, double? delta, double? sdA, double? sdB,
        double alpha, double power, int maxSeeds, double margin)
    {
        var files = a is not null || b is not null;
        var summary = delta is not null || sdA is not null || sdB is not null;
        if (files && summary) return "give either pilot files (A.csv B.csv --metric COLUMN) or a summary (--delta --sd-a --sd-b), not both.";
        if (files && b is null) return "one pilot file given; give both A.csv and B.csv (A is the challenger).";
        if (files && metric is null) return "pilot files need --metric COLUMN naming the column to plan for.";
        if (!files && metric is not null) return "--metric applies to pilot files; give A.csv and B.csv, or use --delta --sd-a --sd-b.";
        if (!files && !summary) return "nothing to plan: give pilot files (A.csv B.csv --metric COLUMN) or a summary (--delta D --sd-a S --sd-b S).";
        if (summary && (delta is null || sdA is null || sdB is null))
            return $"the summary form needs all of --delta, --sd-a and --sd-b; missing {string.Join(", ", new[] { ("--delta", delta), ("--sd-a", sdA), ("--sd-b", sdB) }.Where(o => o.Item2 is null).Select(o => o.Item1))}.";
        if (!(alpha > 0 && alpha < 0.5)) return string.Create(CultureInfo.InvariantCulture, $"--alpha must lie strictly between 0 and 0.5 (got {alpha}); e.g. --alpha 0.05.");
        if (!(power > 0 && power < 1)) return string.Create(CultureInfo.InvariantCulture, $"--power must lie strictly between 0 and 1 (got {power}); e.g. --power 0.8.");
        if (maxSeeds < 2) return $"--max-seeds must be at least 2 (got {maxSeeds}): a t test needs two runs per arm.";
        if (!double.IsFinite(margin)) return "--margin must be a finite number.";
        return null;
    }

    static Alternative ParseAlternative(string text) => text switch
    {
        "greater" => Alternative.Greater,
        "less" => Alternative.Less,
        _ => Alternative.TwoSided,
    };
}

using System.CommandLine;
using System.Globalization;
using ReproSpec.Cli.Comparisons;
using ReproSpec.Cli.Input;
using ReproSpec.Statistics;

namespace ReproSpec.Cli.Commands;

/// <summary>`reprospec compare A.csv B.csv --metric COLUMN`: a two-sample test between two files of runs, with a verdict.</summary>
public static class CompareCommand
{
    public static Command Create()
    {
        var fileA = new Argument<string>("A.csv") { Description = "Runs of A (the challenger): a CSV with a header row, one row per run." };
        var fileB = new Argument<string>("B.csv") { Description = "Runs of B (the baseline), same format." };
        var metric = new Option<string>("--metric") { Description = "The column to compare (e.g. test_accuracy).", Required = true };
        var test = new Option<string>("--test")
        {
            Description = "Two-sample test. paired-t, skew-robust-paired-t (what a claim uses by default) and wilcoxon pair rows by the 'seed' column; aso is almost stochastic order (distribution-level, no p-value).",
            DefaultValueFactory = _ => Compare.Welch,
        };
        test.AcceptOnlyFromAmong(Compare.Tests);
        var alternative = new Option<string>("--alternative")
        {
            Description = "greater: claim mean(A) − mean(B) > margin; less: < margin; two-sided: ≠ margin.",
            DefaultValueFactory = _ => "greater",
        };
        alternative.AcceptOnlyFromAmong("two-sided", "greater", "less");
        var margin = new Option<double>("--margin") { Description = "δ, the difference the claim must exceed (in the metric's units).", DefaultValueFactory = _ => 0 };
        var alpha = new Option<double>("--alpha") { Description = "Significance level; intervals are at 1 − α.", DefaultValueFactory = _ => 0.05 };
        var format = new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var paired = new Option<bool>("--paired") { Description = "Permutation test only: flip signs within seed pairs instead of relabelling runs." };
        var resamples = new Option<int?>("--resamples")
        {
            Description = $"permutation: Monte-Carlo permutations when exact enumeration is too large (default {Bootstrap.DefaultResamples}); aso: bootstrap resamples (default {Compare.AsoDefaultResamples}).",
        };
        var seed = new Option<ulong>("--seed") { Description = "Seed of every resampling step (permutation, its bootstrap interval, aso).", DefaultValueFactory = _ => 0 };
        var threshold = new Option<double?>("--threshold")
        {
            Description = $"aso only: A almost stochastically dominates B when ε_min is below this (default {StochasticOrder.DefaultThreshold}).",
        };

        var command = new Command("compare", "Compare a metric between two CSV files of runs: test, interval, effect sizes and a verdict (supported / refuted / inconclusive).")
        {
            fileA, fileB, metric, test, alternative, margin, alpha, format, paired, resamples, seed, threshold,
        };
        command.SetAction(parse =>
        {
            // Checked here rather than in validators: validators do not see the options' default values.
            var usage = UsageErrors(parse.GetValue(alpha), parse.GetValue(margin), parse.GetValue(resamples), parse.GetValue(paired),
                parse.GetValue(threshold), parse.GetValue(test)!);
            if (usage is not null) throw new BadInputException(usage);
            var request = new ComparisonRequest(parse.GetValue(test)!, ParseAlternative(parse.GetValue(alternative)!), parse.GetValue(margin),
                parse.GetValue(alpha), parse.GetValue(paired), parse.GetValue(resamples), parse.GetValue(seed),
                parse.GetValue(threshold) ?? StochasticOrder.DefaultThreshold);
            var name = parse.GetValue(metric)!;
            var a = RunTable.Read(parse.GetValue(fileA)!, name);
            var b = RunTable.Read(parse.GetValue(fileB)!, name);
            Comparison comparison;
            try
            {
                comparison = Compare.Run(a, b, request);
            }
            catch (ArgumentException e)
            {
                // The statistics layer's messages already name the problem and the fix.
                throw new BadInputException($"compare: {e.Message.ReplaceLineEndings(" ")}", e);
            }
            parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(format) == "json" ? ComparisonFormat.Json(comparison) : ComparisonFormat.Text(comparison));
            return CliExit.Ok;
        });
        return command;
    }

    static string? UsageErrors(double alpha, double margin, int? resamples, bool paired, double? threshold, string test)
    {
        if (!(alpha > 0 && alpha < 0.5)) return string.Create(CultureInfo.InvariantCulture, $"--alpha must lie strictly between 0 and 0.5 (got {alpha}); e.g. --alpha 0.05.");
        if (!double.IsFinite(margin)) return "--margin must be a finite number.";
        if (resamples < Bootstrap.MinimumResamples) return $"--resamples must be at least {Bootstrap.MinimumResamples}.";
        if (resamples is not null && test is not (Compare.Permutation or Compare.Aso)) return "--resamples applies to --test permutation and --test aso only.";
        if (threshold is not null && test != Compare.Aso) return "--threshold applies to --test aso only.";
        if (threshold is { } t && !(t > 0 && t <= 1)) return $"--threshold must lie in (0, 1] (got {t.ToString(CultureInfo.InvariantCulture)}); 0.2 is recommended, 0.5 is the original.";
        if (paired && test != Compare.Permutation) return "--paired applies to --test permutation only; paired-t, skew-robust-paired-t and wilcoxon always pair rows by seed.";
        return null;
    }

    static Alternative ParseAlternative(string text) => text switch
    {
        "greater" => Alternative.Greater,
        "less" => Alternative.Less,
        _ => Alternative.TwoSided,
    };
}

using System.Text.Json;
using ReproSpec.Statistics;

namespace ReproSpec.Tests.Cli;

public class CompareCommandTests : CommandTestBase
{
    static readonly double[] A = [0.91, 0.93, 0.90, 0.94, 0.92];
    static readonly double[] B = [0.88, 0.90, 0.89, 0.87, 0.90];

    static string Rows(double[] values, int[]? seeds = null, string metric = "acc") =>
        (seeds is null ? $"{metric}\n" : $"seed,{metric}\n")
        + string.Concat(values.Select((v, i) => seeds is null ? FormattableString.Invariant($"{v}\n") : FormattableString.Invariant($"{seeds[i]},{v}\n")));

    JsonElement Json(params string[] args)
    {
        var (code, output, error) = Run([.. args, "--format", "json"]);
        Assert.That(code, Is.Zero, error);
        return JsonDocument.Parse(output).RootElement;
    }

    [Test]
    public void Default_is_a_one_sided_welch_test_in_text()
    {
        var (code, output, error) = Run("compare", Csv("a.csv", Rows(A)), Csv("b.csv", Rows(B)), "--metric", "acc");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(error, Is.Empty);
            Assert.That(output, Does.Contain("Welch t").And.Contain("mean(A) − mean(B) > 0").And.Contain("verdict: supported"));
        });
    }

    [Test]
    public void Json_carries_the_engine_numbers()
    {
        var json = Json("compare", Csv("a.csv", Rows(A)), Csv("b.csv", Rows(B)), "--metric", "acc");
        var welch = TwoSampleTests.Welch(A, B, Alternative.Greater, 0, 0.95);
        var interval = Intervals.WelchDifference(A, B, 0.95);
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("test").GetString(), Is.EqualTo("welch"));
            Assert.That(json.GetProperty("alternative").GetString(), Is.EqualTo("greater"));
            Assert.That(json.GetProperty("n_a").GetInt32(), Is.EqualTo(5));
            Assert.That(json.GetProperty("n_b").GetInt32(), Is.EqualTo(5));
            Assert.That(json.GetProperty("mean_a").GetDouble(), Is.EqualTo(A.Average()).Within(1e-15));
            Assert.That(json.GetProperty("mean_b").GetDouble(), Is.EqualTo(B.Average()).Within(1e-15));
            Assert.That(json.GetProperty("statistic").GetDouble(), Is.EqualTo(welch.Statistic));
            Assert.That(json.GetProperty("p_value").GetDouble(), Is.EqualTo(welch.PValue));
            Assert.That(json.GetProperty("ci")[0].GetDouble(), Is.EqualTo(interval.Low));
            Assert.That(json.GetProperty("ci")[1].GetDouble(), Is.EqualTo(interval.High));
            var effects = json.GetProperty("effect_size");
            Assert.That(effects.GetProperty("hedges_g").GetDouble(), Is.EqualTo(EffectSizes.HedgesG(A, B)));
            Assert.That(effects.GetProperty("cliffs_delta").GetDouble(), Is.EqualTo(EffectSizes.CliffsDelta(A, B)));
            Assert.That(effects.GetProperty("a12").GetDouble(), Is.EqualTo(EffectSizes.VarghaDelaneyA12(A, B)));
            Assert.That(json.GetProperty("verdict").GetString(), Is.EqualTo("supported"));
        });
    }

    [Test]
    public void Paired_tests_match_rows_by_seed_not_by_order()
    {
        int[] seeds = [4, 0, 3, 1, 2];
        // B's rows in another order: pairing must follow the seed column.
        var b = Csv("b.csv", "seed,acc\n" + string.Concat(Enumerable.Range(0, 5).Select(s => FormattableString.Invariant($"{s},{B[Array.IndexOf(seeds, s)]}\n"))));
        var json = Json("compare", Csv("a.csv", Rows(A, seeds)), b, "--metric", "acc", "--test", "paired-t", "--alternative", "two-sided", "--alpha", "0.1");
        var expected = TwoSampleTests.PairedT(A, B, Alternative.TwoSided, 0, 0.9);
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("paired").GetBoolean(), Is.True);
            Assert.That(json.GetProperty("p_value").GetDouble(), Is.EqualTo(expected.PValue).Within(1e-15));
            Assert.That(json.GetProperty("ci")[0].GetDouble(), Is.EqualTo(expected.DifferenceInterval.Low).Within(1e-15));
            Assert.That(json.GetProperty("ci_level").GetDouble(), Is.EqualTo(0.9));
            Assert.That(json.GetProperty("p_refute").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [TestCase("greater", 0.0, "supported")]    // A clearly above B
    [TestCase("greater", 0.1, "refuted")]      // ... but not by 0.1: the upper bound is below the margin
    [TestCase("greater", 0.03, "inconclusive")]
    [TestCase("less", 0.0, "refuted")]         // claiming A below B is refuted by the same data
    [TestCase("less", 0.1, "supported")]
    [TestCase("two-sided", 0.0, "supported")]
    [TestCase("two-sided", 0.03, "inconclusive")]
    public void Verdict_follows_both_one_sided_tests(string alternative, double margin, string verdict)
    {
        var json = Json("compare", Csv("a.csv", Rows(A)), Csv("b.csv", Rows(B)), "--metric", "acc",
            "--alternative", alternative, "--margin", margin.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(json.GetProperty("verdict").GetString(), Is.EqualTo(verdict));
    }

    [Test]
    public void Refuted_means_the_one_sided_upper_bound_is_below_the_margin()
    {
        var json = Json("compare", Csv("a.csv", Rows(A)), Csv("b.csv", Rows(B)), "--metric", "acc", "--margin", "0.1");
        var upper = Intervals.WelchDifference(A, B, 0.95, Alternative.Less).High;
        Assert.Multiple(() =>
        {
            Assert.That(upper, Is.LessThan(0.1));
            Assert.That(json.GetProperty("p_refute").GetDouble(), Is.LessThan(0.05));
        });
    }

    [TestCase("student")]
    [TestCase("mann-whitney")]
    [TestCase("wilcoxon")]
    [TestCase("permutation")]
    public void Every_test_runs_and_reports_its_own_name(string test)
    {
        int[] seeds = [0, 1, 2, 3, 4];
        var json = Json("compare", Csv("a.csv", Rows(A, seeds)), Csv("b.csv", Rows(B, seeds)), "--metric", "acc", "--test", test);
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("test").GetString(), Is.EqualTo(test));
            Assert.That(json.GetProperty("p_value").GetDouble(), Is.InRange(0.0, 0.1), "A is above B in every run");
            Assert.That(json.GetProperty("verdict").GetString(), Is.EqualTo("supported"));
        });
    }

    [Test]
    public void Paired_permutation_flips_signs_within_seeds()
    {
        int[] seeds = [0, 1, 2, 3, 4];
        var json = Json("compare", Csv("a.csv", Rows(A, seeds)), Csv("b.csv", Rows(B, seeds)), "--metric", "acc", "--test", "permutation", "--paired");
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("test_name").GetString(), Is.EqualTo("Paired permutation (exact)"));
            // All five differences positive: only the observed sign pattern reaches the observed mean, p = 1/32.
            Assert.That(json.GetProperty("p_value").GetDouble(), Is.EqualTo(1.0 / 32).Within(1e-15));
        });
    }

    static double[] Spread(double centre, int n) => Enumerable.Range(0, n).Select(i => centre + 0.001 * i).ToArray();

    [TestCase("greater", 0.05, "supported")]   // A's scores all above B's
    [TestCase("less", 0.05, "refuted")]        // ... so claiming A below B is refuted
    [TestCase("two-sided", 0.05, "supported")]
    [TestCase("greater", 0.0, "inconclusive")] // identical distributions: ε_min ≈ 0.5 both ways
    public void Aso_verdict_follows_epsilon_min_in_both_directions(string alternative, double lift, string verdict)
    {
        var a = Spread(0.9 + lift, 20);
        var b = Spread(0.9, 20);
        var json = Json("compare", Csv("a.csv", Rows(a)), Csv("b.csv", Rows(b)), "--metric", "acc", "--test", "aso", "--alternative", alternative);
        var forward = StochasticOrder.AlmostStochasticOrder(a, b, 0.95, 1000, 0);
        var reverse = StochasticOrder.AlmostStochasticOrder(b, a, 0.95, 1000, 0);
        var aso = json.GetProperty("aso");
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("test_name").GetString(), Is.EqualTo("Almost stochastic order"));
            Assert.That(aso.GetProperty("epsilon_min").GetDouble(), Is.EqualTo(forward.EpsilonMin));
            Assert.That(aso.GetProperty("epsilon_min_reverse").GetDouble(), Is.EqualTo(reverse.EpsilonMin));
            Assert.That(json.GetProperty("statistic").GetDouble(), Is.EqualTo(forward.EpsilonMin));
            Assert.That(json.GetProperty("p_value").ValueKind, Is.EqualTo(JsonValueKind.Null), "ASO has no p-value");
            Assert.That(json.GetProperty("verdict").GetString(), Is.EqualTo(verdict));
        });
    }

    [Test]
    public void Aso_margin_shifts_A_and_options_reach_the_statistic()
    {
        var a = Spread(0.95, 12);
        var b = Spread(0.9, 12);
        var json = Json("compare", Csv("a.csv", Rows(a)), Csv("b.csv", Rows(b)), "--metric", "acc", "--test", "aso",
            "--margin", "0.1", "--alpha", "0.1", "--resamples", "200", "--seed", "5", "--threshold", "0.3");
        var shifted = a.Select(v => v - 0.1).ToArray();
        var expected = StochasticOrder.AlmostStochasticOrder(shifted, b, 0.9, 200, 5, threshold: 0.3);
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("aso").GetProperty("epsilon_min").GetDouble(), Is.EqualTo(expected.EpsilonMin));
            Assert.That(json.GetProperty("aso").GetProperty("threshold").GetDouble(), Is.EqualTo(0.3));
            Assert.That(json.GetProperty("verdict").GetString(), Is.EqualTo("refuted"), "A is 0.05 above B, not 0.1: B dominates A − 0.1");
        });
    }

    [Test]
    public void Aso_text_names_both_directions()
    {
        var (code, output, _) = Run("compare", Csv("a.csv", Rows(Spread(0.95, 10))), Csv("b.csv", Rows(Spread(0.9, 10))), "--metric", "acc", "--test", "aso");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(output, Does.Contain("ε_min(A over B) = 0").And.Contain("ε_min(B over A) = 1").And.Contain("verdict: supported"));
        });
    }

    [Test]
    public void Non_finite_numbers_are_written_as_strings()
    {
        // Both arms constant: the t statistic is +∞ and the p-value the relabelling one, 1/C(5, 3) (docs/statistics.md).
        var json = Json("compare", Csv("a.csv", "acc\n1.5\n1.5\n1.5\n"), Csv("b.csv", "acc\n1\n1\n"), "--metric", "acc");
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("statistic").GetString(), Is.EqualTo("Infinity"));
            Assert.That(json.GetProperty("p_value").GetDouble(), Is.EqualTo(0.1).Within(1e-15));
            Assert.That(json.GetProperty("verdict").GetString(), Is.Not.EqualTo("supported"), "three and two constant runs cannot support anything at α = 0.05");
            Assert.That(json.GetProperty("effect_size").GetProperty("hedges_g").GetString(), Is.EqualTo("Infinity"));
            Assert.That(json.GetProperty("df").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    static IEnumerable<TestCaseData> BadFiles()
    {
        yield return new TestCaseData("acc\n", "b.csv: no data rows").SetArgDisplayNames("header only");
        yield return new TestCaseData("", "b.csv: the file is empty").SetArgDisplayNames("empty");
        yield return new TestCaseData("accuracy\n0.9\n0.8\n", "b.csv: no column 'acc'; the header has: accuracy").SetArgDisplayNames("missing column");
        yield return new TestCaseData("seed,acc\n0,0.9\n1,n/a\n", "b.csv: row 2 (line 3), column 'acc': 'n/a' is not a number").SetArgDisplayNames("non-numeric");
        yield return new TestCaseData("acc\n0.9\nNaN\n", "b.csv: row 2 (line 3), column 'acc': 'NaN' is not a finite number").SetArgDisplayNames("NaN");
        yield return new TestCaseData("seed,acc\n0,0.9\n1\n", "b.csv: row 2 (line 3) has 1 cells but the header has 2 columns").SetArgDisplayNames("ragged");
        yield return new TestCaseData("acc\n0.9\n", "b.csv: 1 run(s) in column 'acc'").SetArgDisplayNames("one run");
    }

    [TestCaseSource(nameof(BadFiles))]
    public void Bad_files_exit_2_with_one_line_naming_file_row_and_column(string text, string message)
    {
        var (code, output, error) = Run("compare", Csv("a.csv", Rows(A)), Csv("b.csv", text), "--metric", "acc");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(output, Is.Empty);
            Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), error);
            Assert.That(error, Does.Contain(message));
        });
    }

    [Test]
    public void Missing_file_exits_2()
    {
        var (code, _, error) = Run("compare", Csv("a.csv", Rows(A)), Path.Combine(TempDirectory, "nope.csv"), "--metric", "acc");
        Assert.That((code, error.Trim()), Is.EqualTo((2, $"reprospec: {Path.Combine(TempDirectory, "nope.csv")}: file not found.")));
    }

    [Test]
    public void Pairing_errors_name_the_file_or_the_seeds()
    {
        var a = Csv("a.csv", Rows(A, [0, 1, 2, 3, 4]));
        var noSeed = Run("compare", a, Csv("b.csv", Rows(B)), "--metric", "acc", "--test", "wilcoxon");
        var mismatch = Run("compare", a, Csv("c.csv", Rows(B, [0, 1, 2, 3, 9])), "--metric", "acc", "--test", "paired-t");
        var duplicate = Run("compare", a, Csv("d.csv", Rows(B, [0, 1, 2, 2, 4])), "--metric", "acc", "--test", "paired-t");
        Assert.Multiple(() =>
        {
            Assert.That(noSeed.Code, Is.EqualTo(2));
            Assert.That(noSeed.Error, Does.Contain("b.csv: wilcoxon pairs runs by seed, but the file has no 'seed' column"));
            Assert.That(mismatch.Code, Is.EqualTo(2));
            Assert.That(mismatch.Error, Does.Contain("seed(s) 4 only in").And.Contain("seed(s) 9 only in"));
            Assert.That(duplicate.Code, Is.EqualTo(2));
            Assert.That(duplicate.Error, Does.Contain("d.csv: column 'seed': seed 2 appears 2 times"));
        });
    }

    [Test]
    public void Usage_errors_are_bad_input_too()
    {
        var a = Csv("a.csv", Rows(A));
        var b = Csv("b.csv", Rows(B));
        Assert.Multiple(() =>
        {
            Assert.That(Run("compare", a, b, "--metric", "acc", "--alpha", "0.7").Code, Is.EqualTo(2));
            Assert.That(Run("compare", a, b, "--metric", "acc", "--test", "t-test").Code, Is.EqualTo(2));
            Assert.That(Run("compare", a, b).Code, Is.EqualTo(2), "--metric is required");
            Assert.That(Run("compare", a, b, "--metric", "acc", "--paired").Error, Does.Contain("--paired applies to --test permutation only"));
            Assert.That(Run("compare", a, b, "--metric", "acc", "--threshold", "0.3").Error, Does.Contain("--threshold applies to --test aso only"));
            Assert.That(Run("compare", a, b, "--metric", "acc", "--resamples", "500").Error, Does.Contain("--resamples applies to"));
            Assert.That(Run("compare", a, b, "--metric", "acc", "--test", "aso", "--threshold", "2").Code, Is.EqualTo(2));
        });
    }

    [Test]
    public void Quoted_cells_and_extra_columns_are_read()
    {
        var a = Csv("a.csv", "name,acc,seed\n\"mlp, wide\",0.91,0\n\"mlp, wide\",0.93,1\n\"mlp, wide\",0.90,2\n");
        var json = Json("compare", a, Csv("b.csv", Rows(B)), "--metric", "acc");
        Assert.That(json.GetProperty("mean_a").GetDouble(), Is.EqualTo((0.91 + 0.93 + 0.90) / 3).Within(1e-15));
    }
}

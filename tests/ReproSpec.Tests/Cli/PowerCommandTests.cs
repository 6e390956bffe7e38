using System.Text.Json;
using ReproSpec.Cli.Commands;
using ReproSpec.Statistics;

namespace ReproSpec.Tests.Cli;

public class PowerCommandTests : CommandTestBase
{
    static JsonElement Json(params string[] args)
    {
        var (code, output, error) = Run([.. args, "--format", "json"]);
        Assert.That(code, Is.Zero, error);
        return JsonDocument.Parse(output).RootElement;
    }

    static readonly double[] PilotA = [0.91, 0.93, 0.90, 0.94, 0.92];
    static readonly double[] PilotB = [0.90, 0.91, 0.89, 0.92, 0.90];

    static string Rows(double[] values) => "seed,acc\n" + string.Concat(values.Select((v, i) => FormattableString.Invariant($"{i},{v}\n")));

    [Test]
    public void Colas_2018_needs_12_seeds_per_arm_at_80_percent_power()
    {
        // docs/power-and-dominance.md: Colas, Sigaud and Oudeyer (2018)'s Half-Cheetah example, one-sided Welch at α = 0.05.
        // The better algorithm (mean 4913.4, sd 1387.8) is the challenger A; the other (3649.0, 945.8) the baseline B.
        var json = Json("power", "--delta", "1264.4", "--sd-a", "1387.8", "--sd-b", "945.8");
        var table = json.GetProperty("table").EnumerateArray().ToDictionary(r => r.GetProperty("seeds_per_arm").GetInt32(), r => r.GetProperty("power").GetDouble());
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("seeds_per_arm").GetInt32(), Is.EqualTo(12));
            Assert.That(json.GetProperty("source").GetString(), Is.EqualTo("summary"));
            Assert.That(json.GetProperty("power").GetDouble(), Is.GreaterThanOrEqualTo(0.8));
            // Five seeds miss the difference about half the time (β = 0.549 with the noncentral t).
            Assert.That(1 - table[5], Is.EqualTo(0.549).Within(0.001));
            Assert.That(table.Keys, Is.EqualTo(new[] { 3, 5, 10, 12, 20, 50, 100 }));
        });
    }

    [Test]
    public void Text_states_the_plan_the_assumptions_and_the_table()
    {
        var (code, output, error) = Run("power", "--delta", "1264.4", "--sd-a", "1387.8", "--sd-b", "945.8");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain("seeds per arm: 12 (power 0.8"));
            Assert.That(output, Does.Contain("Δ = 1264.4, sd(A) = 1387.8, sd(B) = 945.8"));
            Assert.That(output, Does.Contain("mean(A) − mean(B) > 0 at α = 0.05"));
            Assert.That(output, Does.Match(@"\n\s+5\s+0\.451"));
        });
    }

    [Test]
    public void Pilot_files_plan_like_Power_SeedsNeeded_on_the_same_runs()
    {
        var json = Json("power", Csv("a.csv", Rows(PilotA)), Csv("b.csv", Rows(PilotB)), "--metric", "acc", "--margin", "0.005", "--power", "0.9", "--alpha", "0.025");
        var plan = Power.SeedsNeeded(PilotA, PilotB, margin: 0.005, alpha: 0.025, power: 0.9);
        var table = json.GetProperty("table").EnumerateArray().ToDictionary(r => r.GetProperty("seeds_per_arm").GetInt32(), r => r.GetProperty("power").GetDouble());
        Assert.Multiple(() =>
        {
            Assert.That(plan.SeedsPerArm, Is.Not.Null.And.GreaterThan(5), "the case must plan more seeds than the pilot has");
            Assert.That(json.GetProperty("seeds_per_arm").GetInt32(), Is.EqualTo(plan.SeedsPerArm));
            Assert.That(json.GetProperty("power").GetDouble(), Is.EqualTo(plan.Power));
            Assert.That(json.GetProperty("delta").GetDouble(), Is.EqualTo(plan.Delta));
            Assert.That(json.GetProperty("sd_a").GetDouble(), Is.EqualTo(plan.SdA));
            Assert.That(json.GetProperty("sd_b").GetDouble(), Is.EqualTo(plan.SdB));
            Assert.That(json.GetProperty("source").GetString(), Is.EqualTo("pilot"));
            Assert.That(json.GetProperty("pilot_n_a").GetInt32(), Is.EqualTo(5));
            Assert.That(table[10], Is.EqualTo(Power.WelchPower(plan.Delta, plan.SdA, plan.SdB, 10, 10, 0.025, Alternative.Greater, 0.005)));
        });
    }

    [Test]
    public void Two_sided_and_less_pass_through_to_Power()
    {
        var twoSided = Json("power", "--delta", "-0.4", "--sd-a", "1", "--sd-b", "1", "--alternative", "two-sided");
        var less = Json("power", "--delta", "-0.4", "--sd-a", "1", "--sd-b", "1", "--alternative", "less");
        Assert.Multiple(() =>
        {
            Assert.That(twoSided.GetProperty("seeds_per_arm").GetInt32(), Is.EqualTo(Power.SeedsNeeded(-0.4, 1, 1, 0, 0.05, alternative: Alternative.TwoSided).SeedsPerArm));
            Assert.That(less.GetProperty("seeds_per_arm").GetInt32(), Is.EqualTo(Power.SeedsNeeded(-0.4, 1, 1, 0, 0.05, alternative: Alternative.Less).SeedsPerArm));
            Assert.That(twoSided.GetProperty("seeds_per_arm").GetInt32(), Is.GreaterThan(less.GetProperty("seeds_per_arm").GetInt32()));
        });
    }

    [Test]
    public void A_difference_inside_the_margin_is_unreachable_and_says_why()
    {
        var (code, output, error) = Run("power", "--delta", "0.01", "--sd-a", "0.02", "--sd-b", "0.02", "--margin", "0.02");
        var json = Json("power", "--delta", "0.01", "--sd-a", "0.02", "--sd-b", "0.02", "--margin", "0.02", "--max-seeds", "20");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, error);
            Assert.That(output, Does.Contain("seeds per arm: more than 100").And.Contain("does not lie beyond the margin"));
            Assert.That(json.GetProperty("reachable").GetBoolean(), Is.False);
            Assert.That(json.GetProperty("seeds_per_arm").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(json.GetProperty("table").GetArrayLength(), Is.EqualTo(4), "3, 5, 10, 20 up to --max-seeds");
        });
    }

    [Test]
    public void Too_few_seeds_allowed_suggests_raising_max_seeds()
    {
        var (code, output, _) = Run("power", "--delta", "0.1", "--sd-a", "1", "--sd-b", "1", "--max-seeds", "10");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero);
            Assert.That(output, Does.Contain("seeds per arm: more than 10").And.Contain("raise --max-seeds"));
        });
    }

    [TestCase(new[] { "power" }, "nothing to plan")]
    [TestCase(new[] { "power", "--delta", "1", "--sd-a", "1" }, "missing --sd-b")]
    [TestCase(new[] { "power", "a.csv", "--metric", "acc" }, "one pilot file given")]
    [TestCase(new[] { "power", "a.csv", "b.csv" }, "need --metric")]
    [TestCase(new[] { "power", "a.csv", "b.csv", "--metric", "acc", "--delta", "1" }, "not both")]
    [TestCase(new[] { "power", "--delta", "1", "--sd-a", "1", "--sd-b", "1", "--power", "1" }, "--power must lie strictly between 0 and 1")]
    [TestCase(new[] { "power", "--delta", "1", "--sd-a", "1", "--sd-b", "1", "--alpha", "0.7" }, "--alpha must lie strictly between 0 and 0.5")]
    [TestCase(new[] { "power", "--delta", "1", "--sd-a", "1", "--sd-b", "1", "--max-seeds", "1" }, "--max-seeds must be at least 2")]
    [TestCase(new[] { "power", "--delta", "1", "--sd-a", "-1", "--sd-b", "1" }, "sdA must be a finite standard deviation")]
    public void Bad_usage_exits_2_naming_the_fix(string[] args, string message)
    {
        var (code, output, error) = Run(args);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(CliExit.BadInput));
            Assert.That(output, Is.Empty);
            Assert.That(error, Does.Contain(message));
        });
    }

    [Test]
    public void A_bad_pilot_file_exits_2_naming_file_row_and_column()
    {
        var a = Csv("a.csv", "seed,acc\n0,0.9\n1,oops\n");
        var b = Csv("b.csv", Rows(PilotB));
        var one = Csv("one.csv", "seed,acc\n0,0.9\n");
        var bad = Run("power", a, b, "--metric", "acc");
        var missing = Run("power", Path.Combine(TempDirectory, "none.csv"), b, "--metric", "acc");
        var single = Run("power", one, b, "--metric", "acc");
        var column = Run("power", b, b, "--metric", "Acc");
        Assert.Multiple(() =>
        {
            Assert.That(bad.Code, Is.EqualTo(CliExit.BadInput));
            Assert.That(bad.Error, Does.Contain($"{a}: row 2 (line 3), column 'acc': 'oops' is not a number"));
            Assert.That(missing.Code, Is.EqualTo(CliExit.BadInput));
            Assert.That(missing.Error, Does.Contain("none.csv: file not found"));
            Assert.That(single.Code, Is.EqualTo(CliExit.BadInput));
            Assert.That(single.Error, Does.Contain($"{one}: only 1 run in column 'acc'"));
            Assert.That(column.Code, Is.EqualTo(CliExit.BadInput));
            Assert.That(column.Error, Does.Contain("no column 'Acc' (did you mean 'acc'?"));
        });
    }
}

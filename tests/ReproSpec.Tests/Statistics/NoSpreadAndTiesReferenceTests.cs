using System.Text.Json;
using ReproSpec.Statistics;

namespace ReproSpec.Tests.Statistics;

/// <summary>
/// Samples with no spread and rank tests under ties against scipy's exact permutation_test
/// (tests/reference/generate_reference_c.py writes statistics_reference_c.json; the tests never run Python).
/// </summary>
public class NoSpreadAndTiesReferenceTests
{
    static readonly Lazy<JsonDocument> Document = Reference.Frozen("statistics_reference_c.json");

    static IEnumerable<TestCaseData> Cases(string section) =>
        Document.Value.RootElement.GetProperty(section).EnumerateArray()
            .Select((c, i) => new TestCaseData(c).SetArgDisplayNames($"{section}[{i}] {(c.TryGetProperty("kind", out var k) ? k.GetString() + " " : "")}{c.GetProperty("alternative").GetString()}"));

    static IEnumerable<TestCaseData> NoSpread() => Cases("no_spread");

    static IEnumerable<TestCaseData> MannWhitneyTies() => Cases("mann_whitney_ties");

    static IEnumerable<TestCaseData> WilcoxonTies() => Cases("wilcoxon_ties");

    [TestCaseSource(nameof(NoSpread))]
    public void A_t_test_without_spread_gives_the_exact_randomisation_p(JsonElement c)
    {
        var alternative = c.Alternative();
        var expected = c.Expected().Number("p_value");
        switch (c.GetProperty("kind").GetString())
        {
            case "one_sample":
                Reference.Close(OneSampleTests.T(c.Doubles("x"), c.Number("bound"), alternative).PValue, expected, "one-sample t", 1e-12);
                break;
            case "paired":
                Reference.Close(TwoSampleTests.PairedT(c.Doubles("a"), c.Doubles("b"), alternative, c.Number("margin")).PValue, expected, "paired t", 1e-12);
                break;
            default:
                Assert.Multiple(() =>
                {
                    Reference.Close(TwoSampleTests.Welch(c.Doubles("a"), c.Doubles("b"), alternative, c.Number("margin")).PValue, expected, "Welch", 1e-12);
                    Reference.Close(TwoSampleTests.Student(c.Doubles("a"), c.Doubles("b"), alternative, c.Number("margin")).PValue, expected, "Student", 1e-12);
                    // The permutation test, which has always enumerated, agrees.
                    Reference.Close(TwoSampleTests.Permutation(c.Doubles("a"), c.Doubles("b"), alternative, c.Number("margin")).PValue, expected, "permutation", 1e-12);
                });
                break;
        }
    }

    [TestCaseSource(nameof(MannWhitneyTies))]
    public void Mann_whitney_under_ties_is_the_exact_conditional_test(JsonElement c)
    {
        var r = TwoSampleTests.MannWhitney(c.Doubles("a"), c.Doubles("b"), c.Alternative(), c.Number("margin"));
        Assert.Multiple(() =>
        {
            Reference.Close(r.Statistic, c.Expected().Number("statistic"), "U of A", 1e-12);
            Reference.Close(r.PValue, c.Expected().Number("p_value"), "p-value", 1e-12);
        });
    }

    [TestCaseSource(nameof(WilcoxonTies))]
    public void Wilcoxon_under_ties_and_zeros_is_the_exact_conditional_test(JsonElement c)
    {
        var r = TwoSampleTests.Wilcoxon(c.Doubles("a"), c.Doubles("b"), c.Alternative(), c.Number("margin"));
        Assert.Multiple(() =>
        {
            Reference.Close(r.Statistic, c.Expected().Number("statistic"), "W+", 1e-12);
            Reference.Close(r.PValue, c.Expected().Number("p_value"), "p-value", 1e-12);
        });
    }
}

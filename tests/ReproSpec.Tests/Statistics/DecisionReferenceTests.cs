using System.Text.Json;
using ReproSpec.Statistics;

namespace ReproSpec.Tests.Statistics;

/// <summary>One-sample t, exact binomial and Clopper–Pearson against scipy (tests/reference/generate_reference_decisions.py).</summary>
public class DecisionReferenceTests
{
    static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "reference", "decisions_reference.json"))));

    static IEnumerable<TestCaseData> Cases(string kind)
    {
        var index = 0;
        foreach (var c in Document.Value.RootElement.GetProperty(kind).EnumerateArray())
            yield return new TestCaseData(c).SetArgDisplayNames($"{kind}[{index++}]");
    }

    static Alternative Parse(string alternative) => alternative switch
    {
        "greater" => Alternative.Greater,
        "less" => Alternative.Less,
        _ => Alternative.TwoSided,
    };

    static IEnumerable<TestCaseData> OneSample() => Cases("one_sample_t");

    static IEnumerable<TestCaseData> Binomial() => Cases("binomial");

    static IEnumerable<TestCaseData> ClopperPearson() => Cases("clopper_pearson");

    [TestCaseSource(nameof(OneSample))]
    public void One_sample_t_matches_scipy(JsonElement c)
    {
        var x = c.Doubles("x");
        var expected = c.Expected();
        var result = OneSampleTests.T(x, c.Number("bound"), Parse(c.GetProperty("alternative").GetString()!), confidence: 0.9);
        var ci = expected.GetProperty("ci90").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Multiple(() =>
        {
            Reference.Close(result.Statistic, expected.Number("statistic"), "statistic");
            Reference.Close(result.PValue, expected.Number("p"), "p");
            Reference.Close(result.DegreesOfFreedom!.Value, expected.Number("df"), "df");
            Reference.Close(result.DifferenceInterval.Low, ci[0], "ci low");
            Reference.Close(result.DifferenceInterval.High, ci[1], "ci high");
        });
    }

    [TestCaseSource(nameof(Binomial))]
    public void Binomial_test_matches_scipy(JsonElement c)
    {
        var p = Proportions.BinomialTest(c.GetProperty("k").GetInt32(), c.GetProperty("n").GetInt32(), c.Number("p0"),
            Parse(c.GetProperty("alternative").GetString()!));
        Reference.Close(p, c.Number("expected"), "p", absolute: 1e-12);
    }

    [TestCaseSource(nameof(ClopperPearson))]
    public void Clopper_pearson_matches_scipy(JsonElement c)
    {
        var interval = Proportions.ClopperPearson(c.GetProperty("k").GetInt32(), c.GetProperty("n").GetInt32(), c.Number("confidence"));
        var expected = c.GetProperty("expected").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Multiple(() =>
        {
            Reference.Close(interval.Low, expected[0], "low", absolute: 1e-12);
            Reference.Close(interval.High, expected[1], "high", absolute: 1e-12);
        });
    }

    [Test]
    public void Degenerate_inputs_give_clear_errors()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => OneSampleTests.T([1.0], 0), Throws.ArgumentException);
            Assert.That(() => Proportions.BinomialTest(3, 2, 0.5, Alternative.Greater), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("between 0 and n = 2"));
            Assert.That(() => Proportions.BinomialTest(1, 2, 1.0, Alternative.Greater), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("(0, 1)"));
            Assert.That(OneSampleTests.T([2.0, 2.0, 2.0], 1).PValue, Is.EqualTo(0.125), "zero variance above the bound: the sign-flip p, 2⁻³");
        });
    }
}

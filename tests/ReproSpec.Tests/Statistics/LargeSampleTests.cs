using System.Text.Json;
using ReproSpec.Statistics;

namespace ReproSpec.Tests.Statistics;

/// <summary>
/// Issue #25: rank statistics, their estimators and effect sizes at any n without m·n arrays or int overflow, checked
/// against scipy on a subsample (tests/reference/generate_reference_f.py), against every pair by brute force, and by
/// construction at 50,000 rows.
/// </summary>
public class LargeSampleTests
{
    static readonly Lazy<JsonDocument> Document = Reference.Frozen("statistics_reference_f.json");

    static IEnumerable<TestCaseData> Cases()
    {
        var index = 0;
        foreach (var c in Document.Value.RootElement.GetProperty("rank_effects").EnumerateArray())
        {
            yield return new TestCaseData(c).SetArgDisplayNames($"rank_effects[{index++}] m={c.GetProperty("a").GetArrayLength()} n={c.GetProperty("b").GetArrayLength()} {c.GetProperty("alternative").GetString()}");
        }
    }

    static Alternative AlternativeOf(JsonElement c) => c.GetProperty("alternative").GetString() switch
    {
        "greater" => Alternative.Greater,
        "less" => Alternative.Less,
        _ => Alternative.TwoSided,
    };

    [TestCaseSource(nameof(Cases))]
    public void Rank_tests_estimators_and_effect_sizes_match_scipy(JsonElement c)
    {
        double[] a = c.Doubles("a"), b = c.Doubles("b");
        var margin = c.Number("margin");
        var alternative = AlternativeOf(c);
        var mw = TwoSampleTests.MannWhitney(a, b, alternative, margin, 0.95);
        var expected = c.GetProperty("mann_whitney");
        var effects = c.GetProperty("effects");
        Assert.Multiple(() =>
        {
            Reference.Close(mw.Statistic, expected.Number("u"), "U of A");
            Reference.Close(mw.PValue, expected.Number("p"), "Mann-Whitney p");
            // The Hodges-Lehmann shift is the difference of A and B as measured (the margin shifts only the test).
            Reference.Close(mw.Estimate, expected.Number("estimate"), "Hodges-Lehmann shift", absolute: 1e-15);
            Reference.Close(mw.DifferenceInterval.Low, expected.GetProperty("interval")[0].GetDouble(), "shift interval low", absolute: 1e-15);
            Reference.Close(mw.DifferenceInterval.High, expected.GetProperty("interval")[1].GetDouble(), "shift interval high", absolute: 1e-15);
            Reference.Close(EffectSizes.CliffsDelta(a, b), effects.Number("cliffs_delta"), "Cliff's delta", absolute: 1e-15);
            Reference.Close(EffectSizes.VarghaDelaneyA12(a, b), effects.Number("a12"), "A12");
            Reference.Close(EffectSizes.HedgesG(a, b), effects.Number("hedges_g"), "Hedges' g", absolute: 1e-15);
            if (c.GetProperty("wilcoxon").ValueKind == JsonValueKind.Null) return;
            var w = TwoSampleTests.Wilcoxon(a, b, alternative, margin, 0.95);
            var wilcoxon = c.GetProperty("wilcoxon");
            Reference.Close(w.Statistic, wilcoxon.Number("w_plus"), "W+");
            Reference.Close(w.PValue, wilcoxon.Number("p"), "Wilcoxon p");
            Reference.Close(w.Estimate, wilcoxon.Number("estimate"), "pseudo-median", absolute: 1e-15);
            Reference.Close(w.DifferenceInterval.Low, wilcoxon.GetProperty("interval")[0].GetDouble(), "Walsh interval low", absolute: 1e-15);
            Reference.Close(w.DifferenceInterval.High, wilcoxon.GetProperty("interval")[1].GetDouble(), "Walsh interval high", absolute: 1e-15);
        });
    }

    [TestCase(37, 53, true)]
    [TestCase(40, 40, false)]
    [TestCase(2, 9, true)]
    public void Selected_order_statistics_equal_those_of_every_pair(int m, int n, bool tied)
    {
        var random = new SeededRandom(20261207, stream: (ulong)(m * 1000 + n));
        double Draw() => tied ? Math.Round(random.NextDouble() * 20) / 20 - 0.3 : random.NextDouble() * 2 - 1;
        var a = Enumerable.Range(0, m).Select(_ => Draw()).Order().ToArray();
        var b = Enumerable.Range(0, n).Select(_ => Draw()).Order().ToArray();
        var differences = a.SelectMany(x => b.Select(y => x - y)).Order().ToArray();
        var walsh = Enumerable.Range(0, m).SelectMany(i => Enumerable.Range(i, m - i).Select(j => (a[i] + a[j]) / 2)).Order().ToArray();
        Assert.Multiple(() =>
        {
            for (var k = 1; k <= differences.Length; k++)
                Assert.That(PairwiseOrder.KthDifference(a, b, k), Is.EqualTo(differences[k - 1]), $"difference {k}");
            for (var k = 1; k <= walsh.Length; k++)
                Assert.That(PairwiseOrder.KthWalsh(a, k), Is.EqualTo(walsh[k - 1]), $"Walsh average {k}");
            Assert.That(PairwiseOrder.MedianDifference(a, b), Is.EqualTo(Descriptive.MedianOfSorted(differences)));
            Assert.That(PairwiseOrder.MedianWalsh(a), Is.EqualTo(Descriptive.MedianOfSorted(walsh)));
        });
    }

    [Test]
    public void Fifty_thousand_rows_give_the_effect_sizes_of_their_construction_in_bounded_memory()
    {
        // A = {0, 2, 4, …}, B = {1, 3, 5, …}: A's i-th value beats B's j-th exactly when i > j, so P(A > B) = (N − 1)/(2N)
        // with no ties; the differences 2(i − j) − 1 are symmetric about −1. The int m·(m + 1)/2 overflowed here (A12 1.41).
        const int n = 50_000;
        var a = Enumerable.Range(0, n).Select(i => 2.0 * i).ToArray();
        var b = Enumerable.Range(0, n).Select(i => 2.0 * i + 1).ToArray();
        // Paired differences symmetric about 0.25: the pseudo-median is 0.25.
        var d = Enumerable.Range(0, n).Select(i => i - (n - 1) / 2.0 + 0.25).ToArray();
        var zeros = new double[n];
        var before = GC.GetAllocatedBytesForCurrentThread();
        var a12 = EffectSizes.VarghaDelaneyA12(a, b);
        var cliffs = EffectSizes.CliffsDelta(a, b);
        var mw = TwoSampleTests.MannWhitney(a, b, Alternative.Less);
        var w = TwoSampleTests.Wilcoxon(d, zeros, Alternative.Greater);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Multiple(() =>
        {
            Assert.That(a12, Is.EqualTo((n - 1) / (2.0 * n)).Within(1e-15));
            Assert.That(cliffs, Is.EqualTo(-1.0 / n).Within(1e-12));
            Assert.That(mw.Statistic, Is.EqualTo((double)n * (n - 1) / 2), "U of A");
            Assert.That(mw.Estimate, Is.EqualTo(-1), "Hodges-Lehmann shift");
            Assert.That(mw.DifferenceInterval.Low, Is.LessThan(-1).And.GreaterThan(-1000));
            Assert.That(w.Estimate, Is.EqualTo(0.25), "pseudo-median");
            Assert.That(w.Statistic, Is.GreaterThan((double)n * (n + 1) / 4), "W⁺ above its null mean");
            // 2.5·10⁹ differences would be 20 GB; the sorted copies and ranks are a few MB.
            Assert.That(allocated, Is.LessThan(60_000_000), $"{allocated / 1e6:F1} MB allocated");
        });
    }
}

using System.Text.Json;
using ReproSpec.Statistics;
using static ReproSpec.Tests.Statistics.Reference;

namespace ReproSpec.Tests.Statistics;

/// <summary>Agreement with scipy on the frozen cases of tests/reference/statistics_reference.json (see generate_reference.py).</summary>
public class ReferenceTests
{
    static IEnumerable<TestCaseData> Welch() => Cases("welch");
    static IEnumerable<TestCaseData> Student() => Cases("student");
    static IEnumerable<TestCaseData> PairedT() => Cases("paired_t");
    static IEnumerable<TestCaseData> WelchFromSummary() => Cases("welch_from_summary");
    static IEnumerable<TestCaseData> MeanInterval() => Cases("mean_interval");
    static IEnumerable<TestCaseData> Summaries() => Cases("summary");
    static IEnumerable<TestCaseData> MannWhitney() => Cases("mann_whitney");
    static IEnumerable<TestCaseData> Wilcoxon() => Cases("wilcoxon");
    static IEnumerable<TestCaseData> Permutation() => Cases("permutation");
    static IEnumerable<TestCaseData> Effects() => Cases("effect_sizes");
    static IEnumerable<TestCaseData> Iqm() => Cases("iqm");
    static IEnumerable<TestCaseData> Families() => Cases("multiplicity");
    static IEnumerable<TestCaseData> TostCases() => Cases("tost");
    static IEnumerable<TestCaseData> ReproducesCases() => Cases("reproduces");
    static IEnumerable<TestCaseData> Streams() => Cases("seeded_random");

    [TestCaseSource(nameof(Welch))]
    public void Welch_matches_scipy(JsonElement c) =>
        AssertT(TwoSampleTests.Welch(c.Doubles("a"), c.Doubles("b"), c.Alternative(), c.Number("margin"), c.Number("confidence")), c);

    [TestCaseSource(nameof(Student))]
    public void Student_matches_scipy(JsonElement c) =>
        AssertT(TwoSampleTests.Student(c.Doubles("a"), c.Doubles("b"), c.Alternative(), c.Number("margin"), c.Number("confidence")), c);

    [TestCaseSource(nameof(PairedT))]
    public void Paired_t_matches_scipy(JsonElement c) =>
        AssertT(TwoSampleTests.PairedT(c.Doubles("a"), c.Doubles("b"), c.Alternative(), c.Number("margin"), c.Number("confidence")), c);

    static void AssertT(TestResult r, JsonElement c)
    {
        var e = c.Expected();
        Assert.Multiple(() =>
        {
            Close(r.Statistic, e.Number("statistic"), "statistic");
            Close(r.PValue, e.Number("p_value"), "p-value");
            Close(r.DegreesOfFreedom!.Value, e.Number("df"), "degrees of freedom");
            Close(r.DifferenceInterval.Low, e.Number("ci_low"), "interval low");
            Close(r.DifferenceInterval.High, e.Number("ci_high"), "interval high");
            Close(r.Estimate, e.Number("estimate"), "estimate");
            Assert.That(r.DifferenceInterval.Level, Is.EqualTo(c.Number("confidence")));
        });
    }

    [TestCaseSource(nameof(WelchFromSummary))]
    public void Welch_from_summary_matches_scipy(JsonElement c)
    {
        var r = TwoSampleTests.WelchFromSummary(c.Number("mean_a"), c.Number("sd_a"), c.GetProperty("n_a").GetInt32(),
            c.Number("mean_b"), c.Number("sd_b"), c.GetProperty("n_b").GetInt32(), c.Alternative(), c.Number("margin"));
        Assert.Multiple(() =>
        {
            Close(r.Statistic, c.Expected().Number("statistic"), "statistic");
            Close(r.PValue, c.Expected().Number("p_value"), "p-value");
        });
    }

    [TestCaseSource(nameof(MeanInterval))]
    public void Mean_interval_matches_scipy(JsonElement c)
    {
        var x = c.Doubles("x");
        var confidence = c.Number("confidence");
        var two = Intervals.Mean(x, confidence);
        var lower = Intervals.Mean(x, confidence, Alternative.Greater);
        Assert.Multiple(() =>
        {
            Close(two.Low, c.Expected().Number("low"), "low");
            Close(two.High, c.Expected().Number("high"), "high");
            Close(lower.Low, c.Expected().Number("one_sided_low"), "one-sided low");
            Assert.That(lower.High, Is.EqualTo(double.PositiveInfinity));
        });
    }

    [TestCaseSource(nameof(Summaries))]
    public void Summary_matches_numpy(JsonElement c)
    {
        var s = Summary.Of(c.Doubles("x"));
        var e = c.Expected();
        Assert.Multiple(() =>
        {
            Close(s.Mean, e.Number("mean"), "mean");
            Close(s.Median, e.Number("median"), "median");
            Assert.That(s.Min, Is.EqualTo(e.Number("min")));
            Assert.That(s.Max, Is.EqualTo(e.Number("max")));
            if (e.NullableNumber("sd") is { } sd) Close(s.StandardDeviation, sd, "sd");
            else Assert.That(s.StandardDeviation, Is.NaN, "one run has no standard deviation");
        });
    }

    [TestCaseSource(nameof(MannWhitney))]
    public void Mann_whitney_matches_scipy(JsonElement c)
    {
        var method = Enum.Parse<RankMethod>(c.GetProperty("method").GetString()!);
        var a = c.Doubles("a");
        var b = c.Doubles("b");
        var r = TwoSampleTests.MannWhitney(a, b, c.Alternative(), c.Number("margin"), c.Number("confidence"), method);
        var auto = TwoSampleTests.MannWhitney(a, b, c.Alternative(), c.Number("margin"), c.Number("confidence"));
        var e = c.Expected();
        Assert.Multiple(() =>
        {
            Close(r.Statistic, e.Number("statistic"), "U of A");
            // The normal approximation is floored at the smallest p an exact test attains (the observed split alone).
            var floor = (c.Alternative() == Alternative.TwoSided ? 2 : 1) / MathNet.Numerics.SpecialFunctions.Binomial(a.Length + b.Length, a.Length);
            Close(r.PValue, method == RankMethod.Approximate ? Math.Max(e.Number("p_value"), floor) : e.Number("p_value"), "p-value");
            // Under ties at small n Auto uses the distribution conditional on the ties instead (statistics_reference_c.json).
            var ties = Ranks.HasTies([.. a.Select(x => x - c.Number("margin")), .. b]);
            if (!ties || a.Length + b.Length > RankDistributions.AutoConditional)
                Assert.That(auto.PValue, Is.EqualTo(r.PValue), "Auto chooses the method scipy's 'auto' chooses");
            Close(r.Estimate, e.Number("estimate"), "Hodges-Lehmann shift");
            AssertInterval(r.DifferenceInterval, e);
        });
    }

    [TestCaseSource(nameof(Wilcoxon))]
    public void Wilcoxon_matches_scipy(JsonElement c)
    {
        var method = Enum.Parse<RankMethod>(c.GetProperty("method").GetString()!);
        var continuity = c.TryGetProperty("continuity", out var k) && k.GetBoolean();
        var a = c.Doubles("a");
        var b = c.Doubles("b");
        var margin = c.Number("margin");
        var r = TwoSampleTests.Wilcoxon(a, b, c.Alternative(), margin, c.Number("confidence"), method, continuity);
        var e = c.Expected();
        // scipy reports min(W+, W-) for two-sided tests and W+ otherwise; we always report W+.
        var nonZero = a.Zip(b, (x, y) => x - y - margin).Count(d => d != 0);
        var total = nonZero * (nonZero + 1) / 2.0;
        var scipyStatistic = c.Alternative() == Alternative.TwoSided ? Math.Min(r.Statistic, total - r.Statistic) : r.Statistic;
        Assert.Multiple(() =>
        {
            Close(scipyStatistic, e.Number("statistic"), "statistic (scipy's convention)");
            var floor = (c.Alternative() == Alternative.TwoSided ? 2 : 1) * Math.Pow(2, -nonZero);
            Close(r.PValue, method == RankMethod.Approximate ? Math.Max(e.Number("p_value"), floor) : e.Number("p_value"), "p-value");
            if (e.TryGetProperty("w_plus", out var w)) Close(r.Statistic, w.GetDouble(), "W+");
            if (c.GetProperty("interval_checked").GetBoolean())
            {
                Close(r.Estimate, e.Number("estimate"), "Hodges-Lehmann pseudo-median");
                AssertInterval(r.DifferenceInterval, e);
            }
        });
    }

    static void AssertInterval(ConfidenceInterval interval, JsonElement e)
    {
        if (e.NullableNumber("ci_low") is { } low)
        {
            Close(interval.Low, low, "interval low");
            Close(interval.High, e.Number("ci_high"), "interval high");
        }
        else
        {
            Assert.That((interval.Low, interval.High), Is.EqualTo((double.NegativeInfinity, double.PositiveInfinity)),
                "samples too small for the confidence give an unbounded interval");
        }
    }

    [TestCaseSource(nameof(Permutation))]
    public void Exact_permutation_matches_scipy(JsonElement c)
    {
        var r = TwoSampleTests.Permutation(c.Doubles("a"), c.Doubles("b"), c.Alternative(), c.Number("margin"),
            paired: c.GetProperty("paired").GetBoolean());
        Assert.Multiple(() =>
        {
            Assert.That(r.Test, Does.EndWith("(exact)"));
            // The statistic is a difference of means that can be 0 up to rounding (numpy and .NET round differently).
            Close(r.Statistic, c.Expected().Number("statistic"), "statistic", absolute: 1e-15);
            // Exact p-values are ratios of counts: they must agree exactly up to rounding.
            Close(r.PValue, c.Expected().Number("p_value"), "p-value", 1e-12);
        });
    }

    [TestCaseSource(nameof(Effects))]
    public void Effect_sizes_match_reference(JsonElement c)
    {
        var a = c.Doubles("a");
        var b = c.Doubles("b");
        var e = c.Expected();
        Assert.Multiple(() =>
        {
            Close(EffectSizes.CohensD(a, b), e.Number("cohens_d"), "Cohen's d");
            Close(EffectSizes.HedgesG(a, b), e.Number("hedges_g"), "Hedges' g");
            Close(EffectSizes.CliffsDelta(a, b), e.Number("cliffs_delta"), "Cliff's delta");
            Close(EffectSizes.VarghaDelaneyA12(a, b), e.Number("a12"), "A12");
        });
    }

    [TestCaseSource(nameof(Iqm))]
    public void Interquartile_mean_matches_scipy_trim_mean(JsonElement c) =>
        Close(Robust.InterquartileMean(c.Doubles("x")), c.Number("expected"), "IQM");

    [TestCaseSource(nameof(Families))]
    public void Holm_and_BH_match_reference(JsonElement c)
    {
        var p = c.Doubles("p");
        var holm = Multiplicity.Holm(p);
        var bh = Multiplicity.BenjaminiHochberg(p);
        var expectedHolm = c.Expected().Doubles("holm");
        var expectedBh = c.Expected().Doubles("bh");
        Assert.Multiple(() =>
        {
            for (var i = 0; i < p.Length; i++)
            {
                Close(holm[i], expectedHolm[i], $"Holm[{i}]");
                Close(bh[i], expectedBh[i], $"BH[{i}]");
            }
        });
    }

    [TestCaseSource(nameof(TostCases))]
    public void Tost_matches_two_scipy_one_sided_tests(JsonElement c)
    {
        var r = Equivalence.Tost(c.Doubles("a"), c.Doubles("b"), c.Number("lower"), c.Number("upper"), c.Number("alpha"));
        var e = c.Expected();
        Assert.Multiple(() =>
        {
            Close(r.Lower.PValue, e.Number("p_lower"), "p lower");
            Close(r.Upper.PValue, e.Number("p_upper"), "p upper");
            Close(r.PValue, e.Number("p_value"), "TOST p");
            Close(r.Interval.Low, e.Number("ci_low"), "1 - 2α interval low");
            Close(r.Interval.High, e.Number("ci_high"), "1 - 2α interval high");
            Assert.That(r.Equivalent, Is.EqualTo(r.Interval.Low > r.LowerMargin && r.Interval.High < r.UpperMargin),
                "TOST rejects exactly when the 1 - 2α interval lies inside the margins");
        });
    }

    [TestCaseSource(nameof(ReproducesCases))]
    public void Reproduces_matches_scipy_from_stats(JsonElement c)
    {
        var reported = new ReportedResult(c.Number("reported_mean"), c.Number("reported_sd"), c.GetProperty("reported_n").GetInt32(), "reference");
        var r = Equivalence.Reproduces(c.Doubles("ours"), reported, c.Number("tolerance"), 0.05);
        Assert.Multiple(() =>
        {
            Close(r.Lower.PValue, c.Expected().Number("p_lower"), "p lower");
            Close(r.Upper.PValue, c.Expected().Number("p_upper"), "p upper");
        });
    }

    [TestCaseSource(nameof(Streams))]
    public void Seeded_stream_matches_an_independent_implementation(JsonElement c)
    {
        var random = new SeededRandom(ulong.Parse(c.GetProperty("seed").GetString()!), ulong.Parse(c.GetProperty("stream").GetString()!));
        var expected = c.GetProperty("expected").EnumerateArray().Select(v => ulong.Parse(v.GetString()!)).ToArray();
        var actual = expected.Select(_ => random.NextUInt64()).ToArray();
        Assert.That(actual, Is.EqualTo(expected));
    }
}

using ReproSpec.Statistics;

namespace ReproSpec.Decisions;

/// <summary>What a verdict rests on beyond the test's own null, by test: printed in every claim's reason.</summary>
/// <remarks>
/// Each error stays ≤ α only for the data the test assumes; docs/calibration.md ("Data ML produces") has the rows
/// where data break these assumptions and what they then cost.
/// </remarks>
static class Assumptions
{
    /// <summary>
    /// What the claim's verdict rests on: its test's assumption, or for a family (holds across, variance by source) each
    /// member's, prefixed with the members it applies to when they differ.
    /// </summary>
    public static string? Of(Evidence evidence)
    {
        if (evidence.Test is not null || evidence.Parts.Count == 0) return Of(evidence.Test);
        var byAssumption = evidence.Parts.Select(p => (p.Label, Assumption: Of(p.Test))).Where(p => p.Assumption is not null)
            .GroupBy(p => p.Assumption!).ToList();
        if (byAssumption.Count == 0) return null;
        if (byAssumption.Count == 1 && byAssumption[0].Count() == evidence.Parts.Count) return byAssumption[0].Key;
        return string.Join("; ", byAssumption.Select(g => $"{string.Join(", ", g.Select(p => p.Label))}: {g.Key}"));
    }

    public static string? Of(TestResult? test)
    {
        if (test is null) return null;
        var name = test.Test.StartsWith("TOST (", StringComparison.Ordinal) ? test.Test[6..] : test.Test;
        if (name.Contains(OneSampleTests.ShareBoundMarker, StringComparison.Ordinal))
            return name.StartsWith("TOST against reported summary", StringComparison.Ordinal)
                ? "per-seed values near normal, or shares of items each right independently with its own probability (binomial bound); "
                  + "seed-to-seed variance beyond binomial and collapsing seeds are not covered"
                : "per-seed values near normal or symmetric about the bound, or shares of items each right independently with its own probability (binomial bound), as declared (.AssumingNearNormal()); "
                  + "seed-to-seed variance beyond binomial and collapsing seeds are not covered: drop .AssumingNearNormal() for the betting test on [0, 1], valid for every distribution on it";
        if (name.StartsWith(BoundedReproduction.Name, StringComparison.Ordinal))
            return "our values within [0, 1], where every seed's value lay (valid for every distribution of ours on it), and the reported runs near normal (a t bound on their mean); "
                   + "declare .AssumingNearNormal() to rest the verdict on near-normal values of ours with fewer seeds (Welch's TOST)";
        if (name.StartsWith(BoundedMean.Name + Rules.ThresholdRule.UnitRangeSuffix, StringComparison.Ordinal))
            return "values within [0, 1], where every seed's value lay (valid for every distribution on it, at any look); "
                   + "declare .Bounded(low, high) if the metric can leave [0, 1], or .AssumingNearNormal() to rest the verdict on near-normal values with fewer seeds";
        if (name.StartsWith(BoundedMean.Name, StringComparison.Ordinal))
            return "values within the declared range (valid for every distribution on it, at any look)";
        if (name.StartsWith(SkewRobustPairedT.Name, StringComparison.Ordinal))
            return "per-seed differences no more skewed than an exponential or a lognormal of skewness 2 (skew-robust paired t)"
                   + (name.EndsWith(SkewRobustPairedT.TiesSuffix, StringComparison.Ordinal) ? ", or tied differences symmetric about the margin (exact sign-flip bound); " : "; ")
                   + "seeds that collapse now and then (a heavier tail) are not covered; declare Test = TestKind.PairedT to rest the verdict on near-normal differences with fewer seeds";
        if (name.Contains(TwoSampleTests.SignFlipSuffix, StringComparison.Ordinal))
            return "per-seed values (differences) symmetric about the margin (exact sign-flip test)";
        if (name.StartsWith(TwoSampleTests.PairedTName, StringComparison.Ordinal))
            return "per-seed differences near normal (paired t); strongly skewed differences at few seeds exceed α (the skew-robust paired t, Auto in claims registered since issue #25, does not assume this)";
        if (name.StartsWith(OneSampleTests.TName, StringComparison.Ordinal))
            return "per-seed values near normal (t test)";
        if (name.StartsWith(TwoSampleTests.WelchName, StringComparison.Ordinal) || name.StartsWith("TOST against reported summary", StringComparison.Ordinal))
            return "each arm's values near normal (Welch t)";
        if (name.StartsWith(TwoSampleTests.StudentName, StringComparison.Ordinal))
            return "each arm's values near normal with equal variances (Student t)";
        if (name.StartsWith(TwoSampleTests.MannWhitneyName, StringComparison.Ordinal))
            return "the arms' distributions differ at most by a shift (Mann-Whitney U)";
        if (name.StartsWith(TwoSampleTests.WilcoxonName, StringComparison.Ordinal))
            return "per-seed differences symmetric about the margin (Wilcoxon signed-rank)";
        if (name.StartsWith(TwoSampleTests.PermutationName, StringComparison.Ordinal) || name.StartsWith(TwoSampleTests.PairedPermutationName, StringComparison.Ordinal))
            return "runs exchangeable between the arms under the null (equal distributions, not only equal means)";
        return null;
    }
}

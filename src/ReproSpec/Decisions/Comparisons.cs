using ReproSpec.Claims;
using ReproSpec.Statistics;

namespace ReproSpec.Decisions;

/// <summary>Resampling options of the permutation test: paired sign flips or relabellings, the number of resamples and the seed.</summary>
/// <param name="Paired">Flip signs within seed pairs instead of relabelling runs between arms.</param>
/// <param name="Resamples">Monte-Carlo arrangements when there are too many to enumerate.</param>
/// <param name="Seed">Seed of every resampling step.</param>
public sealed record PermutationOptions(bool Paired, int Resamples, ulong Seed)
{
    /// <summary>What a claim uses: relabellings, <see cref="Bootstrap.DefaultResamples"/> arrangements, a fixed seed.</summary>
    public static readonly PermutationOptions Claim = new(false, Bootstrap.DefaultResamples, 20260101);
}

/// <summary>One two-sample comparison as a claim decides it: the p-values for and against, the declared test's result and the effect sizes.</summary>
/// <param name="PSupport">p of the null "the claim is false" (Greater: A − B ≤ δ; two-sided: A − B = δ).</param>
/// <param name="PRefute">p of the opposite one-sided null (Greater: A − B ≥ δ); null for a two-sided comparison, which cannot refute without an equivalence margin.</param>
/// <param name="Result">The declared test in the claim's direction, with its interval at the requested confidence.</param>
/// <param name="Effects">Mean difference, Hedges' g, Cliff's delta and A12 of A against B.</param>
public sealed record ComparisonEvidence(double PSupport, double? PRefute, TestResult Result, IReadOnlyDictionary<string, double> Effects)
{
    /// <summary>Supported when p(for) &lt; α, Refuted when p(against) &lt; α, Inconclusive otherwise: the fixed-n rule of every claim.</summary>
    public Verdict VerdictAt(double alpha) =>
        PSupport < alpha ? Verdict.Supported : PRefute < alpha ? Verdict.Refuted : Verdict.Inconclusive;
}

/// <summary>Runs the declared two-sample test in both one-sided directions: for the claim and against it. Claims and `reprospec compare` both decide here.</summary>
public static class Comparisons
{
    /// <summary>
    /// The test <see cref="TestKind.Auto"/> stands for: a paired test, because every arm of a claim runs on the same
    /// seeds 0..n−1, so run i of each arm shares its split and data order (paired by design); the skew-robust one, because
    /// per-seed differences are often skewed (a method that now and then falls short) and the t test then exceeds α.
    /// </summary>
    public static TestKind Resolve(TestKind kind) => kind == TestKind.Auto ? TestKind.SkewRobustPairedT : kind;

    /// <summary>True for the tests that pair runs by seed.</summary>
    public static bool IsPaired(TestKind kind) => Resolve(kind) is TestKind.PairedT or TestKind.SkewRobustPairedT or TestKind.Wilcoxon;

    /// <summary>True for the tests judged by a t statistic (their sequential looks use the one-sample t levels).</summary>
    public static bool IsT(TestKind kind) => Resolve(kind) is TestKind.PairedT or TestKind.SkewRobustPairedT or TestKind.Welch or TestKind.Student;

    /// <summary>
    /// The declared test of "A − B &gt; δ" (<paramref name="direction"/> Greater), "&lt; δ" (Less) or "≠ δ" (TwoSided), with the
    /// opposite one-sided test's p for a one-sided claim, the result's interval at <paramref name="confidence"/>, and the effect sizes.
    /// </summary>
    public static ComparisonEvidence Compare(TestKind kind, double[] a, double[] b, double margin, double confidence,
        Alternative direction = Alternative.Greater, PermutationOptions? permutation = null)
    {
        if (Resolve(kind) == TestKind.Permutation && direction != Alternative.TwoSided)
        {
            // Both directions from one pass over the same arrangements (what two calls with one seed would count).
            var options = permutation ?? PermutationOptions.Claim;
            var (result, opposite) = TwoSampleTests.PermutationBothWays(a, b, direction, margin, confidence, options.Paired, options.Resamples, options.Seed, withInterval: true);
            return new ComparisonEvidence(result.PValue, opposite, result, Effects(a, b));
        }
        var support = One(kind, a, b, direction, margin, confidence, permutation: permutation);
        double? refute = direction switch
        {
            Alternative.Greater => One(kind, a, b, Alternative.Less, margin, confidence, withInterval: false, permutation).PValue,
            Alternative.Less => One(kind, a, b, Alternative.Greater, margin, confidence, withInterval: false, permutation).PValue,
            _ => null,
        };
        return new ComparisonEvidence(support.PValue, refute, support, Effects(a, b));
    }

    /// <summary>p for H0 "A − B ≤ δ" (support) and for H0 "A − B ≥ δ" (refute), with the two-sided (1 − 2·level) result.</summary>
    /// <remarks>At a sequential look <paramref name="level"/> is the look's nominal level, so the interval's ends are the
    /// one-sided bounds the verdict is judged by (a repeated confidence interval).</remarks>
    internal static (double PSupport, double PRefute, TestResult Result) Run(TestKind kind, double[] a, double[] b, double margin, double level)
    {
        var evidence = Compare(kind, a, b, margin, Intervals.AtLevel(level));
        return (evidence.PSupport, evidence.PRefute!.Value, evidence.Result);
    }

    /// <summary>The declared test in one direction.</summary>
    /// <remarks>Pass <c>withInterval: false</c> when only the p-value is used: the sign-flip interval of tied values costs a search.</remarks>
    public static TestResult One(TestKind kind, double[] a, double[] b, Alternative alternative, double margin, double confidence,
        bool withInterval = true, PermutationOptions? permutation = null)
    {
        var options = permutation ?? PermutationOptions.Claim;
        return Resolve(kind) switch
        {
            TestKind.Welch => TwoSampleTests.Welch(a, b, alternative, margin, confidence),
            TestKind.Student => TwoSampleTests.Student(a, b, alternative, margin, confidence),
            TestKind.PairedT => TwoSampleTests.PairedT(a, b, alternative, margin, confidence, withInterval),
            TestKind.SkewRobustPairedT => SkewRobustPairedT.Test(a, b, alternative, margin, confidence, withInterval),
            TestKind.MannWhitney => TwoSampleTests.MannWhitney(a, b, alternative, margin, confidence),
            TestKind.Wilcoxon => TwoSampleTests.Wilcoxon(a, b, alternative, margin, confidence),
            TestKind.Permutation => TwoSampleTests.Permutation(a, b, alternative, margin, confidence, options.Paired, options.Resamples, options.Seed, withInterval),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown test kind."),
        };
    }

    /// <summary>Effect sizes a reviewer expects next to a p-value, in the "better is larger" orientation.</summary>
    public static Dictionary<string, double> Effects(double[] a, double[] b)
    {
        var effects = new Dictionary<string, double>
        {
            ["mean_difference"] = Descriptive.Mean(a) - Descriptive.Mean(b),
        };
        if (a.Length >= 2 && b.Length >= 2)
        {
            effects["hedges_g"] = EffectSizes.HedgesG(a, b);
            effects["cliffs_delta"] = EffectSizes.CliffsDelta(a, b);
            effects["a12"] = EffectSizes.VarghaDelaneyA12(a, b);
        }
        return effects;
    }
}

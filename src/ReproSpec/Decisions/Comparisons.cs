using ReproSpec.Claims;
using ReproSpec.Statistics;

namespace ReproSpec.Decisions;

/// <summary>Runs the declared two-sample test in both one-sided directions: for the claim and against it.</summary>
static class Comparisons
{
    /// <summary>
    /// The test <see cref="TestKind.Auto"/> stands for: the paired t test, because every arm of a claim runs on the
    /// same seeds 0..n−1, so run i of each arm shares its split and data order (paired by design).
    /// </summary>
    public static TestKind Resolve(TestKind kind) => kind == TestKind.Auto ? TestKind.PairedT : kind;

    public static bool IsPaired(TestKind kind) => kind is TestKind.PairedT or TestKind.Wilcoxon;

    /// <summary>p for H0 "A − B ≤ δ" (support) and for H0 "A − B ≥ δ" (refute), with the two-sided (1 − 2·level) result.</summary>
    /// <remarks>At a sequential look <paramref name="level"/> is the look's nominal level, so the interval's ends are the
    /// one-sided bounds the verdict is judged by (a repeated confidence interval).</remarks>
    public static (double PSupport, double PRefute, TestResult Result) Run(TestKind kind, double[] a, double[] b, double margin, double level)
    {
        var confidence = Intervals.AtLevel(level);
        var support = One(kind, a, b, Alternative.Greater, margin, confidence);
        var refute = One(kind, a, b, Alternative.Less, margin, confidence, withInterval: false);
        return (support.PValue, refute.PValue, support);
    }

    /// <summary>The declared test in one direction.</summary>
    /// <remarks>Pass <c>withInterval: false</c> when only the p-value is used: the sign-flip interval of tied values costs a search.</remarks>
    public static TestResult One(TestKind kind, double[] a, double[] b, Alternative alternative, double margin, double confidence, bool withInterval = true) => kind switch
    {
        TestKind.Welch => TwoSampleTests.Welch(a, b, alternative, margin, confidence),
        TestKind.Student => TwoSampleTests.Student(a, b, alternative, margin, confidence),
        TestKind.PairedT => TwoSampleTests.PairedT(a, b, alternative, margin, confidence, withInterval),
        TestKind.MannWhitney => TwoSampleTests.MannWhitney(a, b, alternative, margin, confidence),
        TestKind.Wilcoxon => TwoSampleTests.Wilcoxon(a, b, alternative, margin, confidence),
        TestKind.Permutation => TwoSampleTests.Permutation(a, b, alternative, margin, confidence: confidence, seed: 20260101),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown test kind."),
    };

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

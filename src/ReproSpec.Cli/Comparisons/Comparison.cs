using ReproSpec.Claims;
using ReproSpec.Cli.Commands;
using ReproSpec.Cli.Input;
using ReproSpec.Statistics;

namespace ReproSpec.Cli.Comparisons;

/// <summary>What `reprospec compare` was asked: the test, the alternative with its margin δ, and α.</summary>
public sealed record ComparisonRequest(string Test, Alternative Alternative, double Margin, double Alpha,
    bool Paired = false, int Resamples = Bootstrap.DefaultResamples, ulong Seed = 0);

/// <summary>The result of comparing two files of runs: summaries, the test in both directions, effect sizes and the verdict.</summary>
/// <remarks>
/// <see cref="MeanDifferenceInterval"/> is the two-sided (1 − α) t interval of mean(A) − mean(B) (paired t when the
/// test is paired, Welch otherwise); <see cref="PRefute"/> is the p-value of the opposite one-sided test (null for
/// two-sided), below α it refutes the claim.
/// </remarks>
public sealed record Comparison(ComparisonRequest Request, RunTable A, RunTable B, bool Paired, Summary SummaryA, Summary SummaryB,
    TestResult Result, double? PRefute, ConfidenceInterval MeanDifferenceInterval, double HedgesG, double CliffsDelta, double A12, Verdict Verdict);

/// <summary>Runs the requested two-sample test on two run tables and turns it into a three-valued verdict.</summary>
public static class Compare
{
    public const string Welch = "welch";
    public const string Student = "student";
    public const string PairedT = "paired-t";
    public const string MannWhitney = "mann-whitney";
    public const string Wilcoxon = "wilcoxon";
    public const string Permutation = "permutation";

    public static readonly string[] Tests = [Welch, Student, PairedT, MannWhitney, Wilcoxon, Permutation];

    /// <summary>
    /// Supported when the test rejects "the claim is false" at α (Greater: H0 mean(A) − mean(B) ≤ δ); Refuted when
    /// the opposite one-sided test rejects at α, i.e. the one-sided (1 − α) bound lies on the wrong side of δ
    /// (Greater: the upper bound is below δ); Inconclusive otherwise. A two-sided comparison is Supported by a
    /// significant difference and otherwise Inconclusive: no difference cannot be shown without an equivalence margin.
    /// </summary>
    public static Comparison Run(RunTable a, RunTable b, ComparisonRequest request)
    {
        var paired = request.Test is PairedT or Wilcoxon || (request.Test == Permutation && request.Paired);
        double[] x = a.Values, y = b.Values;
        if (paired) (x, y, _) = RunTable.PairBySeed(a, b, request.Test);
        if (x.Length < 2 || y.Length < 2)
        {
            var small = x.Length < 2 ? a : b;
            throw new BadInputException($"{small.File}: {(x.Length < 2 ? x.Length : y.Length)} run(s) in column '{small.Metric}'; {request.Test} needs at least 2 per file. Run more seeds.");
        }
        var confidence = 1 - request.Alpha;
        var result = Test(request, x, y, request.Alternative, paired, confidence);
        double? pRefute = request.Alternative switch
        {
            Alternative.Greater => Test(request, x, y, Alternative.Less, paired, confidence).PValue,
            Alternative.Less => Test(request, x, y, Alternative.Greater, paired, confidence).PValue,
            _ => null,
        };
        var verdict = result.PValue < request.Alpha ? Verdict.Supported
            : pRefute < request.Alpha ? Verdict.Refuted
            : Verdict.Inconclusive;
        var interval = paired ? Intervals.PairedDifference(x, y, confidence) : Intervals.WelchDifference(x, y, confidence);
        return new Comparison(request, a, b, paired, Summary.Of(x), Summary.Of(y), result, pRefute, interval,
            EffectSizes.HedgesG(x, y), EffectSizes.CliffsDelta(x, y), EffectSizes.VarghaDelaneyA12(x, y), verdict);
    }

    static TestResult Test(ComparisonRequest r, double[] a, double[] b, Alternative alternative, bool paired, double confidence) => r.Test switch
    {
        Welch => TwoSampleTests.Welch(a, b, alternative, r.Margin, confidence),
        Student => TwoSampleTests.Student(a, b, alternative, r.Margin, confidence),
        PairedT => TwoSampleTests.PairedT(a, b, alternative, r.Margin, confidence),
        MannWhitney => TwoSampleTests.MannWhitney(a, b, alternative, r.Margin, confidence),
        Wilcoxon => TwoSampleTests.Wilcoxon(a, b, alternative, r.Margin, confidence),
        Permutation => TwoSampleTests.Permutation(a, b, alternative, r.Margin, confidence, paired, r.Resamples, r.Seed),
        _ => throw new ArgumentOutOfRangeException(nameof(r), r.Test, $"Unknown test '{r.Test}'; use one of {string.Join(", ", Tests)}."),
    };
}

using ReproSpec.Claims;
using ReproSpec.Cli.Commands;
using ReproSpec.Cli.Input;
using ReproSpec.Decisions;
using Kernel = ReproSpec.Decisions.Comparisons;
using ReproSpec.Statistics;

namespace ReproSpec.Cli.Comparisons;

/// <summary>What `reprospec compare` was asked: the test, the alternative with its margin δ, and α.</summary>
/// <param name="Test">One of <see cref="Compare.Tests"/>.</param>
/// <param name="Alternative">The claim's direction.</param>
/// <param name="Margin">δ, in the metric's units.</param>
/// <param name="Alpha">Significance level; intervals are at 1 − α and ASO's ε_min at confidence 1 − α.</param>
/// <param name="Paired">Permutation test only: flip signs within seed pairs.</param>
/// <param name="Resamples">Monte-Carlo permutations (default 10,000) or ASO bootstrap resamples (default 1,000).</param>
/// <param name="Seed">Seed of every resampling step.</param>
/// <param name="Threshold">ASO only: A almost stochastically dominates B when ε_min is below it.</param>
public sealed record ComparisonRequest(string Test, Alternative Alternative, double Margin, double Alpha,
    bool Paired = false, int? Resamples = null, ulong Seed = 0, double Threshold = StochasticOrder.DefaultThreshold);

/// <summary>Almost stochastic order in both directions: A (shifted by −δ) over B, and B over A.</summary>
public sealed record AsoOutcome(AlmostStochasticOrderResult AOverB, AlmostStochasticOrderResult BOverA);

/// <summary>The result of comparing two files of runs: summaries, the test in both directions, effect sizes and the verdict.</summary>
/// <remarks>
/// <see cref="Result"/> is the hypothesis test (null for ASO, which has <see cref="Aso"/> instead and no p-value).
/// <see cref="MeanDifferenceInterval"/> is the two-sided (1 − α) interval of mean(A) − mean(B): the paired t test's when
/// the test is paired (the exact sign-flip one when the differences tie), Welch's otherwise; <see cref="PRefute"/> is the p-value of the opposite one-sided test (null for
/// two-sided and ASO), below α it refutes the claim.
/// </remarks>
public sealed record Comparison(ComparisonRequest Request, RunTable A, RunTable B, bool Paired, Summary SummaryA, Summary SummaryB,
    TestResult? Result, AsoOutcome? Aso, double? PRefute, ConfidenceInterval MeanDifferenceInterval,
    double HedgesG, double CliffsDelta, double A12, Verdict Verdict);

/// <summary>Runs the requested two-sample test on two run tables and turns it into a three-valued verdict.</summary>
public static class Compare
{
    public const string Welch = "welch";
    public const string Student = "student";
    public const string PairedT = "paired-t";
    public const string SkewRobustPairedT = "skew-robust-paired-t";
    public const string MannWhitney = "mann-whitney";
    public const string Wilcoxon = "wilcoxon";
    public const string Permutation = "permutation";
    public const string Aso = "aso";

    public static readonly string[] Tests = [Welch, Student, PairedT, SkewRobustPairedT, MannWhitney, Wilcoxon, Permutation, Aso];

    /// <summary>ASO's usual number of bootstrap resamples (deep-significance's default).</summary>
    public const int AsoDefaultResamples = 1000;

    /// <summary>
    /// Supported when the test rejects "the claim is false" at α (Greater: H0 mean(A) − mean(B) ≤ δ); Refuted when
    /// the opposite one-sided test rejects at α, i.e. the one-sided (1 − α) bound lies on the wrong side of δ
    /// (Greater: the upper bound is below δ); Inconclusive otherwise. A two-sided comparison is Supported by a
    /// significant difference and otherwise Inconclusive: no difference cannot be shown without an equivalence margin.
    /// ASO: Supported when A − δ almost stochastically dominates B (ε_min &lt; τ), Refuted when B dominates A − δ,
    /// mirrored for Less; two-sided: Supported when either dominates.
    /// </summary>
    public static Comparison Run(RunTable a, RunTable b, ComparisonRequest request)
    {
        var paired = request.Test is PairedT or SkewRobustPairedT or Wilcoxon || (request.Test == Permutation && request.Paired);
        double[] x = a.Values, y = b.Values;
        if (paired) (x, y, _) = RunTable.PairBySeed(a, b, request.Test);
        if (x.Length < 2 || y.Length < 2)
        {
            var small = x.Length < 2 ? a : b;
            throw new BadInputException($"{small.File}: {(x.Length < 2 ? x.Length : y.Length)} run(s) in column '{small.Metric}'; {request.Test} needs at least 2 per file. Run more seeds.");
        }
        var confidence = 1 - request.Alpha;
        TestResult? result = null;
        AsoOutcome? aso = null;
        double? pRefute = null;
        Verdict verdict;
        if (request.Test == Aso)
        {
            aso = AlmostStochasticOrder(x, y, request, confidence);
            var (forward, reverse) = (aso.AOverB.ADominates, aso.BOverA.ADominates);
            verdict = request.Alternative switch
            {
                Alternative.Greater => forward ? Verdict.Supported : reverse ? Verdict.Refuted : Verdict.Inconclusive,
                Alternative.Less => reverse ? Verdict.Supported : forward ? Verdict.Refuted : Verdict.Inconclusive,
                _ => forward || reverse ? Verdict.Supported : Verdict.Inconclusive,
            };
        }
        else
        {
            // The same kernel a claim decides with: the declared test both ways, the fixed-n verdict rule.
            var evidence = Kernel.Compare(Kind(request.Test), x, y, request.Margin, confidence, request.Alternative,
                new PermutationOptions(paired, request.Resamples ?? Bootstrap.DefaultResamples, request.Seed));
            result = evidence.Result;
            pRefute = evidence.PRefute;
            verdict = evidence.VerdictAt(request.Alpha);
        }
        // The paired t test's own interval: on tied differences it inverts the sign-flip test, so it agrees with that verdict.
        var interval = paired ? TwoSampleTests.PairedT(x, y, Alternative.TwoSided, 0, confidence).DifferenceInterval : Intervals.WelchDifference(x, y, confidence);
        var effects = Kernel.Effects(x, y);
        return new Comparison(request, a, b, paired, Summary.Of(x), Summary.Of(y), result, aso, pRefute, interval,
            effects["hedges_g"], effects["cliffs_delta"], effects["a12"], verdict);
    }

    /// <summary>ε_min both ways with the same seed; the margin shifts A by −δ as for every other test.</summary>
    static AsoOutcome AlmostStochasticOrder(double[] a, double[] b, ComparisonRequest r, double confidence)
    {
        var shifted = a.Select(v => v - r.Margin).ToArray();
        var bootstrap = r.Resamples ?? AsoDefaultResamples;
        return new AsoOutcome(
            StochasticOrder.AlmostStochasticOrder(shifted, b, confidence, bootstrap, r.Seed, threshold: r.Threshold),
            StochasticOrder.AlmostStochasticOrder(b, shifted, confidence, bootstrap, r.Seed, threshold: r.Threshold));
    }

    /// <summary>The claim's test kind behind a `--test` name (ASO has none: it is not a hypothesis test).</summary>
    public static TestKind Kind(string test) => test switch
    {
        Welch => TestKind.Welch,
        Student => TestKind.Student,
        PairedT => TestKind.PairedT,
        SkewRobustPairedT => TestKind.SkewRobustPairedT,
        MannWhitney => TestKind.MannWhitney,
        Wilcoxon => TestKind.Wilcoxon,
        Permutation => TestKind.Permutation,
        _ => throw new ArgumentOutOfRangeException(nameof(test), test, $"Unknown test '{test}'; use one of {string.Join(", ", Tests)}."),
    };
}

using ReproSpec.Statistics;

namespace ReproSpec.Claims;

/// <summary>A result as a paper prints it: mean ± sd over n runs, with where it was printed.</summary>
/// <remarks>
/// The claim language and the statistics layer share one record, <see cref="ReportedResult"/>; this class builds
/// it and holds the stricter checks a reproduction claim needs (n ≥ 2 and sd &gt; 0: a single run or a spread of
/// 0 cannot be tested against, where <see cref="Equivalence.Reproduces"/> would treat it as a known constant).
/// </remarks>
public static class Reported
{
    /// <summary>"88.2 ± 0.6 (n = 3)" from Source: the paper's own numbers, a first-class input.</summary>
    /// <param name="mean">The reported mean, in the metric's units (0.953, not 95.3 %, for an accuracy).</param>
    /// <param name="sd">The reported sample standard deviation over the n runs (a standard error converts as se·√n).</param>
    /// <param name="n">Runs, seeds or folds behind the figure.</param>
    /// <param name="source">Where the figure is printed: paper, table, page.</param>
    public static ReportedResult MeanSd(double mean, double sd, int n, string source) => new(mean, sd, n, source);

    /// <summary>Why <paramref name="reported"/> cannot be the target of a reproduction claim; empty when it can.</summary>
    public static IEnumerable<string> Problems(ReportedResult reported)
    {
        ArgumentNullException.ThrowIfNull(reported);
        if (!double.IsFinite(reported.Mean)) yield return $"reported mean {reported.Mean} is not a finite number.";
        if (!(reported.StandardDeviation > 0) || !double.IsFinite(reported.StandardDeviation))
            yield return $"reported standard deviation {reported.StandardDeviation} must be > 0 (a paper that prints ± 0 or no spread cannot be tested against; ask the authors or use a Threshold claim).";
        if (reported.N < 2) yield return $"reported n = {reported.N}: a standard deviation needs n ≥ 2 runs.";
        if (string.IsNullOrWhiteSpace(reported.Source)) yield return "reported result has no source: name the paper and table.";
    }
}

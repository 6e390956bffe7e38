namespace ReproSpec.Claims;

/// <summary>A result as a paper prints it: mean ± sd over n runs, with where it was printed.</summary>
public sealed record Reported(double Mean, double StandardDeviation, int N, string Source)
{
    /// <summary>"88.2 ± 0.6 (n = 3)" from Source: the paper's own numbers, a first-class input.</summary>
    public static Reported MeanSd(double mean, double sd, int n, string source) => new(mean, sd, n, source);

    public IEnumerable<string> Problems()
    {
        if (!double.IsFinite(Mean)) yield return $"reported mean {Mean} is not a finite number.";
        if (!(StandardDeviation > 0) || !double.IsFinite(StandardDeviation))
            yield return $"reported standard deviation {StandardDeviation} must be > 0 (a paper that prints ± 0 or no spread cannot be tested against; ask the authors or use a Threshold claim).";
        if (N < 2) yield return $"reported n = {N}: a standard deviation needs n ≥ 2 runs.";
        if (string.IsNullOrWhiteSpace(Source)) yield return "reported result has no source: name the paper and table.";
    }

    public override string ToString() => $"{Mean:G4} ± {StandardDeviation:G3} (n = {N}, {Source})";
}

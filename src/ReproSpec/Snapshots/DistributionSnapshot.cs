using ReproSpec.Claims;
using ReproSpec.Reports;

namespace ReproSpec.Snapshots;

/// <summary>What a claim method's runs looked like: per claim, its verdict and each arm's per-seed values. Stored as *.verified.json.</summary>
public sealed record DistributionSnapshot(IReadOnlyList<ClaimSnapshot> Claims)
{
    public static DistributionSnapshot Of(IEnumerable<ClaimRecord> records) =>
        new(records.Select(r => new ClaimSnapshot(r.Sentence, r.Verdict,
            r.Arms.Select(a => new ArmSnapshot(a.Name, a.Experiment, a.Metric, a.Seeds, a.Values,
                a.Summary is { } s ? new SummarySnapshot(s.N, s.Mean, s.StandardDeviation, s.Median, s.Min, s.Max) : null,
                a.Environments)).ToList())).ToList());
}

/// <summary>One claim in a snapshot: its sentence, verdict and arms.</summary>
public sealed record ClaimSnapshot(string Sentence, Verdict Verdict, IReadOnlyList<ArmSnapshot> Arms);

/// <summary>One arm's per-seed metric values, their summary (for reading; comparisons recompute it) and environment ids.</summary>
public sealed record ArmSnapshot(string Name, string Experiment, string Metric, IReadOnlyList<int> Seeds, IReadOnlyList<double> Values,
    SummarySnapshot? Summary, IReadOnlyList<string> Environments)
{
    internal double[] Finite => Values.Where(double.IsFinite).ToArray();
}

/// <summary>mean ± sd (n), median and range of an arm, written for a reader of the snapshot file.</summary>
public sealed record SummarySnapshot(int N, double Mean, double StandardDeviation, double Median, double Min, double Max);

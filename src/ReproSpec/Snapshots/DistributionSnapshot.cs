using ReproSpec.Claims;
using ReproSpec.Reports;

namespace ReproSpec.Snapshots;

/// <summary>What a claim method's runs looked like: per claim, its verdict, each arm's per-seed values and the design they were decided under. Stored as *.verified.json.</summary>
public sealed record DistributionSnapshot(IReadOnlyList<ClaimSnapshot> Claims)
{
    /// <param name="records">The decided claims, in declaration order.</param>
    /// <param name="designs">Each claim's design (<see cref="ClaimDesign.Of"/>), in the same order; null records none.</param>
    public static DistributionSnapshot Of(IEnumerable<ClaimRecord> records, IReadOnlyList<ClaimDesign>? designs = null) =>
        new(records.Select((r, i) => new ClaimSnapshot(r.Sentence, r.Verdict,
            r.Arms.Select(a => new ArmSnapshot(a.Name, a.Experiment, a.Metric, a.Seeds, a.Values,
                a.Summary is { } s ? new SummarySnapshot(s.N, s.Mean, s.StandardDeviation, s.Median, s.Min, s.Max) : null,
                a.Environments)).ToList(), designs?[i])).ToList());
}

/// <summary>One claim in a snapshot: its sentence, verdict and arms; the design its results were decided under, and the design's history.</summary>
/// <param name="Sentence">The claim as a sentence.</param>
/// <param name="Verdict">The verdict the results got.</param>
/// <param name="Arms">Each arm's per-seed values.</param>
/// <param name="Design">The pre-registered design of these results; null in snapshots written before designs were recorded.</param>
/// <param name="DesignChanges">Every change of design, oldest first, with its kind and the reason it was accepted for; null or empty when the design never changed.</param>
public sealed record ClaimSnapshot(string Sentence, Verdict Verdict, IReadOnlyList<ArmSnapshot> Arms, ClaimDesign? Design = null,
    IReadOnlyList<DesignChange>? DesignChanges = null)
{
    /// <summary>The design history, never null.</summary>
    public IReadOnlyList<DesignChange> History => DesignChanges ?? [];

    /// <summary>Every seed number a result of this claim has used, under this design or an earlier one.</summary>
    public IReadOnlySet<int> SeedsUsed =>
        Arms.SelectMany(a => a.Seeds)
            .Concat(Design?.Seeds ?? [])
            .Concat(History.SelectMany(c => (c.From?.Seeds ?? []).Concat(c.To.Seeds ?? [])))
            .ToHashSet();
}

/// <summary>One arm's per-seed metric values, their summary (for reading; comparisons recompute it) and environment ids.</summary>
public sealed record ArmSnapshot(string Name, string Experiment, string Metric, IReadOnlyList<int> Seeds, IReadOnlyList<double> Values,
    SummarySnapshot? Summary, IReadOnlyList<string> Environments)
{
    internal double[] Finite => Values.Where(double.IsFinite).ToArray();
}

/// <summary>mean ± sd (n), median and range of an arm, written for a reader of the snapshot file.</summary>
public sealed record SummarySnapshot(int N, double Mean, double StandardDeviation, double Median, double Min, double Max);

using ReproSpec.Snapshots;

namespace ReproSpec.Reports;

/// <summary>The distribution snapshot of a claim method's decided claims, made from their records.</summary>
/// <remarks>
/// An extension rather than a member of DistributionSnapshot: Snapshots come before Reports in the pipeline, so the
/// snapshot knows nothing of the report's records and this stage builds it from them.
/// </remarks>
public static class RecordSnapshot
{
    extension(DistributionSnapshot)
    {
        /// <summary>The snapshot of <paramref name="records"/>: each claim's verdict, its arms' per-seed values and its design.</summary>
        /// <param name="records">The decided claims, in declaration order.</param>
        /// <param name="designs">Each claim's design (<see cref="ClaimDesign.Of"/>), in the same order; null records none.</param>
        public static DistributionSnapshot Of(IEnumerable<ClaimRecord> records, IReadOnlyList<ClaimDesign>? designs = null) =>
            new(records.Select((r, i) => new ClaimSnapshot(r.Sentence, r.Verdict,
                r.Arms.Select(a => new ArmSnapshot(a.Name, a.Experiment, a.Metric, a.Seeds, a.Values,
                    a.Summary is { } s ? new SummarySnapshot(s.N, s.Mean, s.StandardDeviation, s.Median, s.Min, s.Max) : null,
                    a.Environments) { Inputs = a.Inputs }).ToList(), designs?[i])).ToList());
    }
}

using ReproSpec.Claims;

namespace ReproSpec.Snapshots;

/// <summary>What a claim method's runs looked like: per claim, its verdict, each arm's per-seed values and the design they were decided under. Stored as *.verified.json.</summary>
public sealed record DistributionSnapshot(IReadOnlyList<ClaimSnapshot> Claims)
{
    // Another machine's values stay beside this run's; one that gave exactly this run's values joins its list of machines.
    static ArmSnapshot Keeping(ArmSnapshot arm, ArmSnapshot was)
    {
        var others = was.AcceptedSets.Where(set => set.Environments.Count > 0 && !set.SameEnvironmentAs(arm.Environments)).ToList();
        var same = others.Where(set => SameValues(set, arm)).ToList();
        return arm with
        {
            Environments = arm.Environments.Concat(same.SelectMany(set => set.Environments)).Distinct(StringComparer.Ordinal).ToList(),
            Machine = string.Join("; ", new[] { arm.Machine }.Concat(same.Select(set => set.Machine)).OfType<string>().Where(m => m.Length > 0).Distinct()),
            Accepted = others.Except(same).ToList(),
        };
    }

    // Every seed gave exactly this run's value: the same numbers on another machine (or under an older id).
    static bool SameValues(EnvironmentValues set, ArmSnapshot arm) =>
        set.Seeds.SequenceEqual(arm.Seeds) && set.Values.Select(BitConverter.DoubleToInt64Bits).SequenceEqual(arm.Values.Select(BitConverter.DoubleToInt64Bits));

    /// <summary>This snapshot with each arm's machine environments described by <paramref name="describe"/> (an id to a few words, or null when unknown).</summary>
    public DistributionSnapshot DescribingMachines(Func<string, string?> describe) =>
        new(Claims.Select(c => c with
        {
            Arms = c.Arms.Select(a => a with { Machine = string.Join("; ", a.Environments.Select(id => describe(id) ?? id)) }).ToList(),
        }).ToList());

    /// <summary>
    /// This run's snapshot with the values <paramref name="verified"/> accepted on other machine environments kept
    /// beside each arm's: accepting it adds this machine and drops none of the others.
    /// </summary>
    public DistributionSnapshot KeepingOtherEnvironments(DistributionSnapshot? verified)
    {
        if (verified is null) return this;
        var old = verified.Claims.GroupBy(c => c.Sentence).ToDictionary(g => g.Key, g => g.First());
        return new(Claims.Select(claim =>
        {
            if (!old.TryGetValue(claim.Sentence, out var before)) return claim;
            var oldArms = before.Arms.GroupBy(a => a.Name).ToDictionary(g => g.Key, g => g.First());
            return claim with { Arms = claim.Arms.Select(arm => oldArms.TryGetValue(arm.Name, out var was) && arm.Metric == was.Metric ? Keeping(arm, was) : arm).ToList() };
        }).ToList());
    }
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

/// <summary>
/// One arm's per-seed metric values, their summary (for reading; comparisons recompute it), the machine environments
/// they were computed on and what they were computed from; plus the values accepted on other machine environments.
/// </summary>
public sealed record ArmSnapshot(string Name, string Experiment, string Metric, IReadOnlyList<int> Seeds, IReadOnlyList<double> Values,
    SummarySnapshot? Summary, IReadOnlyList<string> Environments)
{
    /// <summary>Code, data, parameters and version of the runs; null in snapshots written before inputs were recorded.</summary>
    public Planning.RunInputs? Inputs { get; init; }

    /// <summary>The machine environment(s) in a few words (CPU and ISA, threads, GPU, runtime), for a reader of the file.</summary>
    public string? Machine { get; init; }

    /// <summary>The per-seed values accepted on other machine environments (one entry each); null or empty when there are none.</summary>
    public IReadOnlyList<EnvironmentValues>? Accepted { get; init; }

    /// <summary>Every accepted set of values: this arm's own first, then the other environments'.</summary>
    public IReadOnlyList<EnvironmentValues> AcceptedSets =>
        [new EnvironmentValues(Environments, Inputs, Seeds, Values) { Machine = Machine }, .. Accepted ?? []];

    internal double[] Finite => Values.Where(double.IsFinite).ToArray();
}

/// <summary>An arm's per-seed values as accepted on one machine environment, with what they were computed from.</summary>
/// <param name="Environments">The machine environment id(s) of the runs.</param>
/// <param name="Inputs">Code, data, parameters and version of the runs; null when not recorded.</param>
/// <param name="Seeds">The seed of each value.</param>
/// <param name="Values">The arm's metric, one value per seed.</param>
public sealed record EnvironmentValues(IReadOnlyList<string> Environments, Planning.RunInputs? Inputs, IReadOnlyList<int> Seeds, IReadOnlyList<double> Values)
{
    /// <summary>The machine environment in a few words (CPU and ISA, threads, GPU, runtime), when it was known at acceptance.</summary>
    public string? Machine { get; init; }

    /// <summary>True when every machine environment <paramref name="environments"/> names is one these values were accepted on.</summary>
    public bool SameEnvironmentAs(IReadOnlyList<string> environments) =>
        Environments.Count > 0 && environments.Count > 0 && environments.All(e => Environments.Contains(e, StringComparer.Ordinal));
}

/// <summary>mean ± sd (n), median and range of an arm, written for a reader of the snapshot file.</summary>
public sealed record SummarySnapshot(int N, double Mean, double StandardDeviation, double Median, double Min, double Max);

using System.Globalization;
using ReproSpec.Claims;
using ReproSpec.Statistics;

namespace ReproSpec.Decisions;

/// <summary>What one look decides: the verdict (null: run the next batch), the levels it was judged at, and each family member's verdict.</summary>
/// <param name="Verdict">Supported or Refuted, or null when neither boundary was crossed.</param>
/// <param name="SupportLevel">The nominal level pSupport was compared with (the α design's level at this look).</param>
/// <param name="RefuteLevel">The level pRefute was compared with: the same for one claim, the α/m design's level for a family of m.</param>
/// <param name="Parts">Family members judged exactly as the family judges them (empty for a single claim).</param>
sealed record LookDecision(Verdict? Verdict, double SupportLevel, double RefuteLevel, IReadOnlyList<ClaimOutcome> Parts);

/// <summary>Turns the evidence at a look into Supported, Refuted, or "keep adding seeds".</summary>
/// <remarks>
/// Two one-sided group-sequential boundaries with the claim's α-spending function, O'Brien–Fleming unless it
/// declares Pocock (docs/sequential-design.md): each error rate stays ≤ α over all looks, and a single look is
/// exactly the fixed-N rule at α. Paired and one-sample t claims use levels calibrated for the t test
/// (<see cref="LookStatistic.OneSampleT"/>). A family (Ranking, HoldsAcross) of m members is Supported when every
/// member crosses its α design's boundary (intersection–union, no correction needed) and its members are refuted by
/// Holm's step-down over whole designs: by increasing p, member j is judged by the design of level α/(m − j + 1),
/// so the family is Refuted when the smallest p crosses the α/m design's boundary.
/// </remarks>
sealed class SequentialRule
{
    readonly ClaimSettings settings;
    readonly LookStatistic statistic;
    readonly Dictionary<double, SequentialDesign> designs = [];

    SequentialRule(ClaimSettings settings, LookStatistic statistic)
    {
        this.settings = settings;
        this.statistic = statistic;
    }

    public static SequentialRule For(ClaimSettings settings, ClaimDeclaration claim) => new(settings, EvidenceRules.StatisticOf(claim, settings));

    /// <summary>The design of the claim's looks and spending at level <paramref name="alpha"/>.</summary>
    SequentialDesign At(double alpha)
    {
        if (!designs.TryGetValue(alpha, out var design))
        {
            design = SequentialDesign.Create(settings.MinSeeds, settings.MaxSeeds, settings.Batch, alpha, settings.SpendingUsed, statistic);
            designs[alpha] = design;
        }
        return design;
    }

    /// <summary>The nominal level of the α design at the look with <paramref name="seedsPerArm"/>: intervals are printed at 1 − 2 × this.</summary>
    public double Level(int seedsPerArm) => At(settings.DecisionAlpha).NominalAlphas[LookIndex(seedsPerArm)];

    int LookIndex(int seedsPerArm)
    {
        var looks = At(settings.DecisionAlpha).Looks;
        for (var i = 0; i < looks.Count; i++)
        {
            if (looks[i] == seedsPerArm) return i;
        }
        throw new ArgumentException($"{seedsPerArm} seeds per arm is not a look of this design ({string.Join(", ", looks)}).", nameof(seedsPerArm));
    }

    public LookDecision Decide(int seedsPerArm, Evidence evidence)
    {
        if (evidence.Parts.Count == 0)
        {
            var step = At(settings.DecisionAlpha).Decide(seedsPerArm, evidence.PSupport, evidence.PRefute);
            Verdict? verdict = step.Outcome switch
            {
                SequentialOutcome.Supported => Verdict.Supported,
                SequentialOutcome.Refuted => Verdict.Refuted,
                _ => null,
            };
            return new LookDecision(verdict, step.NominalAlpha, step.NominalAlpha, []);
        }

        var look = LookIndex(seedsPerArm);
        var supportLevel = At(settings.DecisionAlpha).NominalAlphas[look];
        var refuted = HolmOverDesigns(evidence.Parts, look, out var refuteLevels);
        var parts = evidence.Parts.Select((p, i) => Judge(p, supportLevel, refuteLevels[i], refuted[i])).ToList();
        Verdict? familyVerdict = parts.Any(p => p.Verdict == Verdict.Refuted) ? Verdict.Refuted
            : parts.All(p => p.Verdict == Verdict.Supported) ? Verdict.Supported
            : null;
        var familySize = evidence.Parts.Sum(FamilySizeOf);
        return new LookDecision(familyVerdict, supportLevel, At(settings.DecisionAlpha / familySize).NominalAlphas[look], parts);
    }

    /// <summary>
    /// Holm's step-down on the members' refutation p-values, each step judged by a whole design: the member with the
    /// j-th smallest p at the design of level α·s/R, R the size still untested and s the member's own size (1, or its
    /// members' count when it is itself a family, whose smallest p is then compared at α/R).
    /// </summary>
    bool[] HolmOverDesigns(IReadOnlyList<ClaimOutcome> parts, int look, out double[] levels)
    {
        var order = Enumerable.Range(0, parts.Count).OrderBy(i => parts[i].PRefute).ToArray();
        var sizes = parts.Select(FamilySizeOf).ToArray();
        var remaining = sizes.Sum();
        var rejected = new bool[parts.Count];
        levels = new double[parts.Count];
        var stopped = false;
        foreach (var i in order)
        {
            levels[i] = At(settings.DecisionAlpha / remaining).NominalAlphas[look];
            if (!stopped && parts[i].PRefute < levels[i])
            {
                rejected[i] = true;
                remaining -= sizes[i];
            }
            else
            {
                stopped = true;
            }
        }
        return rejected;
    }

    static int FamilySizeOf(ClaimOutcome part) => Math.Max(1, part.Parts.Count);

    static ClaimOutcome Judge(ClaimOutcome part, double supportLevel, double refuteLevel, bool refuted)
    {
        var verdict = refuted ? Verdict.Refuted : part.PSupport < supportLevel ? Verdict.Supported : Verdict.Inconclusive;
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"p(for) = {part.PSupport:G3} at level {supportLevel:G3}, p(against) = {part.PRefute:G3} at level {refuteLevel:G3} (Holm over the family's designs)");
        return part with { Verdict = verdict, Reason = reason, Threshold = supportLevel };
    }
}

using ReproSpec.Claims;
using ReproSpec.Statistics;

namespace ReproSpec.Decisions;

/// <summary>Turns the evidence at a look into Supported, Refuted, or "keep adding seeds".</summary>
/// <remarks>
/// Two one-sided group-sequential boundaries with the claim's α-spending function, O'Brien–Fleming unless it
/// declares Pocock (docs/sequential-design.md): each error rate stays ≤ α over all looks, and a single look is
/// exactly the fixed-N rule at α.
/// </remarks>
sealed class SequentialRule
{
    readonly SequentialDesign design;

    SequentialRule(SequentialDesign design)
    {
        this.design = design;
    }

    public static SequentialRule For(ClaimSettings settings) =>
        new(SequentialDesign.Create(settings.MinSeeds, settings.MaxSeeds, settings.Batch, settings.Alpha, settings.SpendingUsed));

    public (Verdict? Verdict, double Threshold) Decide(int seedsPerArm, double pSupport, double pRefute)
    {
        var step = design.Decide(seedsPerArm, pSupport, pRefute);
        Verdict? verdict = step.Outcome switch
        {
            SequentialOutcome.Supported => Verdict.Supported,
            SequentialOutcome.Refuted => Verdict.Refuted,
            _ => null,
        };
        return (verdict, step.NominalAlpha);
    }
}

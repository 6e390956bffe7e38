using ReproSpec.Claims;

namespace ReproSpec.Decisions;

/// <summary>Turns the evidence at look k of K into Supported, Refuted, or "keep adding seeds".</summary>
sealed class SequentialRule
{
    readonly int looks;
    readonly double alpha;

    SequentialRule(int looks, double alpha)
    {
        this.looks = looks;
        this.alpha = alpha;
    }

    public static SequentialRule For(ClaimSettings settings) => new(settings.Looks().Count, settings.Alpha);

    /// <summary>Bonferroni over looks: each look at α/K keeps both error rates ≤ α; a single look is the fixed-N rule.</summary>
    public (Verdict? Verdict, double Threshold) Decide(int look, double pSupport, double pRefute)
    {
        var threshold = alpha / looks;
        if (pSupport < threshold) return (Verdict.Supported, threshold);
        if (pRefute < threshold) return (Verdict.Refuted, threshold);
        return (null, threshold);
    }
}

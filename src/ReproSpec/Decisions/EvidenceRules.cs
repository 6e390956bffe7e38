using ReproSpec.Claims;
using ReproSpec.Decisions.Rules;
using ReproSpec.Statistics;

namespace ReproSpec.Decisions;

/// <summary>
/// The evidence for and against each claim shape at one look: p-values of the two one-sided nulls
/// ("the claim is false" and "the claim's opposite is false"), so one rule turns any shape into a verdict. Each
/// shape's own test lives in its rule (Rules/); here are the entry points and what the rules share: the two-arm
/// comparison, sample checks, and a family's p-values.
/// </summary>
static class EvidenceRules
{
    /// <param name="claim">The claim.</param>
    /// <param name="arms">Each arm's values after the divergence policy.</param>
    /// <param name="settings">The claim's settings.</param>
    /// <param name="level">The nominal level of this look (α for one look): intervals are printed at 1 − 2 × level, so
    /// they agree with the verdict (a repeated confidence interval under sequential looks).</param>
    /// <param name="statistic">The statistic of the whole claim's sequential levels (<see cref="StatisticOf"/>): an
    /// Inconclusive claim's continuation is planned at the last-look level its rule would really use.</param>
    public static Evidence Assess(ClaimDeclaration claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level, LookStatistic statistic) =>
        ClaimRules.For(claim).Assess(claim, arms, settings, level, statistic);

    /// <summary>
    /// The statistic the claim's sequential levels are computed for: one-sample t (simulated levels) when any of its
    /// tests is a t test, normal theory otherwise. Paired and one-sample t are exactly the simulated process; Welch's
    /// (and Student's) t at few seeds crosses normal-theory levels too often as well (2 → 20 by 1, Pocock, sd 1 vs 2:
    /// 0.059 at R = 10,000), and as one arm's variance dominates Welch's statistic becomes that arm's one-sample t with
    /// n − 1 degrees of freedom, the heaviest-tailed case, so its simulated levels are conservative for every variance
    /// ratio; Reproduces (Welch against a fixed summary) lies between. One-sample t levels are lower than normal-theory
    /// ones, so a family mixing both is judged conservatively.
    /// </summary>
    public static LookStatistic StatisticOf(ClaimDeclaration claim, ClaimSettings settings) =>
        ClaimRules.For(claim).Statistic(claim, settings, tTest: Comparisons.IsT(settings.TestUsed));

    /// <summary>Values oriented so that larger is better (loss and error are negated).</summary>
    internal static double[] Oriented(IEnumerable<double> values, Metric metric) => values.Select(v => v * metric.Sign).ToArray();

    internal static Evidence Compare(Arm challenger, Arm baseline, Metric metric, double margin, bool relative,
        IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level, LookStatistic statistic)
    {
        var kind = Comparisons.Resolve(settings.TestUsed);
        if (TooFewRuns(arms[challenger], arms[baseline], kind) is { } tooFew) return tooFew;
        var (x, y) = Pairs(arms[challenger], arms[baseline], kind, metric);
        // A relative margin r compares A with each baseline value moved r·|B| towards better, in the "better is
        // larger" orientation: (1 + r)·B for positive values, (1 − r)·B for negative ones (5 % better than −200 is
        // −190). B + r·|B| is defined and continuous through zero, so a baseline value that crosses zero mid-run
        // changes the comparison smoothly instead of stopping the claim.
        if (relative) y = y.Select(v => v + margin * Math.Abs(v)).ToArray();
        var shift = relative ? 0 : margin;
        var evidence = Comparisons.Compare(kind, x, y, shift, Intervals.AtLevel(level));
        var pRefute = evidence.PRefute!.Value;
        return new Evidence(evidence.PSupport, pRefute, evidence.Result, evidence.Effects, [])
        {
            SeedsPlan = new(() => SeedPlanning.SeedsToDecide(x, y, shift, settings, statistic, Comparisons.IsPaired(kind), (evidence.PSupport, pRefute), kind == TestKind.SkewRobustPairedT)),
        };
    }

    /// <summary>
    /// When the divergence policy left fewer than 2 usable runs in an arm (or pair of arms), no test can be run: the
    /// look decides nothing (p = 1 both ways), so a sequential claim goes on to its next look, where more seeds may
    /// leave enough; at the last look <see cref="ClaimDecider"/> stops with this message. Null when there are enough runs.
    /// </summary>
    internal static Evidence? TooFewRuns(ArmResult a, ArmResult b, TestKind kind)
    {
        var counts = Comparisons.IsPaired(kind)
            ? [(ArmValues.Paired(a, b).A.Length, $"{a.Name} and {b.Name} paired by seed")]
            : new[] { (a.Values.Count, a.Name), (b.Values.Count, b.Name) };
        foreach (var (n, what) in counts)
        {
            if (n < 2)
                return new Evidence(1, 1, null, new Dictionary<string, double>(), [])
                {
                    Undecidable = $"{what}: only {n} usable run(s) after the divergence policy; a test needs at least 2. Raise MinSeeds or fix the diverging runs.",
                };
        }
        return null;
    }

    /// <summary>The two arms' values for the declared test (pairs by seed for a paired test), oriented so larger is better.</summary>
    internal static (double[] X, double[] Y) Pairs(ArmResult a, ArmResult b, TestKind kind, Metric? metric)
    {
        double[] x, y;
        if (Comparisons.IsPaired(kind))
        {
            (x, y) = ArmValues.Paired(a, b);
            RequireSeeds(x.Length, $"{a.Name} and {b.Name} paired by seed");
        }
        else
        {
            x = a.Values.ToArray();
            y = b.Values.ToArray();
            RequireSeeds(x.Length, a.Name);
            RequireSeeds(y.Length, b.Name);
        }
        return metric is null ? (x, y) : (Oriented(x, metric), Oriented(y, metric));
    }

    /// <summary>
    /// When every seed gave the same value, says so and what the verdict then assumes: how far an unseen seed could fall
    /// is not in the data (docs/statistics.md, "Skewed discrete metrics"). Null when the values vary.
    /// </summary>
    internal static string? NoSpreadNote(double[] values, string against)
    {
        if (values.Any(v => v != values[0])) return null;
        var assumption = ProportionLattice.Items(values) is { } items
            ? $"that each value is a share of {items} item{(items == 1 ? "" : "s")}, each right independently with its own probability (exact binomial bound), or symmetric about {against}"
            : $"that the values are symmetric about {against} (exact sign-flip test)";
        var value = values[0].ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
        return $"every seed gave {value} (no spread): how far an unseen seed could fall is an assumption, here {assumption}; "
            + "declare .Bounded(low, high) on a threshold claim for a test valid for every distribution on the metric's range";
    }

    /// <summary>
    /// The family's p-values: for the claim, the largest member p (supported only if every member is: an
    /// intersection–union test, each member at α); against it, the smallest member p, which <see cref="SequentialRule"/>
    /// judges by Holm's step-down over whole designs (first step: the α/m design).
    /// </summary>
    public static (double PSupport, double PRefute) Family(IReadOnlyList<Evidence> members) =>
        (members.Max(m => m.PSupport), members.Min(m => m.PRefute));

    /// <summary>A member's outcome at the fixed level α; <see cref="SequentialRule"/> re-judges it at the look as the family judges it.</summary>
    public static ClaimOutcome Part(string label, ClaimDeclaration claim, Evidence evidence, ClaimSettings settings, IReadOnlyDictionary<Arm, ArmResult> arms)
    {
        var verdict = evidence.PSupport < settings.DecisionAlpha ? Verdict.Supported : evidence.PRefute < settings.DecisionAlpha ? Verdict.Refuted : Verdict.Inconclusive;
        return new ClaimOutcome
        {
            Claim = claim,
            Settings = settings,
            Verdict = verdict,
            Reason = $"p(for) = {evidence.PSupport:G3}, p(against) = {evidence.PRefute:G3} at α = {settings.DecisionAlpha}",
            Label = label,
            Arms = claim.Arms.Select(a => arms[a]).ToList(),
            Test = evidence.Test,
            PSupport = evidence.PSupport,
            PRefute = evidence.PRefute,
            Threshold = settings.DecisionAlpha,
            Effects = evidence.Effects,
            SeedsPerArm = claim.Arms.Max(a => arms[a].Values.Count),
            // No plan per member: a continuation is of the whole claim (the family's own plan, planned only when it
            // ends Inconclusive), and a member's plan at every look cost a t-level calibration per candidate design.
            Parts = evidence.Parts,
        };
    }

    internal static void RequireSeeds(int n, string what)
    {
        if (n < 2)
            throw new ClaimDeclarationException(
                $"{what}: only {n} usable run(s) after the divergence policy; a test needs at least 2. Raise MinSeeds or fix the diverging runs.");
    }
}

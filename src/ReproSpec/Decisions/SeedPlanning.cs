using System.Globalization;
using ReproSpec.Claims;
using ReproSpec.Decisions.Rules;
using ReproSpec.Statistics;

namespace ReproSpec.Decisions;

/// <summary>
/// Seeds for the valid continuation of an undecided claim (a new design on fresh seeds), and the fewest seeds a
/// binomial claim needs before it can be Supported at all.
/// </summary>
static class SeedPlanning
{
    const int Cap = 1_000;
    const double TargetPower = 0.8;
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// Seeds per arm (the MaxSeeds of a new design of the claim's kind, on fresh seeds) at which the new design's
    /// last look alone has 80 % power at its own nominal level (for paired and one-sample t designs the simulated
    /// level the rule uses, <see cref="LookStatistic.OneSampleT"/>), in the direction the observed effect points (for the
    /// claim when it lies beyond the margin, against it otherwise), if the observed effect and spread were the truth
    /// (noncentral t, <see cref="Power.SeedsNeeded(double, double, double, double, double, double, int, Alternative)"/>).
    /// Earlier looks only add chances to decide, so the design's power is at least that. Paired and one-sample designs
    /// are planned on their differences (a Welch test with one arm of zero spread has exactly their n − 1 degrees of
    /// freedom). Null when the effect sits on the margin or needs more than 1,000 seeds.
    /// </summary>
    /// <remarks>With <see cref="ClaimSettings.ContinuationShare"/> and the look's p(for) and p(against) in
    /// <c>observed</c>, the plan is for the combined continuation instead (<see cref="CombinedSeeds"/>).</remarks>
    public static int? SeedsToDecide(double[] a, double[]? b, double margin, ClaimSettings settings, LookStatistic statistic, bool paired,
        (double PSupport, double PRefute)? observed = null, bool skewRobust = false)
    {
        double delta, sdA, sdB;
        if (b is null)
        {
            (delta, sdA, sdB) = (Descriptive.Mean(a), Math.Sqrt(Descriptive.Variance(a)), 0);
        }
        else if (paired)
        {
            var d = a.Zip(b, (x, y) => x - y).ToArray();
            (delta, sdA, sdB) = (Descriptive.Mean(d), Math.Sqrt(Descriptive.Variance(d)), 0);
        }
        else
        {
            (delta, sdA, sdB) = (Descriptive.Mean(a) - Descriptive.Mean(b), Math.Sqrt(Descriptive.Variance(a)), Math.Sqrt(Descriptive.Variance(b)));
        }
        if (delta == margin || !double.IsFinite(delta) || !double.IsFinite(sdA) || !double.IsFinite(sdB)) return null;
        // A spread at the rounding of the values (seeds at 29/30 whose sd is 10⁻¹⁷) is no spread: no power model, and a
        // noncentrality of 10¹⁶ that the series cannot sum. Beyond 100 sd from the margin any design decides; nothing to plan.
        var scale = Math.Max(Descriptive.MaxAbsolute(a), b is null ? 0 : Descriptive.MaxAbsolute(b));
        var spread = Math.Sqrt(sdA * sdA + sdB * sdB);
        if (spread <= 1e-12 * Math.Max(scale, double.Epsilon) || Math.Abs(delta - margin) > 100 * spread) return null;
        var direction = delta > margin ? Alternative.Greater : Alternative.Less;
        if (settings.ContinuationShare > 0 && settings.Continues is null && observed is { } p)
            return CombinedSeeds(settings, direction == Alternative.Greater ? p.PSupport : p.PRefute, Math.Abs(delta - margin) / spread);
        int? Needed(double level) => Power.SeedsNeeded(delta, sdA, sdB, margin, level, TargetPower, maxSeeds: Cap, direction).SeedsPerArm;
        // The last look's level depends on MaxSeeds only through the look fractions, which a continuation keeps (it keeps
        // the number of looks): two or three rounds reach the fixed point. Rounds and steps use normal-theory levels
        // (microseconds each); a one-sample t design's simulated level (a calibration of its own, 0.1–2 s) enters as its
        // ratio to normal theory, taken at the plan and re-taken at the final n until that n has 80 % power at its own
        // simulated level (one or two calibrations in practice).
        var ratio = 1.0;
        double Approximate(int seeds) => LastLevel(settings, seeds, LookStatistic.Normal) * ratio;
        bool Enough(int seeds, double level) => Power.WelchPower(delta, sdA, sdB, seeds, seeds, level, direction, margin) >= TargetPower;
        int? FixedPoint(int? n)
        {
            for (var round = 0; round < 5 && n is { } seeds; round++)
            {
                var next = Needed(Approximate(seeds));
                if (next is null || next <= seeds) break;
                n = next;
            }
            while (n is { } seeds && seeds < Cap && !Enough(seeds, Approximate(seeds))) n = seeds + 1;
            return n;
        }
        var n = FixedPoint(Needed(settings.Alpha));
        for (var check = 0; check < 3 && statistic != LookStatistic.Normal && n is { } planned && planned < Cap; check++)
        {
            var exact = LastLevel(settings, planned, statistic);
            if (Enough(planned, exact)) break;
            ratio = exact / LastLevel(settings, planned, LookStatistic.Normal);
            n = FixedPoint(planned + 1);
        }
        // The skew-robust paired test needs at least the t test's seeds: the first n from there at which the t test, at the
        // level whose critical value is the robust test's, has 80 % power.
        return skewRobust && n is { } tPlan ? SeedSearch.First(tPlan, Cap, seeds => Enough(seeds, SkewRobustPairedT.EquivalentTLevel(seeds, Approximate(seeds)))) : n;
    }

    /// <summary>
    /// Fresh seeds per arm at which the combined continuation (inverse normal with this design's fixed weights, at the
    /// α·share it kept back) reaches 80 % power given this attempt's p in the observed direction, if the observed
    /// standardised effect (per seed, <paramref name="effect"/>) were true: normal approximation. Null beyond 1,000 seeds.
    /// </summary>
    static int? CombinedSeeds(ClaimSettings settings, double p1, double effect)
    {
        var level = settings.Alpha * settings.ContinuationShare;
        var w = CombinationTest.FirstWeight(settings.MaxSeeds, settings.MaxSeeds);
        for (var n = 2; n <= Cap; n++)
            if (CombinationTest.ConditionalPower(p1, w, effect * Math.Sqrt(n), level) >= TargetPower) return n;
        return null;
    }

    /// <summary>
    /// The continuation an Inconclusive attempt that kept α back prints: <paramref name="seeds"/> fresh seeds per arm,
    /// one look, decided by combining its p-values with this attempt's (<paramref name="pSupport"/>, <paramref name="pRefute"/>
    /// at its last look) at α·<see cref="ClaimSettings.ContinuationShare"/>.
    /// </summary>
    public static ClaimSettings CombinedContinuation(ClaimSettings settings, int seeds, double pSupport, double pRefute) => settings with
    {
        MinSeeds = seeds,
        MaxSeeds = seeds,
        Batch = seeds,
        Spending = null,
        FirstSeed = settings.FirstSeed + settings.MaxSeeds,
        ContinuationShare = 0,
        Continues = new EarlierAttempt(settings.MaxSeeds, settings.MaxSeeds, pSupport, pRefute, settings.Alpha * settings.ContinuationShare),
    };

    /// <summary>
    /// The design a continuation on fresh seeds would declare: the claim's own kind with MaxSeeds = <paramref name="seeds"/>,
    /// starting after this design's seeds; a sequential one keeps its first look and its number of looks (the batch grows with MaxSeeds).
    /// </summary>
    public static ClaimSettings Continuation(ClaimSettings settings, int seeds)
    {
        var sequential = settings.IsSequential && seeds > settings.MinSeeds;
        var looks = settings.Looks().Count;
        return settings with
        {
            MinSeeds = sequential ? settings.MinSeeds : seeds,
            MaxSeeds = seeds,
            Batch = sequential ? Math.Max(1, (int)Math.Ceiling((seeds - settings.MinSeeds) / (double)(looks - 1))) : settings.Batch,
            Spending = sequential ? settings.Spending : null,
            FirstSeed = settings.FirstSeed + settings.MaxSeeds,
        };
    }

    /// <summary>
    /// The nominal level of the last look of the claim's design with MaxSeeds = <paramref name="seeds"/> (α itself for a
    /// fixed number of seeds), for the statistic its rule judges the looks by: one-sample t levels are simulated and lower.
    /// </summary>
    public static double LastLevel(ClaimSettings settings, int seeds, LookStatistic statistic)
    {
        var design = Continuation(settings, seeds);
        return design.IsSequential
            ? SequentialDesign.Create(design.MinSeeds, design.MaxSeeds, design.Batch, design.Alpha, design.SpendingUsed, statistic).NominalAlphas[^1]
            : design.Alpha;
    }

    /// <summary>
    /// The valid continuation of an Inconclusive claim in words: the fresh seeds, what they would give and under
    /// which assumption, and the attribute that declares them.
    /// </summary>
    public static string Advice(ClaimSettings settings, int seeds, LookStatistic statistic, Evidence? evidence = null)
    {
        if (settings.ContinuationShare > 0 && evidence is { Parts.Count: 0 })
        {
            var combined = CombinedContinuation(settings, seeds, evidence.PSupport, evidence.PRefute);
            var earlier = combined.Continues!;
            return string.Create(Invariant,
                $"{seeds} fresh seeds per arm combined with these {settings.MaxSeeds} would give {TargetPower:P0} power if the true effect equalled the observed one (normal approximation): "
                + $"continue with [Claim(Seeds = {seeds}, FirstSeed = {combined.FirstSeed}, Continues = \"{earlier}\")] "
                + $"(seeds {combined.FirstSeed}–{combined.FirstSeed + seeds - 1}), decided by the inverse-normal combination of both attempts at the {earlier.Level:G3} this design kept back: "
                + $"the two attempts together keep each error ≤ α = {settings.Alpha:G3}");
        }
        var next = Continuation(settings, seeds);
        var attribute = next.IsSequential
            ? string.Create(Invariant, $"[Claim(MinSeeds = {next.MinSeeds}, MaxSeeds = {next.MaxSeeds}, Batch = {next.Batch}, FirstSeed = {next.FirstSeed}, …)]")
            : string.Create(Invariant, $"[Claim(Seeds = {next.MaxSeeds}, FirstSeed = {next.FirstSeed}, …)]");
        var level = next.IsSequential ? $"its last look's level {LastLevel(settings, seeds, statistic):G3}" : $"α = {next.Alpha:G3}";
        var would = evidence is { PlansRejection: true }
            ? $"{seeds} fresh seeds per arm would reject at {level} if they looked like these (the betting test on these values repeated in seed order; its power rises steeply around that count)"
            : $"{seeds} fresh seeds per arm would give {TargetPower:P0} power at {level} if the true effect equalled the observed one";
        return string.Create(Invariant,
            $"{would}: "
            + $"declare {attribute} (seeds {next.FirstSeed}–{next.FirstSeed + next.MaxSeeds - 1}; raising MaxSeeds instead would test seeds "
            + $"{settings.FirstSeed}–{settings.FirstSeed + settings.MaxSeeds - 1} again as if fresh). "
            + $"That is a second test at its own α: this design kept no α back, so the chance that either attempt errs is up to {2 * next.Alpha:G3}; "
            + $"a design that keeps α over both declares ContinuationShare before its runs (docs/sequential-design.md)");
    }

    /// <summary>Declaration problems of a design that can never support its claim: too few seeds for its binomial test.</summary>
    public static IEnumerable<string> Unsupportable(ClaimDeclaration claim, ClaimSettings settings) => ClaimRules.For(claim).Unsupportable(claim, settings);

    /// <summary>The problem of a single claim whose MaxSeeds is below <see cref="MinimumSeeds"/>, if it is.</summary>
    internal static IEnumerable<string> TooFewSeeds(ClaimDeclaration claim, ClaimSettings settings)
    {
        if (MinimumSeeds(claim, settings) is not { } minimum || settings.MaxSeeds >= minimum) yield break;
        var test = ClaimRules.For(claim).BestCaseText;
        var declare = settings.IsSequential ? $"MaxSeeds = {minimum} or more" : $"Seeds = {minimum} or more";
        yield return string.Create(Invariant,
            $"with {settings.MaxSeeds} seeds per arm this claim can never be Supported: {test}, its one-sided binomial p-value stays above the level "
            + $"of its last look. It needs at least {minimum} seeds per arm at α = {settings.Alpha}; declare {declare}, or a weaker claim.");
    }

    /// <summary>
    /// The fewest seeds per arm at which a claim decided by a one-sided binomial test can be Supported at all: every
    /// seed in its favour must give a p-value below the last look's level. Null for claims not decided that way.
    /// </summary>
    /// <param name="claim">A threshold claim on a fraction of seeds, a "beats on most seeds" claim or a divergence claim.</param>
    /// <param name="settings">The claim's design: the minimum is of MaxSeeds, at the last look's level of this kind of design.</param>
    public static int? MinimumSeeds(ClaimDeclaration claim, ClaimSettings settings)
    {
        // The best possible evidence with n seeds: all n on the claim's side.
        var best = ClaimRules.For(claim).BestCase(claim);
        if (best is null || !(settings.Alpha > 0 && settings.Alpha < 0.5)) return null;
        for (var n = 2; n <= Cap * 10; n++)
        {
            var p = best(n);
            // Every level is ≤ α: only counts that clear α need the design's last-look level.
            if (p < settings.Alpha && p < LastLevel(settings, n, LookStatistic.Normal)) return n;
        }
        return null;
    }
}

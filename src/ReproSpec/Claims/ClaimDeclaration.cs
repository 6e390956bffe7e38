using ReproSpec.Statistics;

namespace ReproSpec.Claims;

/// <summary>One claim as declared: its shape, arms and metric. Decided by <c>Decisions.ClaimDecider</c>.</summary>
public abstract record ClaimDeclaration
{
    /// <summary>The claim as a sentence, for messages and reports.</summary>
    public abstract string Sentence { get; }

    /// <summary>Every arm whose runs the claim needs.</summary>
    public abstract IReadOnlyList<Arm> Arms { get; }

    /// <summary>Problems with the declaration itself, each naming what is wrong and how to fix it.</summary>
    public virtual IEnumerable<string> Problems() => [];

    public override string ToString() => Sentence;

    static protected string Pp(double value, bool relative) => relative ? $"{value:P1}" : $"{value:G4}";
}

/// <summary>A beats B on a metric by at least a margin (absolute, or relative to B's mean).</summary>
public sealed record BeatsClaim(Arm Challenger, Arm Baseline, Metric Metric, double Margin = 0, bool RelativeMargin = false) : ClaimDeclaration
{
    public override string Sentence =>
        $"{Challenger} beats {Baseline} on {Metric} ({(Metric.Direction == Direction.HigherIsBetter ? "higher" : "lower")} is better) by at least {Pp(Margin, RelativeMargin)}{(RelativeMargin ? " of the baseline" : "")}";

    public override IReadOnlyList<Arm> Arms => [Challenger, Baseline];

    public override IEnumerable<string> Problems()
    {
        if (Margin < 0 || !double.IsFinite(Margin))
            yield return $"margin {Margin} must be a finite number ≥ 0: \"beats by at least δ\" with δ < 0 is a non-inferiority claim; declare it with IsNotWorseThan(…).Within(|δ|).";
        if (Challenger.Name == Baseline.Name)
            yield return $"both arms are named \"{Challenger.Name}\": give each arm its own name with .As(\"…\").";
    }
}

/// <summary>A is not worse than B by more than a tolerance (non-inferiority).</summary>
public sealed record NotWorseClaim(Arm Challenger, Arm Baseline, Metric Metric, double Tolerance) : ClaimDeclaration
{
    public override string Sentence => $"{Challenger} is not worse than {Baseline} on {Metric} by more than {Tolerance:G4}";

    public override IReadOnlyList<Arm> Arms => [Challenger, Baseline];

    public override IEnumerable<string> Problems()
    {
        if (!(Tolerance >= 0) || !double.IsFinite(Tolerance))
            yield return $"tolerance {Tolerance} must be a finite number ≥ 0.";
        if (Challenger.Name == Baseline.Name)
            yield return $"both arms are named \"{Challenger.Name}\": give each arm its own name with .As(\"…\").";
    }
}

/// <summary>The range a metric's values can take, e.g. [0, 1] for accuracy: declared with <c>.Bounded(low, high)</c>.</summary>
public readonly record struct ValueRange(double Low, double High)
{
    public override string ToString() => $"[{Low:G4}, {High:G4}]";
}

/// <summary>A's metric is at least / at most a bound: on the mean, or in a fraction of seeds.</summary>
/// <param name="Arm">The arm.</param>
/// <param name="Metric">The metric.</param>
/// <param name="Bound">The bound on the mean (or on each seed's value, for a fraction of seeds).</param>
/// <param name="AtLeast">True for "at least", false for "at most".</param>
/// <param name="SeedFraction">When set, the claim is about this fraction of seeds, not the mean.</param>
/// <param name="Range">When declared, the mean is judged by the betting test valid for every distribution on this range (<see cref="ReproSpec.Statistics.BoundedMean"/>).</param>
/// <param name="AssumingNearNormal">
/// Declared with <c>.AssumingNearNormal()</c>: the mean is judged by the t test (sign flips on ties, the binomial bound on
/// shares), whose errors stay ≤ α only for near-normal or symmetric values. Without it (and without a range), values that
/// all lie in [0, 1] are judged by the betting test on [0, 1], valid for every distribution there.
/// </param>
public sealed record ThresholdClaim(Arm Arm, Metric Metric, double Bound, bool AtLeast, double? SeedFraction = null, ValueRange? Range = null,
    bool AssumingNearNormal = false) : ClaimDeclaration
{
    public override string Sentence => SeedFraction is { } q
        ? $"{Arm}'s {Metric} is {(AtLeast ? "at least" : "at most")} {Bound:G4} in {q:P0} of seeds"
        : $"{Arm}'s mean {Metric} is {(AtLeast ? "at least" : "at most")} {Bound:G4}{(Range is { } r ? $" (values in {r})" : "")}";

    public override IReadOnlyList<Arm> Arms => [Arm];

    public override IEnumerable<string> Problems()
    {
        if (!double.IsFinite(Bound)) yield return $"bound {Bound} is not a finite number.";
        if (SeedFraction is { } q && !(q > 0 && q < 1))
            yield return $"seed fraction {q} must be in (0, 1), e.g. 0.9 for \"in 90 % of seeds\".";
        if (Range is { } r)
        {
            if (!double.IsFinite(r.Low) || !double.IsFinite(r.High) || !(r.Low < r.High))
                yield return $"the declared range {r} must be finite with low < high, e.g. .Bounded(0, 1) for accuracy.";
            else if (!(Bound > r.Low && Bound < r.High))
                yield return $"bound {Bound:G4} is not inside the declared range {r}: every mean in the range is on one side of it, so there is nothing to test.";
            if (SeedFraction is not null)
                yield return ".Bounded(…) chooses the test of the mean; a claim .InFractionOfSeeds(…) is a binomial test that needs no range: drop one of them.";
            if (AssumingNearNormal)
                yield return ".Bounded(…) and .AssumingNearNormal() each choose the test of the mean (the betting test on the range, or the t test): drop one of them.";
        }
        if (AssumingNearNormal && SeedFraction is not null)
            yield return ".AssumingNearNormal() chooses the test of the mean; a claim .InFractionOfSeeds(…) is a binomial test that assumes nothing about the values: drop .AssumingNearNormal().";
    }
}

/// <summary>A and B are equivalent on a metric: their means differ by less than ±tolerance (TOST).</summary>
public sealed record EquivalenceClaim(Arm A, Arm B, Metric Metric, double Tolerance) : ClaimDeclaration
{
    public override string Sentence => $"{A} and {B} are equivalent on {Metric} within ±{Tolerance:G4}";

    public override IReadOnlyList<Arm> Arms => [A, B];

    public override IEnumerable<string> Problems()
    {
        if (!(Tolerance > 0) || !double.IsFinite(Tolerance))
            yield return $"equivalence tolerance {Tolerance} must be a finite number > 0: nothing is equivalent within ±0.";
        if (A.Name == B.Name)
            yield return $"both arms are named \"{A.Name}\": give each arm its own name with .As(\"…\").";
    }
}

/// <summary>Our runs of A reproduce a reported mean ± sd (n) within a tolerance (TOST against the summary).</summary>
/// <param name="Arm">Our arm.</param>
/// <param name="Metric">The metric.</param>
/// <param name="Reported">The reported mean ± sd (n).</param>
/// <param name="Tolerance">How far our mean may be from the reported runs' and still count as reproduced.</param>
/// <param name="AssumingNearNormal">
/// Declared with <c>.AssumingNearNormal()</c>: Welch's TOST against the summary (with the binomial bound on shares), whose
/// errors stay ≤ α only for near-normal values. Without it, our values that all lie in [0, 1] are judged by the betting
/// test on [0, 1] against the reported mean's t bound, valid for every distribution of ours there.
/// </param>
public sealed record ReproducesClaim(Arm Arm, Metric Metric, ReportedResult Reported, double Tolerance, bool AssumingNearNormal = false) : ClaimDeclaration
{
    public override string Sentence => $"{Arm} reproduces the reported {Metric} {Reported} within ±{Tolerance:G4}";

    public override IReadOnlyList<Arm> Arms => [Arm];

    public override IEnumerable<string> Problems()
    {
        foreach (var problem in ReproSpec.Claims.Reported.Problems(Reported)) yield return problem;
        if (!(Tolerance > 0) || !double.IsFinite(Tolerance))
            yield return $"reproduction tolerance {Tolerance} must be a finite number > 0.";
    }
}

/// <summary>Arms rank in the given order on a metric, best first (adjacent pairs tested, Holm-corrected).</summary>
public sealed record RanksClaim(IReadOnlyList<Arm> BestFirst, Metric Metric) : ClaimDeclaration
{
    public override string Sentence => $"{string.Join(" > ", BestFirst)} on {Metric}";

    public override IReadOnlyList<Arm> Arms => BestFirst;

    public override IEnumerable<string> Problems()
    {
        if (BestFirst.Count < 2) yield return "a ranking needs at least two arms.";
        foreach (var duplicate in BestFirst.GroupBy(a => a.Name).Where(g => g.Count() > 1))
            yield return $"arm name \"{duplicate.Key}\" appears {duplicate.Count()} times in the ranking: arm names must be unique.";
    }
}

/// <summary>The seed waiver made checkable: A beats B on at least a given fraction of seeds.</summary>
public sealed record StableClaim(Arm Challenger, Arm Baseline, Metric Metric, double Probability) : ClaimDeclaration
{
    public override string Sentence => $"{Challenger} beats {Baseline} on {Metric} on at least {Probability:P0} of seeds";

    public override IReadOnlyList<Arm> Arms => [Challenger, Baseline];

    public override IEnumerable<string> Problems()
    {
        if (!(Probability > 0 && Probability < 1))
            yield return $"probability {Probability} must be in (0, 1), e.g. 0.9.";
        if (Challenger.Name == Baseline.Name)
            yield return $"both arms are named \"{Challenger.Name}\": give each arm its own name with .As(\"…\").";
    }
}

/// <summary>At most a fraction of A's runs diverge (NaN or infinite loss or metric).</summary>
public sealed record DivergenceClaim(Arm Arm, double MaxFraction) : ClaimDeclaration
{
    public override string Sentence => $"at most {MaxFraction:P0} of {Arm}'s runs diverge";

    public override IReadOnlyList<Arm> Arms => [Arm];

    public override IEnumerable<string> Problems()
    {
        if (!(MaxFraction > 0 && MaxFraction < 1))
            yield return $"divergence fraction {MaxFraction} must be in (0, 1), e.g. 0.05.";
    }
}

/// <summary>
/// Variance by source (Bouthillier et al. 2021): the metric varies more over seeds of <see cref="Source"/> alone
/// than over seeds of <see cref="Baseline"/> alone. Each source gets its own runs, seeds 1..n, with every other
/// source held at its seed-0 value, so the two samples share no run; decided by the Brown–Forsythe test.
/// </summary>
public sealed record VarianceBySourceClaim(Arm Arm, Metric Metric, string Source, string Baseline) : ClaimDeclaration
{
    /// <summary>The sources a variance claim can vary: the well-known names experiments draw from (Execution.SeedSet.Sources).</summary>
    public static readonly IReadOnlyList<string> KnownSources = ["split", "init", "order", "dropout", "augmentation"];

    /// <summary>The fewest seeds per source: with fewer the absolute deviations from the median carry almost nothing.</summary>
    public const int MinimumSeeds = 5;

    public override string Sentence => $"{Arm}'s {Metric} varies more with the {Source} seed alone than with the {Baseline} seed alone";

    public override IReadOnlyList<Arm> Arms => [Arm];

    /// <summary>The sources held fixed while <paramref name="varied"/> varies: every known source but it, and the claim's own FixedSources.</summary>
    public IReadOnlyList<string> FixedWhileVarying(string varied, IReadOnlyList<string> alsoFixed) =>
        KnownSources.Concat(alsoFixed).Where(s => s != varied).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    public override IEnumerable<string> Problems()
    {
        foreach (var name in new[] { Source, Baseline }.Distinct(StringComparer.Ordinal))
            if (!KnownSources.Contains(name, StringComparer.Ordinal))
                yield return $"source \"{name}\" is not one the experiments draw from: use one of {string.Join(", ", KnownSources.Select(s => $"\"{s}\""))}.";
        if (Source == Baseline)
            yield return $"the variance claim compares \"{Source}\" with itself: name two different sources.";
    }
}

/// <summary>A claim that must hold under each of several conditions (datasets, settings), family-wise.</summary>
public sealed record HoldsAcrossClaim(IReadOnlyList<(string Condition, ClaimDeclaration Claim)> Conditions) : ClaimDeclaration
{
    /// <summary>"holds across a, b: &lt;the first condition's claim&gt;" when every condition declares the same shape, else each condition's own claim.</summary>
    public override string Sentence => Conditions.Select(c => c.Claim.GetType()).Distinct().Count() > 1
        ? $"all of: {string.Join("; ", Conditions.Select(c => $"{c.Condition}: {c.Claim.Sentence}"))}"
        : $"holds across {string.Join(", ", Conditions.Select(c => c.Condition))}: {(Conditions.Count > 0 ? Conditions[0].Claim.Sentence : "")}";

    public override IReadOnlyList<Arm> Arms => Conditions.SelectMany(c => c.Claim.Arms).ToList();

    public override IEnumerable<string> Problems()
    {
        if (Conditions.Count == 0) yield return "\"holds across\" needs at least one condition.";
        foreach (var (condition, claim) in Conditions)
        {
            if (claim is HoldsAcrossClaim) yield return $"condition {condition}: nested \"holds across\" claims are not supported; flatten the conditions.";
            if (claim is VarianceBySourceClaim) yield return $"condition {condition}: a variance-by-source claim cannot be part of \"holds across\"; declare one variance claim per condition.";
            foreach (var problem in claim.Problems()) yield return $"condition {condition}: {problem}";
        }
        foreach (var duplicate in Conditions.GroupBy(c => c.Condition).Where(g => g.Count() > 1))
            yield return $"condition \"{duplicate.Key}\" appears {duplicate.Count()} times: conditions must be unique.";
    }
}

using MathNet.Numerics.Distributions;

namespace ReproSpec.Statistics;

/// <summary>What a sequential look decides: the claim is Supported or Refuted (stop), needs more seeds (Continue), or is Inconclusive at the last look.</summary>
public enum SequentialOutcome
{
    Continue,
    Supported,
    Refuted,
    Inconclusive,
}

/// <summary>How the error rate α is spent over the looks (Lan and DeMets 1983).</summary>
public enum SpendingFunction
{
    /// <summary>α(t) = 2 − 2Φ(z₁₋α/₂ / √t): almost nothing early, nearly the full α at the last look.</summary>
    OBrienFleming,

    /// <summary>α(t) = α ln(1 + (e − 1)t): spends evenly, stops earlier under large effects, pays at the last look.</summary>
    Pocock,
}

/// <summary>Which test's p-values drive a <see cref="SequentialDesign"/>: this decides how its nominal levels are computed.</summary>
public enum LookStatistic
{
    /// <summary>Normal-theory levels (significance-level approach), for tests whose looks behave like a normal score: Welch, Student, rank and permutation tests (checked in docs/calibration.md).</summary>
    Normal,

    /// <summary>One-sample or paired t: levels calibrated by seeded simulation of its σ-free null, so each error stays ≤ α at few seeds.</summary>
    OneSampleT,
}

/// <summary>The decision at one look of a <see cref="SequentialDesign"/>, with the nominal threshold that produced it.</summary>
/// <param name="Outcome">Supported, Refuted, Continue (run the next batch) or Inconclusive (last look, neither).</param>
/// <param name="NominalAlpha">The p-value threshold at this look; both p-values are compared with it.</param>
/// <param name="Look">Zero-based index of the look.</param>
/// <param name="SeedsPerArm">Seeds per arm at this look.</param>
/// <param name="PSupport">One-sided p-value for H0: μA − μB ≤ δ.</param>
/// <param name="PRefute">One-sided p-value for H0': μA − μB ≥ δ.</param>
public sealed record SequentialStep(SequentialOutcome Outcome, double NominalAlpha, int Look, int SeedsPerArm, double PSupport, double PRefute)
{
    public bool IsFinal => Outcome != SequentialOutcome.Continue;
}

/// <summary>A group-sequential plan: run seeds in batches, look after each batch, stop as soon as the claim is decided; each error rate stays ≤ α.</summary>
/// <remarks>
/// Two one-sided group-sequential tests run side by side on the same looks: "Supported" rejects H0: μA − μB ≤ δ and
/// "Refuted" rejects H0': μA − μB ≥ δ (evidence the difference is below the margin). Each has a Lan–DeMets α-spending
/// boundary computed on the normal scale by recursive numerical integration (Armitage, McPherson and Rowe 1969;
/// Jennison and Turnbull 2000, ch. 19) with information proportional to seeds per arm, and is applied to the test's
/// own one-sided p-values ("significance level approach", Jennison and Turnbull §11). Each boundary alone has level α,
/// and stopping at the other boundary only removes chances to cross it, so each error rate is ≤ α (the boundaries
/// are non-binding). With one look the design is the fixed-n rule: Supported iff pSupport &lt; α, Refuted iff
/// pRefute &lt; α. See docs/sequential-design.md for the argument and docs/calibration.md for simulated error rates.
/// </remarks>
public sealed class SequentialDesign
{
    /// <summary>Looks beyond this many make the boundary computation slow and gain nothing measurable.</summary>
    public const int MaxLooks = 100;

    readonly Dictionary<int, int> lookIndex;

    SequentialDesign(int[] looks, double alpha, SpendingFunction spending, LookStatistic statistic, double calibratedAlpha,
        double[] criticalZ, double[] nominalAlphas)
    {
        Looks = looks;
        Alpha = alpha;
        Spending = spending;
        Statistic = statistic;
        CalibratedAlpha = calibratedAlpha;
        CriticalZ = criticalZ;
        NominalAlphas = nominalAlphas;
        lookIndex = looks.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i);
    }

    /// <summary>Seeds per arm at each look: min, min + batch, ..., and always max as the last look.</summary>
    public IReadOnlyList<int> Looks { get; }

    public double Alpha { get; }

    public SpendingFunction Spending { get; }

    /// <summary>The test whose p-values the levels are computed for.</summary>
    public LookStatistic Statistic { get; }

    /// <summary>
    /// The α the normal-theory levels are computed at: <see cref="Alpha"/> itself, or for <see cref="LookStatistic.OneSampleT"/>
    /// the lower α* that keeps the simulated t error rates ≤ α.
    /// </summary>
    public double CalibratedAlpha { get; }

    /// <summary>Boundary on the normal scale at each look: reject when Z ≥ this.</summary>
    public IReadOnlyList<double> CriticalZ { get; }

    /// <summary>P-value threshold at each look, 1 − Φ(CriticalZ); with one look exactly α.</summary>
    public IReadOnlyList<double> NominalAlphas { get; }

    public int MinSeeds => Looks[0];

    public int MaxSeeds => Looks[^1];

    /// <summary>A design with looks at <paramref name="minSeeds"/>, +<paramref name="batch"/>, ..., <paramref name="maxSeeds"/> seeds per arm.</summary>
    public static SequentialDesign Create(int minSeeds, int maxSeeds, int batch, double alpha,
        SpendingFunction spending = SpendingFunction.OBrienFleming, LookStatistic statistic = LookStatistic.Normal)
    {
        if (minSeeds < 2)
            throw new ArgumentOutOfRangeException(nameof(minSeeds), minSeeds, "minSeeds must be at least 2 seeds per arm: the first look needs a variance.");
        if (maxSeeds < minSeeds)
            throw new ArgumentOutOfRangeException(nameof(maxSeeds), maxSeeds, $"maxSeeds ({maxSeeds}) must be ≥ minSeeds ({minSeeds}); use maxSeeds = minSeeds for a fixed-n design.");
        if (batch < 1)
            throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be at least 1 seed per arm between looks.");
        if (!(alpha > 0 && alpha < 0.5))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must lie in (0, 0.5): each one-sided error rate, e.g. 0.05.");
        if (!Enum.IsDefined(spending))
            throw new ArgumentOutOfRangeException(nameof(spending), spending, "Use SpendingFunction.OBrienFleming or Pocock.");
        if (!Enum.IsDefined(statistic))
            throw new ArgumentOutOfRangeException(nameof(statistic), statistic, "Use LookStatistic.Normal or OneSampleT.");

        var looks = new List<int>();
        for (var n = minSeeds; n < maxSeeds; n += batch) looks.Add(n);
        looks.Add(maxSeeds);
        if (looks.Count > MaxLooks)
            throw new ArgumentException(
                $"{looks.Count} looks (minSeeds {minSeeds}, maxSeeds {maxSeeds}, batch {batch}) exceed {MaxLooks}; use a larger batch.",
                nameof(batch));

        int[] lookArray = [.. looks];
        // Designs are immutable and their boundaries cost a numerical integration (and for t a simulation): one per process.
        return Designs.GetOrAdd((string.Join(",", lookArray), alpha, spending, statistic), _ => Build(lookArray, alpha, spending, statistic));
    }

    static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Looks, double Alpha, SpendingFunction Spending, LookStatistic Statistic), SequentialDesign> Designs = new();

    static SequentialDesign Build(int[] lookArray, double alpha, SpendingFunction spending, LookStatistic statistic)
    {
        var calibrated = statistic == LookStatistic.OneSampleT && lookArray.Length > 1
            ? SimulatedLevels.OneSampleTAlpha(lookArray, alpha, spending, a => NormalTheory(lookArray, a, spending).Nominal)
            : alpha;
        var (z, nominal) = NormalTheory(lookArray, calibrated, spending);
        return new SequentialDesign(lookArray, alpha, spending, statistic, calibrated, z, nominal);
    }

    /// <summary>Boundaries and nominal levels of the normal-theory design at α (one look: exactly α).</summary>
    static (double[] Z, double[] Nominal) NormalTheory(int[] looks, double alpha, SpendingFunction spending)
    {
        var maxSeeds = looks[^1];
        var fractions = looks.Select(n => (double)n / maxSeeds).ToArray();
        var cumulative = fractions.Select(t => Spent(spending, alpha, t)).ToArray();
        // With one look the design must be the fixed-n test exactly, not via Φ⁻¹(Φ(.)) round-trips.
        cumulative[^1] = alpha;
        var z = looks.Length == 1 ? [Normal.InvCDF(0, 1, 1 - alpha)] : GroupSequentialBoundaries.OneSided(fractions, cumulative);
        var nominal = looks.Length == 1 ? [alpha] : z.Select(c => Normal.CDF(0, 1, -c)).ToArray();
        return (z, nominal);
    }

    /// <summary>Cumulative α spent by information fraction t ∈ (0, 1].</summary>
    public static double Spent(SpendingFunction spending, double alpha, double t) => spending switch
    {
        SpendingFunction.OBrienFleming => 2 * Normal.CDF(0, 1, -Normal.InvCDF(0, 1, 1 - alpha / 2) / Math.Sqrt(t)),
        SpendingFunction.Pocock => alpha * Math.Log(1 + (Math.E - 1) * t),
        _ => throw new ArgumentOutOfRangeException(nameof(spending), spending, "Unknown spending function."),
    };

    /// <summary>Decides at a look from the two one-sided p-values of the claim's test.</summary>
    /// <param name="seedsPerArm">Seeds per arm run so far; must be one of <see cref="Looks"/>.</param>
    /// <param name="pSupport">One-sided p-value for H0: μA − μB ≤ δ (e.g. Welch with Alternative.Greater, margin δ).</param>
    /// <param name="pRefute">One-sided p-value for H0': μA − μB ≥ δ (Alternative.Less, margin δ).</param>
    public SequentialStep Decide(int seedsPerArm, double pSupport, double pRefute)
    {
        if (!lookIndex.TryGetValue(seedsPerArm, out var look))
            throw new ArgumentException(
                $"seedsPerArm = {seedsPerArm} is not a look of this design; looks are at {string.Join(", ", Looks)} seeds per arm. Run seeds up to the next look before deciding.",
                nameof(seedsPerArm));
        RequireP(pSupport, nameof(pSupport));
        RequireP(pRefute, nameof(pRefute));

        var threshold = NominalAlphas[look];
        if (pSupport < threshold && pRefute < threshold)
            throw new ArgumentException(
                $"pSupport ({pSupport}) and pRefute ({pRefute}) are both below {threshold}: they must be one-sided p-values of opposite nulls (Greater and Less, same margin) from the same data.",
                nameof(pRefute));

        var outcome = pSupport < threshold ? SequentialOutcome.Supported
            : pRefute < threshold ? SequentialOutcome.Refuted
            : look == Looks.Count - 1 ? SequentialOutcome.Inconclusive
            : SequentialOutcome.Continue;
        return new SequentialStep(outcome, threshold, look, seedsPerArm, pSupport, pRefute);
    }

    static void RequireP(double p, string name)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(name, p, $"{name} must be a p-value in [0, 1].");
    }
}

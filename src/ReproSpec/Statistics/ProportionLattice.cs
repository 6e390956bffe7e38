using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace ReproSpec.Statistics;

/// <summary>
/// Values that are shares of k items (accuracy on a test set of k items: 29/30, 1, 28/30 …), and the exact binomial
/// test of their mean on the pooled counts, which stays valid when the per-seed values are skewed near 0 or 1.
/// </summary>
/// <remarks>
/// If each of the n·k (seed, item) outcomes is right or wrong independently with its own probability, the pooled count
/// S = Σ k·xᵢ is Poisson-binomial with mean n·k·μ. Hoeffding (1956, Ann. Math. Statist. 27, Theorem 4) shows that its
/// tails beyond one unit from the mean are no heavier than the binomial's with the same mean, so
/// P(Bin(n·k, μ₀) ≥ S) is a valid p-value for "μ ≤ μ₀" when S ≥ n·k·μ₀ + 1 (and 1 otherwise), whatever the items'
/// probabilities, and mirrored for "μ ≥ μ₀". The item count is not declared: k is the smallest denominator of the
/// values (a divisor of the true count), and the binomial test on the coarser lattice is the more conservative one
/// (checked in tests/reference/generate_reference_e.py). So a constant sample at 1 (k = 1) is judged as n single
/// items: all n seeds perfect supports "μ ≥ μ₀" only when μ₀ⁿ &lt; α, which is what a metric that fails a seed
/// entirely with probability 1 − μ₀ allows. docs/statistics.md, "Skewed discrete metrics".
/// </remarks>
internal static class ProportionLattice
{
    /// <summary>The largest item count looked for: finer lattices are rounding, and their binomial bound would never bind.</summary>
    public const int MaxItems = 10_000;

    /// <summary>The smallest k ≤ <see cref="MaxItems"/> such that every value is a multiple of 1/k in [0, 1]; null when there is none.</summary>
    public static int? Items(ReadOnlySpan<double> x)
    {
        foreach (var v in x)
        {
            if (!(v >= 0 && v <= 1)) return null;
        }
        for (var k = 1; k <= MaxItems; k++)
        {
            var all = true;
            foreach (var v in x)
            {
                var scaled = v * k;
                if (Math.Abs(scaled - Math.Round(scaled)) > 1e-9 * k) { all = false; break; }
            }
            if (all) return k;
        }
        return null;
    }

    /// <summary>
    /// The binomial bound's one-sided p-value for the mean of <paramref name="x"/> against <paramref name="bound"/>
    /// (Greater: H0 μ ≤ bound); null when the values are not shares of items, where the bound says nothing (a rule that
    /// takes the larger of its own p and this one then keeps its own).
    /// </summary>
    public static double? PValue(ReadOnlySpan<double> x, double bound, Alternative alternative)
    {
        if (Items(x) is not { } items) return null;
        var (greater, less) = Tails(Count(x, items), x.Length * items, bound);
        return alternative switch
        {
            Alternative.Greater => greater,
            Alternative.Less => less,
            _ => Math.Min(1, 2 * Math.Min(greater, less)),
        };
    }

    /// <summary>The pooled count S = Σ k·xᵢ.</summary>
    public static int Count(ReadOnlySpan<double> x, int items)
    {
        var count = 0;
        foreach (var v in x) count += (int)Math.Round(v * items);
        return count;
    }

    /// <summary>
    /// P-values for "μ ≤ bound" (Greater) and "μ ≥ bound" (Less) on the pooled counts: 1 where the binomial bound does
    /// not hold (within one unit of the null mean) or every share satisfies the null; 0 where no share does.
    /// </summary>
    public static (double Greater, double Less) Tails(int count, int trials, double bound)
    {
        if (bound >= 1 || bound <= 0)
        {
            // "μ ≤ 1" (or "μ ≥ 0") holds for every share: nothing rejects it. "μ ≤ −0.1" or "μ ≥ 1.003" (a reported mean ±
            // tolerance beyond the range) holds for none: the bound puts no floor under the location test's p. At the
            // ends, "μ ≥ 1" is rejected by any miss and "μ ≤ 0" by any hit, exactly.
            return (bound >= 1 ? 1.0 : bound < 0 || count >= 1 ? 0.0 : 1.0,
                bound <= 0 ? 1.0 : bound > 1 || count <= trials - 1 ? 0.0 : 1.0);
        }
        var mean = trials * bound;
        var greater = count >= mean + 1 ? SpecialFunctions.BetaRegularized(count, trials - count + 1, bound) : 1;
        var less = count <= mean - 1 ? SpecialFunctions.BetaRegularized(trials - count, count + 1, 1 - bound) : 1;
        return (greater, less);
    }

    /// <summary>The margins neither one-sided test rejects at (1 − confidence)/2: Clopper–Pearson's ends, kept one unit of count from the estimate (the binomial bound's condition).</summary>
    public static ConfidenceInterval Interval(int count, int trials, double confidence)
    {
        var tail = (1 - confidence) / 2;
        // Greater rejects μ₀ exactly when μ₀ ≤ (S − 1)/N and P(Bin(N, μ₀) ≥ S) < tail, i.e. μ₀ below Clopper–Pearson's lower end.
        var low = count == 0 ? 0 : Math.Min(Beta.InvCDF(count, trials - count + 1, tail), (count - 1.0) / trials);
        var high = count == trials ? 1 : Math.Max(Beta.InvCDF(count + 1, trials - count, 1 - tail), (count + 1.0) / trials);
        return new ConfidenceInterval(Math.Max(0, low), Math.Min(1, high), confidence);
    }
}

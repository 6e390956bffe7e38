namespace ReproSpec.Statistics;

/// <summary>Exact null distributions of the Mann–Whitney U and Wilcoxon signed-rank W⁺ statistics, without ties and conditional on ties.</summary>
internal static class RankDistributions
{
    /// <summary>Largest m·n for which the exact U distribution is computed (time grows as (m·n)²/2).</summary>
    public const int MaxMannWhitneyCells = 10_000;

    /// <summary>Largest number of pairs for which the exact W⁺ distribution is computed.</summary>
    public const int MaxWilcoxonPairs = 1_000;

    /// <summary>Number of arrangements giving U = 0 … m·n, where U counts pairs (x, y) with x &gt; y.</summary>
    /// <remarks>
    /// Recurrence on the largest of the m + n values: an x there beats all n y's, a y beats nothing, so
    /// f(m, n, u) = f(m − 1, n, u − n) + f(m, n − 1, u). Only additions, so counts stay exact in doubles up to 2⁵³
    /// and keep full relative precision beyond.
    /// </remarks>
    public static double[] MannWhitneyCounts(int m, int n)
    {
        var previousRow = new double[n + 1][];
        for (var j = 0; j <= n; j++) previousRow[j] = [1];
        for (var i = 1; i <= m; i++)
        {
            var row = new double[n + 1][];
            row[0] = [1];
            for (var j = 1; j <= n; j++)
            {
                var counts = new double[i * j + 1];
                var withXLast = previousRow[j];
                var withYLast = row[j - 1];
                for (var u = 0; u < counts.Length; u++)
                {
                    var c = u < withYLast.Length ? withYLast[u] : 0;
                    if (u >= j && u - j < withXLast.Length) c += withXLast[u - j];
                    counts[u] = c;
                }
                row[j] = counts;
            }
            previousRow = row;
        }
        return previousRow[n];
    }

    /// <summary>Number of sign patterns giving W⁺ = 0 … n(n + 1)/2 for ranks 1 … n: the coefficients of Π(1 + qⁱ).</summary>
    public static double[] WilcoxonCounts(int n)
    {
        var counts = new double[n * (n + 1) / 2 + 1];
        counts[0] = 1;
        var top = 0;
        for (var rank = 1; rank <= n; rank++)
        {
            top += rank;
            for (var s = top; s >= rank; s--) counts[s] += counts[s - rank];
        }
        return counts;
    }

    /// <summary>Largest m + n (Mann–Whitney) or number of non-zero pairs (Wilcoxon) for which the distribution conditional on ties is computed.</summary>
    public const int MaxConditional = 100;

    /// <summary>Up to this m + n (or non-zero pairs) RankMethod.Auto uses the conditional distribution under ties; beyond, the normal approximation.</summary>
    public const int AutoConditional = 40;

    /// <summary>
    /// Number of ways m of the given doubled mid-ranks (integers, 2 × rank) sum to 0, 1, …: the exact permutation
    /// distribution of twice the rank sum of A, conditional on the tie pattern.
    /// </summary>
    public static double[] RankSumCounts(int[] doubledRanks, int m)
    {
        var total = doubledRanks.Sum();
        // ways[k][s]: subsets of size k of the ranks seen so far with doubled sum s.
        var ways = new double[m + 1][];
        for (var k = 0; k <= m; k++) ways[k] = new double[total + 1];
        ways[0][0] = 1;
        var seen = 0;
        foreach (var r in doubledRanks)
        {
            seen++;
            for (var k = Math.Min(seen, m); k >= 1; k--)
            {
                var from = ways[k - 1];
                var to = ways[k];
                for (var s = total - r; s >= 0; s--)
                {
                    if (from[s] != 0) to[s + r] += from[s];
                }
            }
        }
        return ways[m];
    }

    /// <summary>
    /// Number of the 2ⁿ sign patterns giving each doubled W⁺ = 0, 1, … for the given doubled mid-ranks of |d|: the
    /// exact sign-flip distribution conditional on ties.
    /// </summary>
    public static double[] SignedRankCounts(int[] doubledRanks)
    {
        var total = doubledRanks.Sum();
        var counts = new double[total + 1];
        counts[0] = 1;
        var top = 0;
        foreach (var r in doubledRanks)
        {
            top += r;
            for (var s = top; s >= r; s--) counts[s] += counts[s - r];
        }
        return counts;
    }

    /// <summary>Doubles 1-based mid-ranks (multiples of ½) into exact integers.</summary>
    public static int[] Doubled(double[] midRanks) => midRanks.Select(r => (int)Math.Round(2 * r)).ToArray();

    /// <summary>One-sided or two-sided p-value of an observed value of S from its counts (two-sided: 2 × the smaller tail, capped at 1).</summary>
    public static double PValue(double[] counts, int observed, Alternative alternative) => alternative switch
    {
        Alternative.Greater => UpperTail(counts, observed),
        Alternative.Less => LowerTail(counts, observed),
        _ => Math.Min(1, 2 * Math.Min(UpperTail(counts, observed), LowerTail(counts, observed))),
    };

    /// <summary>P(S ≥ k) from counts of S = 0, 1, ….</summary>
    public static double UpperTail(double[] counts, int k)
    {
        double total = 0, tail = 0;
        for (var s = 0; s < counts.Length; s++)
        {
            total += counts[s];
            if (s >= k) tail += counts[s];
        }
        return tail / total;
    }

    /// <summary>P(S ≤ k) from counts of S = 0, 1, ….</summary>
    public static double LowerTail(double[] counts, int k)
    {
        double total = 0, tail = 0;
        for (var s = 0; s < counts.Length; s++)
        {
            total += counts[s];
            if (s <= k) tail += counts[s];
        }
        return tail / total;
    }

    /// <summary>
    /// The order-statistic index k (1-based) of a distribution-free interval [D(k), D(N − k + 1)]: the largest
    /// k with P(S ≤ k − 1) ≤ (1 − confidence)/2, or 0 when even the extreme order statistics fall short.
    /// </summary>
    public static int ExactIntervalIndex(double[] counts, double confidence)
    {
        var tail = (1 - confidence) / 2;
        double total = 0;
        foreach (var c in counts) total += c;
        var k = 0;
        double below = 0; // P(S ≤ k − 1) for the next candidate k
        for (var candidate = 1; candidate <= counts.Length; candidate++)
        {
            below += counts[candidate - 1] / total;
            if (below > tail * (1 + 1e-12)) break;
            k = candidate;
        }
        return k;
    }
}

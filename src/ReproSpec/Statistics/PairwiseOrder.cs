namespace ReproSpec.Statistics;

/// <summary>
/// Order statistics of the m·n differences aᵢ − bⱼ and of the n(n + 1)/2 Walsh averages (dᵢ + dⱼ)/2 without forming
/// them: O((m + n)·64) time and no extra memory beyond the sorted inputs.
/// </summary>
/// <remarks>
/// The k-th smallest is the smallest double v with #{pairs ≤ v} ≥ k. The count is monotone in v and takes O(m + n)
/// with two pointers over sorted inputs (a rounded difference or sum is monotone in each argument, so the pointers
/// stay valid in floating point). Bisection over the ordered bit patterns of doubles between the smallest and
/// largest pair narrows v to one double in at most 64 counts, and that double is a pair's own computed value.
/// </remarks>
internal static class PairwiseOrder
{
    /// <summary>The k-th smallest (1-based) of aᵢ − bⱼ over all pairs; both inputs sorted ascending.</summary>
    public static double KthDifference(double[] sortedA, double[] sortedB, long k) =>
        Select(sortedA[0] - sortedB[^1], sortedA[^1] - sortedB[0], k, v => DifferencesAtMost(sortedA, sortedB, v));

    /// <summary>The median of aᵢ − bⱼ over all pairs (the Hodges–Lehmann shift); both inputs sorted ascending.</summary>
    public static double MedianDifference(double[] sortedA, double[] sortedB)
    {
        var count = (long)sortedA.Length * sortedB.Length;
        var low = KthDifference(sortedA, sortedB, (count + 1) / 2);
        return count % 2 == 1 ? low : (low + KthDifference(sortedA, sortedB, count / 2 + 1)) / 2;
    }

    /// <summary>The k-th smallest (1-based) Walsh average (dᵢ + dⱼ)/2, i ≤ j; the input sorted ascending.</summary>
    public static double KthWalsh(double[] sorted, long k) =>
        Select(sorted[0], sorted[^1], k, v => WalshAtMost(sorted, v));

    /// <summary>The median of the Walsh averages (the Hodges–Lehmann pseudo-median); the input sorted ascending.</summary>
    public static double MedianWalsh(double[] sorted)
    {
        var count = WalshCount(sorted.Length);
        var low = KthWalsh(sorted, (count + 1) / 2);
        return count % 2 == 1 ? low : (low + KthWalsh(sorted, count / 2 + 1)) / 2;
    }

    /// <summary>n(n + 1)/2 without overflow.</summary>
    public static long WalshCount(int n) => (long)n * (n + 1) / 2;

    /// <summary>#{(i, j): aᵢ − bⱼ ≤ v}.</summary>
    public static long DifferencesAtMost(double[] sortedA, double[] sortedB, double v)
    {
        long count = 0;
        var j = 0; // first index with aᵢ − bⱼ ≤ v; rises with i
        for (var i = 0; i < sortedA.Length; i++)
        {
            while (j < sortedB.Length && sortedA[i] - sortedB[j] > v) j++;
            count += sortedB.Length - j;
        }
        return count;
    }

    /// <summary>#{i ≤ j: (dᵢ + dⱼ)/2 ≤ v}.</summary>
    public static long WalshAtMost(double[] sorted, double v)
    {
        long count = 0;
        var j = sorted.Length - 1; // last index with (dᵢ + dⱼ)/2 ≤ v; falls as i rises
        for (var i = 0; i < sorted.Length; i++)
        {
            while (j >= i && (sorted[i] + sorted[j]) / 2 > v) j--;
            if (j < i) break;
            count += j - i + 1;
        }
        return count;
    }

    static double Select(double low, double high, long k, Func<double, long> atMost)
    {
        long lo = Key(low), hi = Key(high);
        // Invariant: atMost(FromKey(hi)) ≥ k; find the smallest such key.
        while (lo < hi)
        {
            // hi − lo can exceed long.MaxValue (keys of −10⁵ and +10⁵): halve it unsigned.
            var mid = lo + (long)(((ulong)hi - (ulong)lo) / 2);
            if (atMost(FromKey(mid)) >= k) hi = mid; else lo = mid + 1;
        }
        return FromKey(hi);
    }

    /// <summary>A long whose order is the order of the doubles (−0 and +0 share 0).</summary>
    static long Key(double v)
    {
        var bits = BitConverter.DoubleToInt64Bits(v);
        return bits >= 0 ? bits : -(bits & long.MaxValue);
    }

    static double FromKey(long key) => key >= 0 ? BitConverter.Int64BitsToDouble(key) : -BitConverter.Int64BitsToDouble(-key);
}

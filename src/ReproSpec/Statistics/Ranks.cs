namespace ReproSpec.Statistics;

/// <summary>Mid-ranks (ties share the average rank, as scipy.stats.rankdata's default) and the tie structure.</summary>
internal static class Ranks
{
    /// <summary>1-based mid-ranks of <paramref name="values"/> in their original order.</summary>
    public static double[] Of(ReadOnlySpan<double> values) => Of(values, out _);

    /// <summary>Mid-ranks plus Σ(t³ − t) over groups of t tied values, the term the normal approximations correct for.</summary>
    public static double[] Of(ReadOnlySpan<double> values, out double tieTerm)
    {
        var n = values.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var keys = values.ToArray();
        Array.Sort(keys, order);
        var ranks = new double[n];
        tieTerm = 0;
        for (var start = 0; start < n;)
        {
            var end = start + 1;
            while (end < n && keys[end] == keys[start]) end++;
            var t = end - start;
            var midRank = (start + 1 + end) / 2.0;
            for (var k = start; k < end; k++) ranks[order[k]] = midRank;
            tieTerm += (double)t * t * t - t;
            start = end;
        }
        return ranks;
    }

    public static bool HasTies(ReadOnlySpan<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] == sorted[i - 1]) return true;
        }
        return false;
    }
}

namespace ReproSpec.Statistics;

/// <summary>Seed counts found by search: the plans an Inconclusive claim prints.</summary>
public static class SeedSearch
{
    /// <summary>
    /// The fewest n in [<paramref name="from"/>, <paramref name="cap"/>] for which <paramref name="holds"/> is true,
    /// assuming it stays true once it is (doubling from <paramref name="from"/>, then bisection); null when it is false
    /// at the cap.
    /// </summary>
    public static int? First(int from, int cap, Func<int, bool> holds)
    {
        int low = from - 1, high = Math.Min(from, cap);
        while (!holds(high))
        {
            if (high >= cap) return null;
            (low, high) = (high, Math.Min(cap, high * 2));
        }
        while (high - low > 1)
        {
            var mid = (low + high) / 2;
            if (holds(mid)) high = mid;
            else low = mid;
        }
        return high;
    }
}

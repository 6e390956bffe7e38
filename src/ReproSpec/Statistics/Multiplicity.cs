namespace ReproSpec.Statistics;

/// <summary>Adjusted p-values for families of claims: Holm (family-wise error) and Benjamini–Hochberg (false discovery rate).</summary>
/// <remarks>Adjusted values come back in the input order; compare each with α. Conventions as statsmodels' multipletests and scipy.stats.false_discovery_control.</remarks>
public static class Multiplicity
{
    /// <summary>Holm's step-down adjustment: p̃₍ᵢ₎ = maxⱼ≤ᵢ min(1, (m − j + 1) p₍ⱼ₎) over the sorted p-values.</summary>
    public static double[] Holm(double[] p)
    {
        var order = SortedOrder(p);
        var m = p.Length;
        var adjusted = new double[m];
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            running = Math.Max(running, Math.Min(1, (m - rank) * p[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }

    /// <summary>Benjamini–Hochberg step-up adjustment: p̃₍ᵢ₎ = minⱼ≥ᵢ min(1, m p₍ⱼ₎ / j) over the sorted p-values.</summary>
    public static double[] BenjaminiHochberg(double[] p)
    {
        var order = SortedOrder(p);
        var m = p.Length;
        var adjusted = new double[m];
        var running = 1.0;
        for (var rank = m - 1; rank >= 0; rank--)
        {
            running = Math.Min(running, Math.Min(1, m * p[order[rank]] / (rank + 1)));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }

    static int[] SortedOrder(double[] p)
    {
        ArgumentNullException.ThrowIfNull(p);
        for (var i = 0; i < p.Length; i++)
        {
            if (!(p[i] >= 0 && p[i] <= 1))
                throw new ArgumentException($"p[{i}] = {p[i]} is not a p-value; every p-value must lie in [0, 1] (a NaN usually means a test failed upstream).", nameof(p));
        }
        var order = Enumerable.Range(0, p.Length).ToArray();
        // Stable, so tied p-values keep their input order and the result is deterministic.
        return order.OrderBy(i => p[i]).ToArray();
    }
}

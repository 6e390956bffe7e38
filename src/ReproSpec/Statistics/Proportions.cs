using MathNet.Numerics.Distributions;

namespace ReproSpec.Statistics;

/// <summary>Exact binomial tests and Clopper–Pearson intervals, for "in 90 % of seeds" and divergence-rate claims.</summary>
public static class Proportions
{
    public const string BinomialName = "Exact binomial";

    /// <summary>
    /// Exact one-sided binomial p-value for k successes in n trials: Greater has H0 p ≤ p0 (p = P(X ≥ k)),
    /// Less has H0 p ≥ p0 (p = P(X ≤ k)); TwoSided follows scipy.stats.binomtest (sum of outcomes no more likely than k).
    /// </summary>
    public static double BinomialTest(int k, int n, double p0, Alternative alternative)
    {
        Require(k, n, p0);
        SampleChecks.RequireAlternative(alternative);
        return alternative switch
        {
            Alternative.Greater => k == 0 ? 1 : 1 - Binomial.CDF(p0, n, k - 1),
            // MathNet's CDF is NaN at k = n (a regularised beta with b = 0); the tail is then all of the mass.
            Alternative.Less => k == n ? 1 : Binomial.CDF(p0, n, k),
            _ => TwoSided(k, n, p0),
        };
    }

    /// <summary>Clopper–Pearson (exact) two-sided interval for a proportion at the given confidence.</summary>
    public static ConfidenceInterval ClopperPearson(int k, int n, double confidence = 0.95)
    {
        Require(k, n, 0.5);
        SampleChecks.RequireConfidence(confidence);
        var alpha = 1 - confidence;
        var low = k == 0 ? 0 : Beta.InvCDF(k, n - k + 1, alpha / 2);
        var high = k == n ? 1 : Beta.InvCDF(k + 1, n - k, 1 - alpha / 2);
        return new ConfidenceInterval(low, high, confidence);
    }

    static double TwoSided(int k, int n, double p0)
    {
        // scipy's rule: add up every outcome whose probability is at most that of k (relative tolerance 1e-7).
        var observed = Binomial.PMF(p0, n, k);
        var total = 0.0;
        for (var i = 0; i <= n; i++)
        {
            var p = Binomial.PMF(p0, n, i);
            if (p <= observed * (1 + 1e-7)) total += p;
        }
        return Math.Min(1, total);
    }

    static void Require(int k, int n, double p0)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "A binomial test needs at least one trial (seed).");
        if (k < 0 || k > n) throw new ArgumentOutOfRangeException(nameof(k), k, $"The number of successes must be between 0 and n = {n}.");
        if (!(p0 > 0 && p0 < 1)) throw new ArgumentOutOfRangeException(nameof(p0), p0, "The null proportion must be in (0, 1).");
    }
}

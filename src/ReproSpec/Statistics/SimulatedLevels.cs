using System.Collections.Concurrent;

namespace ReproSpec.Statistics;

/// <summary>
/// Nominal levels for a sequential design driven by one-sample (or paired) t p-values, calibrated by seeded
/// simulation of the t test's null so that each error rate stays ≤ α.
/// </summary>
/// <remarks>
/// The normal-theory levels (significance-level approach) assume the looks' statistics have the joint law of
/// Brownian motion; t statistics that share one running variance estimate do not, and at few seeds the error rate
/// exceeds α (3→15 seeds by 3 with O'Brien–Fleming: 0.052; 2→20 by 1 with Pocock: 0.061). At the margin the paired
/// and one-sample t statistics have a null free of σ (the differences are N(δ, σ²) and t is scale-free), so one
/// simulation settles every such claim: paths of iid N(0, 1) values give t at each look, and the design's α is
/// lowered to the largest α* whose normal-theory levels a_k(α*), applied to these t statistics, are crossed by at
/// most α − one Monte-Carlo standard error of the paths. Keeping the spending function's shape and only scaling its
/// total keeps the early looks' levels from the numerical integration, where a simulation could not resolve them
/// (4·10⁻⁷ at O'Brien–Fleming's first look). Paths come from a fixed seed, so the levels are a pure function of the
/// design, computed once per process and cached.
/// </remarks>
internal static class SimulatedLevels
{
    /// <summary>Simulated paths per design (fewer for designs with very many looks, to bound memory).</summary>
    public const int Paths = 100_000;

    const ulong Seed = 0x7_1E5E_9E17;
    static readonly ConcurrentDictionary<(string Looks, double Alpha, SpendingFunction Spending), double> Cache = new();

    /// <summary>The largest α* ≤ α whose normal-theory levels keep the simulated one-sample t error ≤ α − 1 MC-SE.</summary>
    public static double OneSampleTAlpha(int[] looks, double alpha, SpendingFunction spending, Func<double, double[]> levelsFor) =>
        Cache.GetOrAdd((string.Join(",", looks), alpha, spending), _ => Calibrate(looks, alpha, levelsFor));

    static double Calibrate(int[] looks, double alpha, Func<double, double[]> levelsFor)
    {
        var paths = Math.Min(Paths, 20_000_000 / looks.Length);
        var t = SimulateT(looks, paths, lookByLook: looks[^1] > SeedBySeedUpTo);
        var target = alpha - Math.Sqrt(alpha * (1 - alpha) / paths);
        if (CrossingRate(t, looks, levelsFor(alpha)) <= target) return alpha;
        // α* lies well within (α/2, α) for every design tried (0.041 for 2 → 20 by 1 with Pocock, the worst); 14
        // halvings place it to 2·10⁻⁶, far below the Monte-Carlo error of the crossing rate.
        double lo = alpha / 2, hi = alpha;
        for (var i = 0; i < 14; i++)
        {
            var mid = (lo + hi) / 2;
            if (CrossingRate(t, looks, levelsFor(mid)) <= target) lo = mid; else hi = mid;
        }
        return lo;
    }

    /// <summary>Designs up to this many seeds are simulated seed by seed; larger ones (continuation plans) look by look.</summary>
    public const int SeedBySeedUpTo = 60;

    /// <summary>t statistic of the first n_k of each path's iid N(0, 1) values at every look, path-major.</summary>
    /// <remarks>
    /// Up to <see cref="SeedBySeedUpTo"/> seeds each value is drawn. Beyond, only what a look sees is drawn: the m
    /// values between two looks enter through their mean, N(0, 1/m), and their sum of squared deviations, χ²(m − 1),
    /// independent of each other and of earlier values, combined with the running ones by Chan's update. That is the same
    /// process exactly, at a cost per look instead of per seed (a plan's candidate design may have 1,000 seeds).
    /// </remarks>
    internal static float[] SimulateT(int[] looks, int paths, bool lookByLook)
    {
        var random = new SeededRandom(Seed, stream: (ulong)looks[^1]);
        var t = new float[paths * looks.Length];
        for (var p = 0; p < paths; p++)
        {
            // Welford's running mean and sum of squares.
            double mean = 0, squares = 0;
            var n = 0;
            for (var k = 0; k < looks.Length; k++)
            {
                if (lookByLook)
                {
                    var m = looks[k] - n;
                    var blockMean = Power.StandardNormal(random) / Math.Sqrt(m);
                    var blockSquares = m > 1 ? 2 * Gamma(random, (m - 1) / 2.0) : 0;
                    var total = n + m;
                    var delta = blockMean - mean;
                    squares += blockSquares + delta * delta * n * m / total;
                    mean += delta * m / total;
                    n = total;
                }
                else
                {
                    for (; n < looks[k]; )
                    {
                        var x = Power.StandardNormal(random);
                        n++;
                        var delta = x - mean;
                        mean += delta / n;
                        squares += delta * (x - mean);
                    }
                }
                var sd = Math.Sqrt(squares / (n - 1));
                t[p * looks.Length + k] = (float)(mean / (sd / Math.Sqrt(n)));
            }
        }
        return t;
    }

    /// <summary>A Gamma(shape, 1) draw: Marsaglia and Tsang (2000, ACM TOMS 26), boosted by U^(1/shape) below shape 1.</summary>
    internal static double Gamma(SeededRandom random, double shape)
    {
        if (shape < 1) return Gamma(random, shape + 1) * Math.Pow(1 - random.NextDouble(), 1 / shape);
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            var x = Power.StandardNormal(random);
            var v = 1 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            var u = 1 - random.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    /// <summary>t with P(T_df ≥ t) = level, by bisection on the CDF (MathNet's InvCDF does not converge for levels near 10⁻⁷ at df ≤ 2).</summary>
    static double UpperCritical(int df, double level) => StudentQuantile.Upper(df, level);

    /// <summary>Share of paths whose t exceeds the level's critical value at some look (one boundary alone: non-binding).</summary>
    static double CrossingRate(float[] t, int[] looks, double[] levels)
    {
        var critical = new double[looks.Length];
        for (var k = 0; k < looks.Length; k++)
            critical[k] = levels[k] <= 0 ? double.PositiveInfinity : UpperCritical(looks[k] - 1, levels[k]);
        var paths = t.Length / looks.Length;
        var crossed = 0;
        for (var p = 0; p < paths; p++)
        {
            for (var k = 0; k < looks.Length; k++)
            {
                if (t[p * looks.Length + k] > critical[k])
                {
                    crossed++;
                    break;
                }
            }
        }
        return (double)crossed / paths;
    }
}

namespace ReproSpec.Statistics;

/// <summary>
/// A test of the mean of values known to lie in [low, high] that is valid for every distribution on that range, at
/// every number of seeds and under any looks: the betting (hedged capital) test of Waudby-Smith &amp; Ramdas (2024).
/// </summary>
/// <remarks>
/// For H0 μ ≤ m, with values rescaled to y ∈ [0, 1] and m' the rescaled bound, the capital after t seeds is
/// Kₜ = Πᵢ (1 + λᵢ (yᵢ − m')), each bet λᵢ ∈ [0, c/m'] chosen from the seeds before i only (predictable). Under H0 each
/// factor has mean ≤ 1 and stays ≥ 0, so K is a non-negative supermartingale and Ville's inequality gives
/// P(Kₜ ≥ 1/a for some t) ≤ a: p = min(1, 1 / maxₜ Kₜ) is valid at a fixed n, at any look, and after any stopping rule.
/// H0 μ ≥ m bets the other way, Πᵢ (1 − λᵢ (yᵢ − m')), λᵢ ≤ c/(1 − m'). Bets: the predictable plug-in of Waudby-Smith &amp;
/// Ramdas (J. R. Stat. Soc. B 86, 2024, eq. 26) at level α, λᵢ = √(2 ln(1/α) / (σ̂²ᵢ₋₁ · i · ln(1 + i))), truncated at
/// c = 3/4 of the largest bet, with σ̂² and μ̂ the running estimates started at ¼ and ½. No assumption beyond the range
/// and independent seeds; the price is seeds (docs/statistics.md, "Skewed discrete metrics": power table).
/// </remarks>
public static class BoundedMean
{
    public const string Name = "Betting test on a bounded range";

    /// <summary>The largest bet, as a share of the bet that could lose all the capital on one seed.</summary>
    public const double Truncation = 0.75;

    /// <summary>
    /// Tests mean(x) against <paramref name="bound"/> for values in [<paramref name="low"/>, <paramref name="high"/>]:
    /// Greater has H0 μ ≤ bound, Less has H0 μ ≥ bound. Values are used in the order given (seed order).
    /// </summary>
    /// <param name="x">The per-seed values, in seed order.</param>
    /// <param name="low">The smallest value the metric can take (0 for accuracy).</param>
    /// <param name="high">The largest value the metric can take (1 for accuracy).</param>
    /// <param name="bound">The claim's bound.</param>
    /// <param name="alternative">The alternative.</param>
    /// <param name="alpha">The level the bets are tuned for (the claim's α); the p-value is valid whatever it is.</param>
    /// <param name="confidence">The two-sided interval's confidence.</param>
    public static TestResult Test(ReadOnlySpan<double> x, double low, double high, double bound, Alternative alternative = Alternative.Greater,
        double alpha = 0.05, double confidence = 0.95)
    {
        SampleChecks.RequireSample(x, 1, nameof(x), "the bounded-mean test");
        RequireRange(low, high);
        SampleChecks.RequireFiniteNumber(bound, nameof(bound));
        SampleChecks.RequireAlternative(alternative);
        SampleChecks.RequireConfidence(confidence);
        if (!(alpha > 0 && alpha < 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must lie in (0, 1), e.g. 0.05.");
        for (var i = 0; i < x.Length; i++)
        {
            if (!(x[i] >= low && x[i] <= high))
                throw new ArgumentException($"value {x[i]} at index {i} is outside the declared range [{low}, {high}]. Declare the range the metric can take (accuracy: [0, 1]).", nameof(x));
        }
        var y = new double[x.Length];
        for (var i = 0; i < y.Length; i++) y[i] = (x[i] - low) / (high - low);
        var m = (bound - low) / (high - low);
        var p = alternative switch
        {
            Alternative.Greater => PValue(y, m, alpha, greater: true),
            Alternative.Less => PValue(y, m, alpha, greater: false),
            _ => Math.Min(1, 2 * Math.Min(PValue(y, m, alpha, greater: true), PValue(y, m, alpha, greater: false))),
        };
        var tail = (1 - confidence) / 2;
        var interval = new ConfidenceInterval(low + (high - low) * End(y, alpha, tail, greater: true), low + (high - low) * End(y, alpha, tail, greater: false), confidence);
        var mean = Descriptive.Mean(x);
        return new TestResult(Name, alternative, bound, mean - bound, p, null, interval, mean);
    }

    static void RequireRange(double low, double high)
    {
        if (!double.IsFinite(low) || !double.IsFinite(high) || !(low < high))
            throw new ArgumentOutOfRangeException(nameof(low), $"[{low}, {high}]", "The range must be finite with low < high, e.g. Bounded(0, 1) for accuracy.");
    }

    /// <summary>min(1, 1 / maxₜ Kₜ) for H0 μ ≤ m (greater) or μ ≥ m, values and bound rescaled to [0, 1].</summary>
    internal static double PValue(double[] y, double m, double alpha, bool greater) =>
        Capital(y, y.Length, m, alpha, greater, stopAt: double.PositiveInfinity).P;

    /// <summary>
    /// About how many seeds the test needs to reject at <paramref name="alpha"/> if the next seeds look like these: the
    /// first t at which the capital reaches 1/α on the values repeated in seed order, up to <paramref name="cap"/> seeds;
    /// null when the values do not lean away from the bound, or not within the cap. Values in [low, high].
    /// </summary>
    public static int? SeedsToReject(ReadOnlySpan<double> x, double low, double high, double bound, Alternative alternative, double alpha, int cap = 10_000)
    {
        if (x.Length == 0 || alternative == Alternative.TwoSided) return null;
        var y = new double[x.Length];
        for (var i = 0; i < y.Length; i++) y[i] = (x[i] - low) / (high - low);
        var greater = alternative == Alternative.Greater;
        var (p, at) = Capital(y, cap, (bound - low) / (high - low), alpha, greater, stopAt: Math.Log(1 / alpha));
        return p <= alpha ? at : null;
    }

    /// <summary>
    /// Bets over <paramref name="seeds"/> seeds, the values <paramref name="y"/> repeated in order when there are fewer:
    /// p = min(1, 1 / maxₜ Kₜ), and the seed count at which log K first reached <paramref name="stopAt"/> (then it stops).
    /// </summary>
    static (double P, int At) Capital(double[] y, int seeds, double m, double alpha, bool greater, double stopAt)
    {
        // Every mean in [0, 1] is ≤ 1 (≥ 0): nothing rejects "μ ≤ m" with m ≥ 1; with m < 0 the null is empty.
        if (greater ? m >= 1 : m <= 0) return (1, seeds);
        if (greater ? m < 0 : m > 1) return (0, 1);
        var cap = Truncation / (greater ? m : 1 - m);
        double logCapital = 0, best = 0, sum = 0.5, squares = 0.25;
        for (var t = 1; t <= seeds; t++)
        {
            var value = y[(t - 1) % y.Length];
            var variance = squares / t;
            var bet = Math.Min(Math.Sqrt(2 * Math.Log(1 / alpha) / (variance * t * Math.Log(1 + t))), cap);
            var step = greater ? value - m : m - value;
            logCapital += Math.Log(1 + bet * step);
            best = Math.Max(best, logCapital);
            if (best >= stopAt) return (Math.Min(1, Math.Exp(-best)), t);
            // Running estimates after this seed (started at ½ and ¼), for the next bet.
            var meanBefore = sum / t;
            squares += (value - meanBefore) * (value - meanBefore);
            sum += value;
        }
        return (Math.Min(1, Math.Exp(-best)), seeds);
    }

    /// <summary>The interval's end that inverts the one-sided test at <paramref name="tail"/>: by bisection on the bound, in [0, 1] units.</summary>
    static double End(double[] y, double alpha, double tail, bool greater)
    {
        // Greater rejects small bounds: the lower end is the largest rejected bound. The capital falls as the bound nears the data.
        double rejected = greater ? 0 : 1, kept = y.Average();
        if (PValue(y, rejected, alpha, greater) >= tail) return rejected;
        for (var i = 0; i < 60; i++)
        {
            var mid = (rejected + kept) / 2;
            if (PValue(y, mid, alpha, greater) < tail) rejected = mid; else kept = mid;
        }
        return rejected;
    }
}

using MathNet.Numerics.Distributions;

namespace ReproSpec.Statistics;

/// <summary>Seeded bootstrap intervals (percentile and BCa) for any statistic of one sample or a difference of two, and rliable's stratified bootstrap across tasks.</summary>
/// <remarks>
/// Results depend only on the data, the statistic, <c>resamples</c> and <c>seed</c> (see <see cref="SeededRandom"/>).
/// BCa follows Efron &amp; Tibshirani (1993) §14.3 as scipy.stats.bootstrap does: bias correction from the share of
/// bootstrap values below the estimate (ties count half), acceleration from the jackknife of each sample.
/// </remarks>
public static class Bootstrap
{
    public const int DefaultResamples = 10_000;
    public const int MinimumResamples = 100;
    public const string PercentileName = "percentile";
    public const string BcaName = "BCa";

    /// <summary>Percentile interval of <paramref name="statistic"/> (default: the mean) of one sample.</summary>
    public static BootstrapResult Percentile(ReadOnlySpan<double> sample, Func<ReadOnlySpan<double>, double>? statistic = null,
        double confidence = 0.95, int resamples = DefaultResamples, ulong seed = 0)
    {
        var f = Check(sample, statistic, confidence, resamples);
        var estimate = Evaluate(f, sample, "the original sample");
        return FromDistribution(PercentileName, estimate, OneSample(sample, f, resamples, seed), confidence, 0, 0);
    }

    /// <summary>Percentile interval of statistic(A) − statistic(B), resampling A and B independently.</summary>
    public static BootstrapResult Percentile(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Func<ReadOnlySpan<double>, double>? statistic = null,
        double confidence = 0.95, int resamples = DefaultResamples, ulong seed = 0)
    {
        var f = Check(a, statistic, confidence, resamples, nameof(a));
        SampleChecks.RequireSample(b, 2, nameof(b), "a bootstrap interval");
        var estimate = Evaluate(f, a, "sample A") - Evaluate(f, b, "sample B");
        return FromDistribution(PercentileName, estimate, TwoSample(a, b, f, resamples, seed), confidence, 0, 0);
    }

    /// <summary>Bias-corrected and accelerated (BCa) interval of <paramref name="statistic"/> (default: the mean) of one sample.</summary>
    public static BootstrapResult Bca(ReadOnlySpan<double> sample, Func<ReadOnlySpan<double>, double>? statistic = null,
        double confidence = 0.95, int resamples = DefaultResamples, ulong seed = 0)
    {
        var f = Check(sample, statistic, confidence, resamples);
        var estimate = Evaluate(f, sample, "the original sample");
        var distribution = OneSample(sample, f, resamples, seed);
        var (z0, acceleration) = (BiasCorrection(distribution, estimate), Acceleration([Jackknife(sample, f)]));
        return FromDistribution(BcaName, estimate, distribution, confidence, z0, acceleration);
    }

    /// <summary>BCa interval of statistic(A) − statistic(B); the acceleration pools the jackknife of each sample (as scipy does).</summary>
    public static BootstrapResult Bca(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Func<ReadOnlySpan<double>, double>? statistic = null,
        double confidence = 0.95, int resamples = DefaultResamples, ulong seed = 0)
    {
        var f = Check(a, statistic, confidence, resamples, nameof(a));
        SampleChecks.RequireSample(b, 2, nameof(b), "a bootstrap interval");
        var (thetaA, thetaB) = (Evaluate(f, a, "sample A"), Evaluate(f, b, "sample B"));
        var estimate = thetaA - thetaB;
        var distribution = TwoSample(a, b, f, resamples, seed);
        // Leaving out one value of A moves the difference by the change in f(A); of B, by minus the change in f(B).
        var jackknifeA = Jackknife(a, f).Select(t => t - thetaB).ToArray();
        var jackknifeB = Jackknife(b, f).Select(t => thetaA - t).ToArray();
        var (z0, acceleration) = (BiasCorrection(distribution, estimate), Acceleration([jackknifeA, jackknifeB]));
        return FromDistribution(BcaName, estimate, distribution, confidence, z0, acceleration);
    }

    /// <summary>
    /// rliable's stratified bootstrap: runs are resampled within each task, then aggregated across tasks; percentile
    /// interval. <paramref name="tasks"/> holds one array of run scores (one per seed) per task; run counts may differ.
    /// </summary>
    public static BootstrapResult Stratified(IReadOnlyList<double[]> tasks, TaskAggregate aggregate = TaskAggregate.InterquartileMean,
        double confidence = 0.95, int resamples = DefaultResamples, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (!Enum.IsDefined(aggregate))
            throw new ArgumentOutOfRangeException(nameof(aggregate), aggregate, "Use TaskAggregate.InterquartileMean or TaskAggregate.Mean.");
        var lengths = tasks.Select(t => t?.Length ?? 0).ToArray();
        Func<ReadOnlySpan<double>, double> f = aggregate == TaskAggregate.InterquartileMean
            ? Robust.InterquartileMean
            : pooled => MeanOfTaskMeans(pooled, lengths);
        return Stratified(tasks, f, confidence, resamples, seed);
    }

    /// <summary>Stratified bootstrap with a custom aggregate, which receives all run scores task after task.</summary>
    public static BootstrapResult Stratified(IReadOnlyList<double[]> tasks, Func<ReadOnlySpan<double>, double> aggregate,
        double confidence = 0.95, int resamples = DefaultResamples, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(aggregate);
        if (tasks.Count == 0)
            throw new ArgumentException("The stratified bootstrap needs at least one task. Pass one array of run scores per task.", nameof(tasks));
        for (var t = 0; t < tasks.Count; t++)
        {
            if (tasks[t] is null || tasks[t].Length == 0)
                throw new ArgumentException($"Task {t} has no runs. Every task needs at least one run score; drop the task or run it.", nameof(tasks));
            SampleChecks.RequireFinite(tasks[t], $"tasks[{t}]");
        }
        CheckResampling(confidence, resamples);
        var pooled = tasks.SelectMany(t => t).ToArray();
        var estimate = Evaluate(aggregate, pooled, "the original scores");
        var random = new SeededRandom(seed);
        var buffer = new double[pooled.Length];
        var distribution = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            var offset = 0;
            foreach (var runs in tasks)
            {
                for (var i = 0; i < runs.Length; i++) buffer[offset + i] = runs[random.NextInt(runs.Length)];
                offset += runs.Length;
            }
            distribution[r] = Evaluate(aggregate, buffer, $"bootstrap resample {r}");
        }
        return FromDistribution(PercentileName, estimate, distribution, confidence, 0, 0);
    }

    static double MeanOfTaskMeans(ReadOnlySpan<double> pooled, int[] lengths)
    {
        var sum = 0.0;
        var offset = 0;
        foreach (var length in lengths)
        {
            sum += Descriptive.Mean(pooled.Slice(offset, length));
            offset += length;
        }
        return sum / lengths.Length;
    }

    internal static double[] OneSample(ReadOnlySpan<double> sample, Func<ReadOnlySpan<double>, double> statistic, int resamples, ulong seed)
    {
        var random = new SeededRandom(seed);
        var buffer = new double[sample.Length];
        var distribution = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < buffer.Length; i++) buffer[i] = sample[random.NextInt(sample.Length)];
            distribution[r] = Evaluate(statistic, buffer, $"bootstrap resample {r}");
        }
        return distribution;
    }

    internal static double[] TwoSample(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Func<ReadOnlySpan<double>, double> statistic, int resamples, ulong seed)
    {
        var random = new SeededRandom(seed);
        var bufferA = new double[a.Length];
        var bufferB = new double[b.Length];
        var distribution = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < bufferA.Length; i++) bufferA[i] = a[random.NextInt(a.Length)];
            for (var i = 0; i < bufferB.Length; i++) bufferB[i] = b[random.NextInt(b.Length)];
            distribution[r] = Evaluate(statistic, bufferA, $"bootstrap resample {r} of A") - Evaluate(statistic, bufferB, $"bootstrap resample {r} of B");
        }
        return distribution;
    }

    /// <summary>z0 = Φ⁻¹(share of bootstrap values below the estimate, ties counted half).</summary>
    internal static double BiasCorrection(double[] distribution, double estimate)
    {
        double below = 0, belowOrEqual = 0;
        foreach (var theta in distribution)
        {
            if (theta < estimate) below++;
            if (theta <= estimate) belowOrEqual++;
        }
        var share = (below + belowOrEqual) / (2.0 * distribution.Length);
        if (share <= 0 || share >= 1)
            throw new ArgumentException(
                "BCa is undefined here: every bootstrap value of the statistic lies on one side of its estimate (typical of the min, the max or a very small sample). Use Bootstrap.Percentile or more runs.");
        return Normal.InvCDF(0, 1, share);
    }

    /// <summary>
    /// â = Σⱼ Σᵢ Uᵢⱼ³/nⱼ³ / (6 (Σⱼ Σᵢ Uᵢⱼ²/nⱼ²)^{3/2}) with Uᵢⱼ = (nⱼ − 1)(mean of sample j's jackknife values − value i);
    /// 0 when the jackknife values do not vary (e.g. a constant sample).
    /// </summary>
    internal static double Acceleration(IReadOnlyList<double[]> jackknives)
    {
        double numerator = 0, denominator = 0;
        foreach (var values in jackknives)
        {
            double n = values.Length;
            var mean = Descriptive.Mean(values);
            double cubes = 0, squares = 0;
            foreach (var v in values)
            {
                var u = (n - 1) * (mean - v);
                cubes += u * u * u;
                squares += u * u;
            }
            numerator += cubes / (n * n * n);
            denominator += squares / (n * n);
        }
        return denominator > 0 ? numerator / (6 * Math.Pow(denominator, 1.5)) : 0;
    }

    static double[] Jackknife(ReadOnlySpan<double> sample, Func<ReadOnlySpan<double>, double> statistic)
    {
        var buffer = new double[sample.Length - 1];
        var values = new double[sample.Length];
        for (var i = 0; i < sample.Length; i++)
        {
            sample[..i].CopyTo(buffer);
            sample[(i + 1)..].CopyTo(buffer.AsSpan(i));
            values[i] = Evaluate(statistic, buffer, $"the jackknife sample without value {i}");
        }
        return values;
    }

    /// <summary>Interval from the sorted distribution; z0 = a = 0 gives the percentile interval.</summary>
    static BootstrapResult FromDistribution(string method, double estimate, double[] distribution, double confidence, double z0, double acceleration)
    {
        var standardError = Math.Sqrt(Descriptive.Variance(distribution));
        Array.Sort(distribution);
        var zLow = Normal.InvCDF(0, 1, (1 - confidence) / 2);
        var low = AdjustedLevel(z0, acceleration, zLow);
        var high = AdjustedLevel(z0, acceleration, -zLow);
        return new BootstrapResult(estimate,
            new ConfidenceInterval(Descriptive.QuantileOfSorted(distribution, low), Descriptive.QuantileOfSorted(distribution, high), confidence),
            standardError, distribution.Length, method);
    }

    internal static ConfidenceInterval FromDistributionPercentile(double[] distribution, double confidence) =>
        FromDistribution(PercentileName, 0, distribution, confidence, 0, 0).Interval;

    /// <summary>Φ(z0 + (z0 + z)/(1 − a(z0 + z))), Efron's BCa level; the plain Φ(z) when z0 = a = 0.</summary>
    static double AdjustedLevel(double z0, double acceleration, double z)
    {
        if (z0 == 0 && acceleration == 0) return Normal.CDF(0, 1, z);
        var shifted = z0 + z;
        return Normal.CDF(0, 1, z0 + shifted / (1 - acceleration * shifted));
    }

    static Func<ReadOnlySpan<double>, double> Check(ReadOnlySpan<double> sample, Func<ReadOnlySpan<double>, double>? statistic,
        double confidence, int resamples, string name = "sample")
    {
        SampleChecks.RequireSample(sample, 2, name, "a bootstrap interval");
        CheckResampling(confidence, resamples);
        return statistic ?? Descriptive.Mean;
    }

    static void CheckResampling(double confidence, int resamples)
    {
        SampleChecks.RequireConfidence(confidence);
        if (resamples < MinimumResamples)
            throw new ArgumentOutOfRangeException(nameof(resamples), resamples,
                $"Use at least {MinimumResamples} bootstrap resamples (default {DefaultResamples}); fewer cannot place the interval's ends.");
    }

    static double Evaluate(Func<ReadOnlySpan<double>, double> statistic, ReadOnlySpan<double> values, string where)
    {
        var value = statistic(values);
        if (!double.IsFinite(value))
            throw new ArgumentException($"The bootstrap statistic returned {value} on {where}. It must return a finite number for every resample; check for divisions by zero or logs of zero.", nameof(statistic));
        return value;
    }
}

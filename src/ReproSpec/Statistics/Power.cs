using MathNet.Numerics.Distributions;

namespace ReproSpec.Statistics;

/// <summary>Statistical power and seed planning: how likely a claim is to be supported with n seeds, and how many seeds it needs.</summary>
/// <remarks>
/// Colas, Sigaud and Oudeyer (2018, "How many random seeds?") showed that with the 5 seeds common in deep RL papers a
/// real difference is missed about half the time; <see cref="SeedsNeeded(double, double, double, double, double, double, int, Alternative)"/>
/// answers the question before the runs are paid for.
/// </remarks>
public static class Power
{
    /// <summary>Power of Welch's t test of H0 "μA − μB ≤ δ" (Greater) when the true difference is <paramref name="delta"/>.</summary>
    /// <remarks>
    /// The Welch statistic is approximated by a noncentral t with the Welch–Satterthwaite degrees of freedom of the
    /// true variances and noncentrality (Δ − δ)/√(σA²/nA + σB²/nB). The approximation is checked against seeded
    /// simulation in the test suite (tests/ReproSpec.Tests/Statistics/PowerTests.cs): the real test estimates its
    /// degrees of freedom, so at 3 seeds per arm the formula overstates power by a few points (docs/calibration.md);
    /// from about 10 seeds per arm the two agree within simulation error. With both standard deviations
    /// zero the test is exact (p = 0 or 1), so the power is 1 when Δ lies inside the alternative and 0 otherwise.
    /// </remarks>
    public static double WelchPower(double delta, double sdA, double sdB, int nA, int nB, double alpha,
        Alternative alternative = Alternative.Greater, double margin = 0)
    {
        SampleChecks.RequireFiniteNumber(delta, nameof(delta));
        SampleChecks.RequireFiniteNumber(margin, nameof(margin));
        RequireSd(sdA, nameof(sdA));
        RequireSd(sdB, nameof(sdB));
        RequireSeeds(nA, nameof(nA));
        RequireSeeds(nB, nameof(nB));
        SampleChecks.RequireAlpha(alpha);
        SampleChecks.RequireAlternative(alternative);

        var errA = sdA * sdA / nA;
        var errB = sdB * sdB / nB;
        var shifted = delta - margin;
        if (errA + errB == 0)
        {
            var inside = alternative switch
            {
                Alternative.Greater => shifted > 0,
                Alternative.Less => shifted < 0,
                _ => shifted != 0,
            };
            return inside ? 1 : 0;
        }

        var df = WelchDegreesOfFreedom(errA, nA, errB, nB);
        var noncentrality = shifted / Math.Sqrt(errA + errB);
        return alternative switch
        {
            Alternative.Greater => NoncentralT.Survival(StudentT.InvCDF(0, 1, df, 1 - alpha), df, noncentrality),
            Alternative.Less => NoncentralT.Cdf(StudentT.InvCDF(0, 1, df, alpha), df, noncentrality),
            _ => NoncentralT.Survival(StudentT.InvCDF(0, 1, df, 1 - alpha / 2), df, noncentrality)
                 + NoncentralT.Cdf(StudentT.InvCDF(0, 1, df, alpha / 2), df, noncentrality),
        };
    }

    /// <summary>The fewest seeds per arm for which Welch's test reaches <paramref name="power"/> against a true difference Δ.</summary>
    /// <remarks>Seeds are split equally between the arms. The plan is unreachable (SeedsPerArm null) when even <paramref name="maxSeeds"/> falls short, e.g. because Δ does not exceed the margin.</remarks>
    public static SeedPlan SeedsNeeded(double delta, double sdA, double sdB, double margin, double alpha, double power = 0.8,
        int maxSeeds = 100, Alternative alternative = Alternative.Greater)
    {
        if (!(power > 0 && power < 1))
            throw new ArgumentOutOfRangeException(nameof(power), power, "The target power must lie strictly between 0 and 1 (e.g. 0.8).");
        if (maxSeeds < 2)
            throw new ArgumentOutOfRangeException(nameof(maxSeeds), maxSeeds, "maxSeeds must be at least 2: a t test needs two runs per arm.");

        // Power rises with n at a fixed effect (the noncentral t's noncentrality grows as √n and its critical value
        // falls), so the smallest n reaching the target is found by bisection: ~10 evaluations instead of a scan of
        // every n up to maxSeeds, which near the margin took 25 ms per claim look.
        var atMax = WelchPower(delta, sdA, sdB, maxSeeds, maxSeeds, alpha, alternative, margin);
        if (atMax < power)
            return new SeedPlan(null, atMax, power, delta, sdA, sdB, margin, alpha, maxSeeds);
        int lo = 1, hi = maxSeeds; // power(lo) < target (n = 1 has no test), power(hi) ≥ target
        while (hi - lo > 1)
        {
            var mid = (lo + hi) / 2;
            if (WelchPower(delta, sdA, sdB, mid, mid, alpha, alternative, margin) >= power) hi = mid; else lo = mid;
        }
        return new SeedPlan(hi, WelchPower(delta, sdA, sdB, hi, hi, alpha, alternative, margin), power, delta, sdA, sdB, margin, alpha, maxSeeds);
    }

    /// <summary>Seed plan from pilot runs: their mean difference and standard deviations are taken as the truth.</summary>
    /// <remarks>
    /// Pilot estimates from a few seeds are noisy (Colas et al. 2018, §5): a pilot that overestimates the effect or
    /// underestimates the spread plans too few seeds. Treat the result as a lower bound, or plan with a smaller Δ.
    /// Pilots with no spread at all (fully deterministic training) make the test exact: 2 seeds per arm when the
    /// pilot difference lies beyond the margin, unreachable otherwise.
    /// </remarks>
    public static SeedPlan SeedsNeeded(ReadOnlySpan<double> pilotA, ReadOnlySpan<double> pilotB, double margin, double alpha,
        double power = 0.8, int maxSeeds = 100, Alternative alternative = Alternative.Greater)
    {
        SampleChecks.RequireSample(pilotA, 2, nameof(pilotA), "a pilot estimate of the standard deviation");
        SampleChecks.RequireSample(pilotB, 2, nameof(pilotB), "a pilot estimate of the standard deviation");
        var delta = Descriptive.Mean(pilotA) - Descriptive.Mean(pilotB);
        return SeedsNeeded(delta, Math.Sqrt(Descriptive.Variance(pilotA)), Math.Sqrt(Descriptive.Variance(pilotB)),
            margin, alpha, power, maxSeeds, alternative);
    }

    /// <summary>Power of any test by seeded simulation: the share of <paramref name="replications"/> simulated experiments with p &lt; α.</summary>
    /// <param name="sampleA">Draws one run's metric for arm A from the stream it is given.</param>
    /// <param name="sampleB">Draws one run's metric for arm B.</param>
    /// <param name="nA">Runs per simulated experiment in arm A.</param>
    /// <param name="nB">Runs per simulated experiment in arm B.</param>
    /// <param name="pValue">The test, e.g. <c>(a, b) =&gt; TwoSampleTests.MannWhitney(a, b).PValue</c>.</param>
    /// <param name="alpha">A replication rejects when p &lt; α.</param>
    /// <param name="replications">Simulated experiments; the standard error is at most 0.5/√R.</param>
    /// <param name="seed">Seed of the SplitMix64 stream that drives the samplers.</param>
    public static PowerEstimate Simulate(Func<SeededRandom, double> sampleA, Func<SeededRandom, double> sampleB, int nA, int nB,
        Func<double[], double[], double> pValue, double alpha, int replications = 2000, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(sampleA);
        ArgumentNullException.ThrowIfNull(sampleB);
        RequireSeeds(nA, nameof(nA), minimum: 1);
        RequireSeeds(nB, nameof(nB), minimum: 1);
        return Simulate(random =>
        {
            var a = new double[nA];
            var b = new double[nB];
            for (var i = 0; i < nA; i++) a[i] = sampleA(random);
            for (var i = 0; i < nB; i++) b[i] = sampleB(random);
            return (a, b);
        }, pValue, alpha, replications, seed);
    }

    /// <summary>Power of any test on any simulated experiment (paired runs, shared seed effects...), by seeded simulation.</summary>
    public static PowerEstimate Simulate(Experiment experiment, Func<double[], double[], double> pValue, double alpha,
        int replications = 2000, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(pValue);
        SampleChecks.RequireAlpha(alpha);
        if (replications < 1)
            throw new ArgumentOutOfRangeException(nameof(replications), replications, "Simulate at least one replication (2,000 gives a standard error of about 1 point).");

        var random = new SeededRandom(seed, stream: 0x504F_5745_52);
        var rejections = 0;
        for (var r = 0; r < replications; r++)
        {
            var (a, b) = experiment(random);
            var p = pValue(a, b);
            if (double.IsNaN(p))
                throw new InvalidOperationException($"The test returned a NaN p-value in replication {r}; check the samplers return finite values.");
            if (p < alpha) rejections++;
        }
        return PowerEstimate.From(rejections, replications);
    }

    /// <summary>A sampler for <see cref="Simulate(Func{SeededRandom, double}, Func{SeededRandom, double}, int, int, Func{double[], double[], double}, double, int, ulong)"/>: normal with the given mean and standard deviation.</summary>
    public static Func<SeededRandom, double> NormalSampler(double mean, double sd)
    {
        SampleChecks.RequireFiniteNumber(mean, nameof(mean));
        RequireSd(sd, nameof(sd));
        return random => mean + sd * StandardNormal(random);
    }

    /// <summary>One standard normal draw (Box–Muller), so simulations depend only on the fixed SplitMix64 stream.</summary>
    internal static double StandardNormal(SeededRandom random)
    {
        var u = 1 - random.NextDouble(); // (0, 1]: the log stays finite
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }

    /// <summary>Welch–Satterthwaite degrees of freedom from squared standard errors; a zero-variance arm contributes nothing.</summary>
    internal static double WelchDegreesOfFreedom(double errA, int nA, double errB, int nB) =>
        (errA + errB) * (errA + errB) / ((errA > 0 ? errA * errA / (nA - 1) : 0) + (errB > 0 ? errB * errB / (nB - 1) : 0));

    static void RequireSd(double sd, string name)
    {
        if (!(sd >= 0) || !double.IsFinite(sd))
            throw new ArgumentOutOfRangeException(name, sd, $"{name} must be a finite standard deviation ≥ 0 (not a variance).");
    }

    static void RequireSeeds(int n, string name, int minimum = 2)
    {
        if (n < minimum)
            throw new ArgumentOutOfRangeException(name, n, $"{name} = {n}: need at least {minimum} seed(s) per arm{(minimum == 2 ? " for a t test" : "")}.");
    }
}

/// <summary>One simulated experiment: the runs of arm A and arm B, drawn from a seeded stream.</summary>
public delegate (double[] A, double[] B) Experiment(SeededRandom random);

/// <summary>How many seeds per arm a claim needs for the target power, with the inputs the plan assumed.</summary>
/// <param name="SeedsPerArm">The fewest seeds per arm reaching <paramref name="TargetPower"/>; null when <paramref name="MaxSeeds"/> is not enough.</param>
/// <param name="Power">Power at <paramref name="SeedsPerArm"/>, or at <paramref name="MaxSeeds"/> when unreachable.</param>
/// <param name="TargetPower">The power asked for.</param>
/// <param name="Delta">The true difference μA − μB assumed.</param>
/// <param name="SdA">Standard deviation of A's metric across seeds assumed.</param>
/// <param name="SdB">Standard deviation of B's metric across seeds assumed.</param>
/// <param name="Margin">δ of the claim's null hypothesis.</param>
/// <param name="Alpha">Significance level of the test.</param>
/// <param name="MaxSeeds">The largest number of seeds per arm considered.</param>
public sealed record SeedPlan(int? SeedsPerArm, double Power, double TargetPower, double Delta, double SdA, double SdB,
    double Margin, double Alpha, int MaxSeeds)
{
    public bool Reachable => SeedsPerArm is not null;
}

/// <summary>A simulated rejection rate with its Monte-Carlo standard error √(p(1−p)/R).</summary>
public readonly record struct PowerEstimate(double Power, double StandardError, int Rejections, int Replications)
{
    public static PowerEstimate From(int rejections, int replications)
    {
        var p = (double)rejections / replications;
        return new PowerEstimate(p, Math.Sqrt(p * (1 - p) / replications), rejections, replications);
    }
}

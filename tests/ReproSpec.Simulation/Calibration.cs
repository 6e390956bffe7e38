using ReproSpec.Statistics;

namespace ReproSpec.Simulation;

/// <summary>A test to calibrate: its p-value, a null at the boundary of H0, and a stated alternative.</summary>
/// <param name="Test">Name shown in reports, e.g. "Welch t".</param>
/// <param name="Setting">Sample sizes, distribution and margin, e.g. "n = 8 vs 12, normal, sd 1 vs 2, δ = 0.5".</param>
/// <param name="Null">Experiments at the boundary of H0 (true difference = δ), where the type-I error is largest.</param>
/// <param name="Alternative">Experiments under the alternative the power is reported for.</param>
/// <param name="AlternativeDescription">What <paramref name="Alternative"/> is, e.g. "μA − μB = 2".</param>
/// <param name="PValue">The test: p-value for H0 of its own claim.</param>
/// <param name="ReplicationDivisor">Runs R / divisor experiments where R is asked for: for tests slow per call.</param>
public sealed record CalibrationCase(string Test, string Setting, Experiment Null, Experiment Alternative,
    string AlternativeDescription, Func<double[], double[], double> PValue, int ReplicationDivisor = 1);

/// <summary>Simulated type-I error and power of one <see cref="CalibrationCase"/> at level α.</summary>
public sealed record CalibrationResult(CalibrationCase Case, double Alpha, PowerEstimate TypeOneError, PowerEstimate Power);

/// <summary>Simulated behaviour of a <see cref="SequentialDesign"/> driven by Welch p-values, and of the fixed-n test at its last look.</summary>
/// <param name="Design">The sequential design simulated.</param>
/// <param name="Margin">δ of the claim: H0 is μA − μB ≤ δ.</param>
/// <param name="TrueDifference">μA − μB in the simulation (sd 1 in both arms).</param>
/// <param name="Supported">Share of experiments that ended Supported.</param>
/// <param name="Refuted">Share that ended Refuted.</param>
/// <param name="MeanSeedsPerArm">Average seeds per arm run before stopping.</param>
/// <param name="MeanSeedsStandardError">Monte-Carlo standard error of <paramref name="MeanSeedsPerArm"/>.</param>
/// <param name="FixedSupported">Share in which the fixed-n Welch test at MaxSeeds rejects H0: μA − μB ≤ δ at α.</param>
/// <param name="FixedRefuted">Share in which it rejects H0': μA − μB ≥ δ at α.</param>
public sealed record SequentialCalibration(SequentialDesign Design, double Margin, double TrueDifference,
    PowerEstimate Supported, PowerEstimate Refuted, double MeanSeedsPerArm, double MeanSeedsStandardError,
    PowerEstimate FixedSupported, PowerEstimate FixedRefuted)
{
    /// <summary>Average seeds used as a share of the fixed-n design's MaxSeeds per arm.</summary>
    public double SeedShare => MeanSeedsPerArm / Design.MaxSeeds;
}

/// <summary>Seeded simulations that check each test keeps its type-I error at α and report its power (docs/calibration.md).</summary>
/// <remarks>
/// The cases are the ones docs/calibration.md reports; the test suite runs them with fewer replications and
/// asserts type-I error ≤ α + 3 Monte-Carlo standard errors. Every simulation is a pure function of its seed.
/// </remarks>
public static class Calibration
{
    /// <summary>Monte-Carlo resamples of the permutation test in calibration: few, to keep the simulation fast.</summary>
    public const int PermutationResamples = 199;

    // The permutation test also computes a 10,000-resample bootstrap interval on every call (about 5 ms).
    const int SlowPerCall = 4;

    /// <summary>Type-I error at the null boundary and power under the alternative, each from <paramref name="replications"/> / <see cref="CalibrationCase.ReplicationDivisor"/> experiments.</summary>
    public static CalibrationResult Run(CalibrationCase calibrationCase, double alpha, int replications, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(calibrationCase);
        replications = Math.Max(1, replications / Math.Max(1, calibrationCase.ReplicationDivisor));
        var typeOne = Power.Simulate(calibrationCase.Null, calibrationCase.PValue, alpha, replications, seed);
        var power = Power.Simulate(calibrationCase.Alternative, calibrationCase.PValue, alpha, replications, seed + 1);
        return new CalibrationResult(calibrationCase, alpha, typeOne, power);
    }

    /// <summary>The fixed-n tests of ReproSpec.Statistics, each with a null at its boundary and a stated alternative.</summary>
    public static IReadOnlyList<CalibrationCase> FixedNCases(double alpha = 0.05) =>
    [
        new("Welch t", "n = 8 vs 12, normal, sd 1 vs 2, δ = 0.5",
            Independent(8, 12, r => 0.5 + Normal(r), r => 2 * Normal(r)),
            Independent(8, 12, r => 2.5 + Normal(r), r => 2 * Normal(r)), "μA − μB = 2.5",
            (a, b) => TwoSampleTests.Welch(a, b, Alternative.Greater, 0.5).PValue),
        new("Welch t", "n = 5 vs 5, normal, sd 1, δ = 0, two-sided",
            Independent(5, 5, Normal, Normal),
            Independent(5, 5, r => 2 + Normal(r), Normal), "μA − μB = 2",
            (a, b) => TwoSampleTests.Welch(a, b, Alternative.TwoSided).PValue),
        new("Student t", "n = 10 vs 10, normal, sd 1, δ = 0",
            Independent(10, 10, Normal, Normal),
            Independent(10, 10, r => 1 + Normal(r), Normal), "μA − μB = 1",
            (a, b) => TwoSampleTests.Student(a, b).PValue),
        new("Paired t", "n = 10 pairs, shared seed effect sd 2, noise sd 1, δ = 0.2",
            Paired(10, 0.2), Paired(10, 1.2), "μA − μB = 1.2",
            (a, b) => TwoSampleTests.PairedT(a, b, Alternative.Greater, 0.2).PValue),
        new("Mann–Whitney (exact)", "n = 7 vs 8, exponential, shift δ = 0.3",
            Independent(7, 8, r => 0.3 + Exponential(r), Exponential),
            Independent(7, 8, r => 2.3 + Exponential(r), Exponential), "shift 2.3",
            (a, b) => TwoSampleTests.MannWhitney(a, b, Alternative.Greater, 0.3).PValue),
        new("Mann–Whitney (normal approx.)", "n = 15 vs 15, exponential, shift δ = 0",
            Independent(15, 15, Exponential, Exponential),
            Independent(15, 15, r => 1 + Exponential(r), Exponential), "shift 1",
            (a, b) => TwoSampleTests.MannWhitney(a, b).PValue),
        new("Wilcoxon signed-rank", "n = 12 pairs, Laplace differences, δ = 0.1",
            PairedDifferences(12, r => 0.1 + Laplace(r)), PairedDifferences(12, r => 1.6 + Laplace(r)), "median difference 1.6",
            (a, b) => TwoSampleTests.Wilcoxon(a, b, Alternative.Greater, 0.1).PValue),
        new("Permutation (exact)", "n = 8 vs 8, lognormal σ = 0.5, δ = 0",
            Independent(8, 8, LogNormal, LogNormal),
            Independent(8, 8, r => 0.8 + LogNormal(r), LogNormal), "shift 0.8",
            (a, b) => TwoSampleTests.Permutation(a, b).PValue, SlowPerCall),
        new("Permutation (Monte Carlo, 199 resamples)", "n = 13 vs 13, normal, δ = 0.5",
            Independent(13, 13, r => 0.5 + Normal(r), Normal),
            Independent(13, 13, r => 1.5 + Normal(r), Normal), "μA − μB = 1.5",
            // One fixed set of random relabellings for every experiment: drawn independently of the data, so
            // (hits + 1)/(R + 1) stays a valid p-value.
            (a, b) => TwoSampleTests.Permutation(a, b, Alternative.Greater, 0.5, resamples: PermutationResamples).PValue, SlowPerCall),
        new("TOST (Welch)", "n = 20 vs 20, normal, sd 0.5, margins ±0.5, true difference at +0.5",
            Independent(20, 20, r => 0.5 + 0.5 * Normal(r), r => 0.5 * Normal(r)),
            Independent(20, 20, r => 0.5 * Normal(r), r => 0.5 * Normal(r)), "μA − μB = 0",
            (a, b) => Equivalence.Tost(a, b, -0.5, 0.5, alpha).PValue),
        // Variance by source (Bouthillier2021, DodgeEtAl2020: fixed 10 runs per source): "A's source is more spread",
        // decided by the one-sided Brown–Forsythe p < α. At equal spread both directions are exchangeable, so one side
        // stands for both errors.
        new("Brown–Forsythe (variance by source)", "n = 10 vs 10, normal, equal spread",
            Independent(10, 10, Normal, Normal),
            Independent(10, 10, r => 3 * Normal(r), Normal), "sd ratio 3",
            (a, b) => SpreadTests.BrownForsythe(a, b, Alternative.Greater).PValue),
        new("Brown–Forsythe (variance by source)", "n = 10 vs 10, accuracy on 36 test items at 0.9, equal spread",
            Independent(10, 10, r => Accuracy(r, 36, 0.9), r => Accuracy(r, 36, 0.9)),
            Independent(10, 10, r => Accuracy(r, 36, 0.9) + 0.1 * Normal(r), r => Accuracy(r, 36, 0.9)), "A adds noise sd 0.1",
            (a, b) => SpreadTests.BrownForsythe(a, b, Alternative.Greater).PValue),
    ];

    /// <summary>Accuracy on <paramref name="items"/> test items, each right with probability <paramref name="p"/>: a binomial share, with many ties.</summary>
    static double Accuracy(SeededRandom random, int items, double p)
    {
        var correct = 0;
        for (var i = 0; i < items; i++)
        {
            if (random.NextDouble() < p) correct++;
        }
        return correct / (double)items;
    }

    /// <summary>
    /// Runs <paramref name="design"/> on simulated Welch tests (both arms normal, sd 1): at each look
    /// pSupport = Welch(Greater, δ), pRefute = Welch(Less, δ); stops at the first decision. The same experiments,
    /// run to MaxSeeds, give the fixed-n comparison.
    /// </summary>
    public static SequentialCalibration RunSequential(SequentialDesign design, double margin, double trueDifference,
        int replications, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(design);
        SampleChecks.RequireFiniteNumber(margin, nameof(margin));
        SampleChecks.RequireFiniteNumber(trueDifference, nameof(trueDifference));
        if (replications < 2)
            throw new ArgumentOutOfRangeException(nameof(replications), replications, "Simulate at least 2 replications.");

        var random = new SeededRandom(seed, stream: 0x5345_51);
        var a = new double[design.MaxSeeds];
        var b = new double[design.MaxSeeds];
        int supported = 0, refuted = 0, fixedSupported = 0, fixedRefuted = 0;
        double seedSum = 0, seedSquares = 0;
        for (var r = 0; r < replications; r++)
        {
            for (var i = 0; i < a.Length; i++)
            {
                a[i] = trueDifference + Normal(random);
                b[i] = Normal(random);
            }

            var used = design.MaxSeeds;
            foreach (var n in design.Looks)
            {
                var step = design.Decide(n, TwoSampleTests.Welch(a.AsSpan(0, n), b.AsSpan(0, n), Alternative.Greater, margin).PValue,
                    TwoSampleTests.Welch(a.AsSpan(0, n), b.AsSpan(0, n), Alternative.Less, margin).PValue);
                if (!step.IsFinal) continue;
                if (step.Outcome == SequentialOutcome.Supported) supported++;
                if (step.Outcome == SequentialOutcome.Refuted) refuted++;
                used = n;
                break;
            }
            seedSum += used;
            seedSquares += (double)used * used;

            if (TwoSampleTests.Welch(a, b, Alternative.Greater, margin).PValue < design.Alpha) fixedSupported++;
            if (TwoSampleTests.Welch(a, b, Alternative.Less, margin).PValue < design.Alpha) fixedRefuted++;
        }

        var mean = seedSum / replications;
        var variance = (seedSquares - replications * mean * mean) / (replications - 1);
        return new SequentialCalibration(design, margin, trueDifference,
            PowerEstimate.From(supported, replications), PowerEstimate.From(refuted, replications),
            mean, Math.Sqrt(Math.Max(variance, 0) / replications),
            PowerEstimate.From(fixedSupported, replications), PowerEstimate.From(fixedRefuted, replications));
    }

    /// <summary>
    /// Share of simulated one-sample (or paired) t claims at the margin that cross <paramref name="design"/>'s Supported
    /// boundary: iid N(0, 1) values against a bound of 0, one-sided t p-values at each look. The null of the t test
    /// is free of σ, so this one rate is the design's error for every such claim.
    /// </summary>
    public static PowerEstimate OneSampleTSequentialError(SequentialDesign design, int replications, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(design);
        var random = new SeededRandom(seed, stream: 0x4F_4E45_54);
        var x = new double[design.MaxSeeds];
        var crossed = 0;
        for (var r = 0; r < replications; r++)
        {
            for (var i = 0; i < x.Length; i++) x[i] = Normal(random);
            for (var k = 0; k < design.Looks.Count; k++)
            {
                if (OneSampleP(x.AsSpan(0, design.Looks[k]), Alternative.Greater) < design.NominalAlphas[k])
                {
                    crossed++;
                    break;
                }
            }
        }
        return PowerEstimate.From(crossed, replications);
    }

    /// <summary>The one-sample t p-value against 0 without the interval <c>OneSampleTests.T</c> also computes (its t quantile is the slow part).</summary>
    internal static double OneSampleP(ReadOnlySpan<double> x, Alternative alternative)
    {
        var estimate = TwoSampleTests.OneSampleEstimate(x);
        return estimate.DegreesOfFreedom is { } df
            ? Tails.FromT(estimate.Difference / estimate.StandardError, df, alternative)
            : Tails.NoSpread(estimate.Difference, alternative, estimate.Extreme).PValue;
    }

    /// <summary>
    /// Share of experiments whose <see cref="StochasticOrder.ProbabilityOfImprovement"/> interval contains the true
    /// θ = Φ(Δ/√2), for A ~ N(Δ, 1) and B ~ N(0, 1) with n runs each.
    /// </summary>
    public static PowerEstimate ProbabilityOfImprovementCoverage(double delta, int n, double confidence, int replications, ulong seed)
    {
        var theta = MathNet.Numerics.Distributions.Normal.CDF(0, 1, delta / Math.Sqrt(2));
        var experiment = Independent(n, n, r => delta + Normal(r), Normal);
        var random = new SeededRandom(seed, stream: 0x504F_49);
        var covered = 0;
        for (var r = 0; r < replications; r++)
        {
            var (a, b) = experiment(random);
            if (StochasticOrder.ProbabilityOfImprovement(a, b, confidence).Interval.Contains(theta)) covered++;
        }
        return PowerEstimate.From(covered, replications);
    }

    /// <summary>
    /// Share of experiments in which A almost stochastically dominates B (ε_min &lt; τ), for A ~ N(Δ, 1) and
    /// B ~ N(0, 1) with n runs each: with Δ = 0 this is the rate of dominance claimed where there is none.
    /// </summary>
    public static PowerEstimate AlmostStochasticOrderRate(double delta, int n, int replications, ulong seed,
        double threshold = StochasticOrder.DefaultThreshold)
    {
        var experiment = Independent(n, n, r => delta + Normal(r), Normal);
        var random = new SeededRandom(seed, stream: 0x41_534F_52);
        var dominates = 0;
        for (var r = 0; r < replications; r++)
        {
            var (a, b) = experiment(random);
            if (StochasticOrder.AlmostStochasticOrder(a, b, seed: (ulong)r, threshold: threshold).ADominates) dominates++;
        }
        return PowerEstimate.From(dominates, replications);
    }

    static Experiment Independent(int nA, int nB, Func<SeededRandom, double> sampleA, Func<SeededRandom, double> sampleB) => random =>
    {
        var a = new double[nA];
        var b = new double[nB];
        for (var i = 0; i < nA; i++) a[i] = sampleA(random);
        for (var i = 0; i < nB; i++) b[i] = sampleB(random);
        return (a, b);
    };

    // Both arms share each seed's effect (same data split, same init), as paired runs do.
    static Experiment Paired(int n, double difference) => random =>
    {
        var a = new double[n];
        var b = new double[n];
        for (var i = 0; i < n; i++)
        {
            var seedEffect = 2 * Normal(random);
            a[i] = seedEffect + difference + Normal(random);
            b[i] = seedEffect + Normal(random);
        }
        return (a, b);
    };

    static Experiment PairedDifferences(int n, Func<SeededRandom, double> difference) => random =>
    {
        var a = new double[n];
        var b = new double[n];
        for (var i = 0; i < n; i++)
        {
            b[i] = Normal(random);
            a[i] = b[i] + difference(random);
        }
        return (a, b);
    };

    static double Normal(SeededRandom random) => Power.StandardNormal(random);

    static double Exponential(SeededRandom random) => -Math.Log(1 - random.NextDouble());

    static double Laplace(SeededRandom random) => (random.NextDouble() < 0.5 ? -1 : 1) * Exponential(random);

    static double LogNormal(SeededRandom random) => Math.Exp(0.5 * Normal(random));
}

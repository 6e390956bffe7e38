using MathNet.Numerics.Distributions;
using ReproSpec.Simulation;
using ReproSpec.Statistics;

namespace ReproSpec.Calibration;

/// <summary>Everything docs/calibration.md reports, computed once; the markdown is a pure function of it.</summary>
sealed record CalibrationReport(double Alpha, int Replications, IReadOnlyList<CalibrationResult> FixedN,
    IReadOnlyList<SequentialCalibration> Sequential, IReadOnlyList<TLevelRow> TLevels, IReadOnlyList<ClaimRow> Claims,
    ColasExample Colas, IReadOnlyList<DominanceRow> Dominance, TimeSpan ClaimTime);

/// <summary>A sequential design's one-sample/paired t error with normal-theory levels and with the simulated t levels.</summary>
sealed record TLevelRow(SequentialDesign Normal, SequentialDesign T, PowerEstimate NormalError, PowerEstimate TError);

/// <summary>A claim shape decided at its margin, both error rates.</summary>
sealed record ClaimRow(ClaimCalibrationCase Case, ClaimErrorRates Rates);

/// <summary>Coverage of the probability-of-improvement interval and ASO dominance rates at n seeds per arm.</summary>
sealed record DominanceRow(int Seeds, PowerEstimate CoverageNoEffect, PowerEstimate CoverageShift1,
    PowerEstimate AsoNoEffect, PowerEstimate AsoShift1);

/// <summary>Colas et al. (2018)'s example: type-II error of Welch's test with 5 seeds, analytic and simulated.</summary>
sealed record ColasExample(double MeanLow, double SdLow, double MeanHigh, double SdHigh, double Epsilon,
    IReadOnlyList<(int Seeds, double Beta, double ShiftedBeta, PowerEstimate Simulated)> Rows, SeedPlan Plan)
{
    // Summary statistics of data1/data2 shipped with github.com/flowersteam/rl-difference-testing (20 runs each).
    public static ColasExample Compute(int replications)
    {
        const double meanLow = 3649.020043223908, sdLow = 945.7728043543613;
        const double meanHigh = 4913.363358011769, sdHigh = 1387.8420677514603;
        const double epsilon = meanHigh - meanLow;
        var rows = new[] { 3, 5, 10, 15, 20 }.Select(n => (n,
            1 - Power.WelchPower(epsilon, sdHigh, sdLow, n, n, 0.05),
            ShiftedCentralT(epsilon, sdHigh, sdLow, n),
            Power.Simulate(Power.NormalSampler(epsilon, sdHigh), Power.NormalSampler(0, sdLow), n, n,
                (a, b) => TwoSampleTests.Welch(a, b).PValue, 0.05, replications, seed: 2018 + (ulong)n))).ToList();
        return new ColasExample(meanLow, sdLow, meanHigh, sdHigh, epsilon, rows,
            Power.SeedsNeeded(epsilon, sdHigh, sdLow, margin: 0, alpha: 0.05, power: 0.8));
    }

    // Colas et al.'s compute_beta(): β = T_ν(t_crit − ε/√((s1² + s2²)/n)), a central t shifted by the effect.
    static double ShiftedCentralT(double epsilon, double sd1, double sd2, int n)
    {
        var nu = Math.Pow(sd1 * sd1 + sd2 * sd2, 2) * (n - 1) / (Math.Pow(sd1, 4) + Math.Pow(sd2, 4));
        var shift = epsilon / Math.Sqrt((sd1 * sd1 + sd2 * sd2) / n);
        return StudentT.CDF(0, 1, nu, StudentT.InvCDF(0, 1, nu, 0.95) - shift);
    }
}

using MathNet.Numerics.Distributions;
using ReproSpec.Statistics;

namespace ReproSpec.Decisions;

/// <summary>How many seeds per arm would likely decide an undecided claim.</summary>
static class SeedPlanning
{
    const int Cap = 10_000;

    /// <summary>
    /// Seeds per arm for 80 % power at level α, taking the observed effect and spread as the truth
    /// (normal approximation, rounded up, plus one for the t distribution's heavier tails). Null when the
    /// observed effect sits exactly on the margin: no number of seeds is likely to decide it.
    /// </summary>
    public static int? SeedsToDecide(double[] a, double[]? b, double margin, double alpha, bool paired)
    {
        double effect, sd;
        if (b is null)
        {
            effect = Descriptive.Mean(a) - margin;
            sd = Math.Sqrt(Descriptive.Variance(a));
        }
        else if (paired)
        {
            var d = a.Zip(b, (x, y) => x - y).ToArray();
            effect = Descriptive.Mean(d) - margin;
            sd = Math.Sqrt(Descriptive.Variance(d));
        }
        else
        {
            effect = Descriptive.Mean(a) - Descriptive.Mean(b) - margin;
            sd = Math.Sqrt(Descriptive.Variance(a) + Descriptive.Variance(b));
        }
        if (effect == 0 || !double.IsFinite(effect)) return null;
        if (sd == 0) return a.Length;
        var z = Normal.InvCDF(0, 1, 1 - alpha) + Normal.InvCDF(0, 1, 0.8);
        var n = Math.Ceiling(Math.Pow(z * sd / Math.Abs(effect), 2)) + 1;
        return (int)Math.Min(Cap, Math.Max(2, n));
    }
}

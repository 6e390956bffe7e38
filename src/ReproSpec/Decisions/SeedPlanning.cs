using ReproSpec.Statistics;

namespace ReproSpec.Decisions;

/// <summary>How many seeds per arm would likely decide an undecided claim.</summary>
static class SeedPlanning
{
    const int Cap = 1_000;

    /// <summary>
    /// Seeds per arm for 80 % power at level α in the direction the observed effect points (for the claim when
    /// it lies beyond the margin, against it otherwise), taking the observed effect and spread as the truth
    /// (noncentral t, <see cref="Power.SeedsNeeded(double, double, double, double, double, double, int, Alternative)"/>).
    /// Paired and one-sample designs are planned on their differences (a Welch test with one arm of zero spread
    /// has exactly their n − 1 degrees of freedom). Null when the effect sits on the margin or needs more than 1,000 seeds.
    /// </summary>
    public static int? SeedsToDecide(double[] a, double[]? b, double margin, double alpha, bool paired)
    {
        double delta, sdA, sdB;
        if (b is null)
        {
            (delta, sdA, sdB) = (Descriptive.Mean(a), Math.Sqrt(Descriptive.Variance(a)), 0);
        }
        else if (paired)
        {
            var d = a.Zip(b, (x, y) => x - y).ToArray();
            (delta, sdA, sdB) = (Descriptive.Mean(d), Math.Sqrt(Descriptive.Variance(d)), 0);
        }
        else
        {
            (delta, sdA, sdB) = (Descriptive.Mean(a) - Descriptive.Mean(b), Math.Sqrt(Descriptive.Variance(a)), Math.Sqrt(Descriptive.Variance(b)));
        }
        if (delta == margin || !double.IsFinite(delta)) return null;
        var direction = delta > margin ? Alternative.Greater : Alternative.Less;
        return Power.SeedsNeeded(delta, sdA, sdB, margin, alpha, power: 0.8, maxSeeds: Cap, direction).SeedsPerArm;
    }
}

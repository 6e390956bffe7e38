namespace ReproSpec.Tests.Statistics;

/// <summary>The bar every seeded simulation of a decision rule is held to: an error rate at most α + 3 Monte-Carlo standard errors.</summary>
static class MonteCarloBar
{
    /// <summary>The level the simulations decide at.</summary>
    public const double Alpha = 0.05;

    /// <summary>α + 3·√(α(1 − α)/R): the largest error rate R replications may show when the true rate is α.</summary>
    public static double Allowance(int replications, double alpha = Alpha) => alpha + 3 * Math.Sqrt(alpha * (1 - alpha) / replications);
}

using MathNet.Numerics.Distributions;

namespace ReproSpec.Statistics;

/// <summary>One-sided group-sequential boundaries from an α-spending sequence, by recursive numerical integration.</summary>
/// <remarks>
/// Under H0 the score S_k = Z_k √t_k is Brownian motion in the information fraction t, so its density on the
/// continuation region of look k is the previous density convolved with a N(0, t_k − t_{k−1}) increment
/// (Armitage, McPherson and Rowe 1969). Each boundary c_k solves
/// P(Z_1 &lt; c_1, ..., Z_{k−1} &lt; c_{k−1}, Z_k ≥ c_k) = α(t_k) − α(t_{k−1}). Integrals use composite Simpson on a grid
/// whose step is a 24th of the smaller of the next increment's and the current look's standard deviation, truncated
/// 8.5 standard deviations below zero (mass lost ≈ 1e−17).
/// </remarks>
internal static class GroupSequentialBoundaries
{
    const double LowerTail = 8.5;
    const double StepsPerSd = 24;
    const double KernelReach = 9;

    public static double[] OneSided(IReadOnlyList<double> fractions, IReadOnlyList<double> cumulativeAlpha)
    {
        var looks = fractions.Count;
        var z = new double[looks];
        z[0] = FirstBoundary(cumulativeAlpha[0]);
        if (looks == 1) return z;

        var grid = Grid.Build(fractions[0], z[0], Math.Sqrt(fractions[1] - fractions[0]));
        for (var i = 0; i < grid.Points.Length; i++)
            grid.Density[i] = NormalDensity(grid.Points[i], Math.Sqrt(fractions[0]));

        for (var k = 1; k < looks; k++)
        {
            var sd = Math.Sqrt(fractions[k] - fractions[k - 1]);
            var rootT = Math.Sqrt(fractions[k]);
            var target = cumulativeAlpha[k] - cumulativeAlpha[k - 1];
            z[k] = target <= 0 ? double.PositiveInfinity : SolveBoundary(grid, sd, rootT, target);
            if (k == looks - 1) break;

            var next = Grid.Build(fractions[k], z[k], Math.Sqrt(fractions[k + 1] - fractions[k]));
            Convolve(grid, next, sd);
            grid = next;
        }
        return z;
    }

    static double FirstBoundary(double alpha) =>
        alpha <= 0 ? double.PositiveInfinity : -Normal.InvCDF(0, 1, alpha);

    /// <summary>Finds c with P(continue so far, then Z_k ≥ c) = target; the crossing probability falls as c rises.</summary>
    static double SolveBoundary(Grid previous, double sd, double rootT, double target)
    {
        double Crossing(double c)
        {
            var sum = 0.0;
            for (var i = 0; i < previous.Points.Length; i++)
                sum += previous.Weights[i] * previous.Density[i] * Normal.CDF(0, 1, (previous.Points[i] - c * rootT) / sd);
            return sum;
        }

        double lo = -10, hi = 40;
        if (Crossing(hi) > target) return hi; // beyond any realistic design; keeps the loop bounded
        while (hi - lo > 1e-10)
        {
            var mid = (lo + hi) / 2;
            if (Crossing(mid) > target) lo = mid; else hi = mid;
        }
        return (lo + hi) / 2;
    }

    /// <summary>Density of S_k on <paramref name="next"/> from the density of S_{k−1} on <paramref name="previous"/>.</summary>
    static void Convolve(Grid previous, Grid next, double sd)
    {
        // The Gaussian kernel is negligible beyond 9 sd, so only the band of previous points within reach is summed.
        var reach = KernelReach * sd;
        var start = 0;
        for (var j = 0; j < next.Points.Length; j++)
        {
            var s = next.Points[j];
            while (start < previous.Points.Length && previous.Points[start] < s - reach) start++;
            var sum = 0.0;
            for (var i = start; i < previous.Points.Length && previous.Points[i] <= s + reach; i++)
                sum += previous.Weights[i] * previous.Density[i] * NormalDensity(s - previous.Points[i], sd);
            next.Density[j] = sum;
        }
    }

    static double NormalDensity(double x, double sd) => Math.Exp(-0.5 * (x / sd) * (x / sd)) / (sd * Math.Sqrt(2 * Math.PI));

    /// <summary>Simpson grid on the continuation region (−8.5√t, c√t] of one look, fine enough for the next increment.</summary>
    sealed class Grid
    {
        public required double[] Points { get; init; }
        public required double[] Weights { get; init; }
        public required double[] Density { get; init; }

        public static Grid Build(double t, double boundary, double nextSd)
        {
            var rootT = Math.Sqrt(t);
            var lower = -LowerTail * rootT;
            var upper = double.IsPositiveInfinity(boundary) ? LowerTail * rootT : Math.Min(boundary, 40) * rootT;
            var step = Math.Min(nextSd, rootT) / StepsPerSd;
            var intervals = Math.Max(64, (int)Math.Ceiling((upper - lower) / step));
            if (intervals % 2 == 1) intervals++;
            var h = (upper - lower) / intervals;
            var points = new double[intervals + 1];
            var weights = new double[intervals + 1];
            for (var i = 0; i <= intervals; i++)
            {
                points[i] = lower + i * h;
                weights[i] = h / 3 * (i == 0 || i == intervals ? 1 : i % 2 == 1 ? 4 : 2);
            }
            return new Grid { Points = points, Weights = weights, Density = new double[intervals + 1] };
        }
    }
}

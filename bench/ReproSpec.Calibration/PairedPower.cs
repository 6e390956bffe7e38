using ReproSpec.Simulation;
using ReproSpec.Claims;
using ReproSpec.Statistics;

namespace ReproSpec.Calibration;

/// <summary>
/// What the default paired test costs in power (issue #25): Beats at margin 0, normal per-seed differences with a
/// standardised effect of 0.5, 1 and 1.5, fixed 5, 10, 20 and 40 seeds, under the default (the skew-robust paired t)
/// and the waiver Test = TestKind.PairedT, decided through <see cref="ClaimSimulation"/>; prints Markdown rows.
/// </summary>
static class PairedPower
{
    public static int Measure(int replications)
    {
        Console.WriteLine("| Seeds | Effect (mean / sd of the differences) | Default: skew-robust paired t | Waiver: Test = TestKind.PairedT |");
        Console.WriteLine("| --- | --- | --- | --- |");
        var a = ClaimSimulation.Arm("A");
        var b = ClaimSimulation.Arm("B");
        foreach (var n in new[] { 5, 10, 20, 40 })
        foreach (var effect in new[] { 0.5, 1.0, 1.5 })
        {
            IReadOnlyDictionary<string, SimulatedRun[]> Sample(SeededRandom r, int seeds)
            {
                double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
                var baseline = Enumerable.Range(0, seeds).Select(_ => Gaussian()).ToArray();
                return new Dictionary<string, SimulatedRun[]>
                {
                    ["A"] = [.. baseline.Select(v => new SimulatedRun(v + effect + Gaussian()))],
                    ["B"] = [.. baseline.Select(v => new SimulatedRun(v))],
                };
            }
            var settings = new ClaimSettings { MinSeeds = n, MaxSeeds = n };
            var claim = new BeatsClaim(a, b, Metric.Named("score"));
            var robust = ClaimSimulation.Run(claim, settings, "score", Sample, replications, seed: 31);
            var t = ClaimSimulation.Run(claim, settings with { Test = TestKind.PairedT }, "score", Sample, replications, seed: 31);
            Console.WriteLine($"| {n} | {effect:0.0} | {robust.Supported.Power:0.000} | {t.Supported.Power:0.000} |");
        }
        return 0;
    }
}

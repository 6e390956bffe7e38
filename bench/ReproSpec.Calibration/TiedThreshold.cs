using ReproSpec.Simulation;
using System.Diagnostics;
using ReproSpec.Claims;
using ReproSpec.Statistics;

namespace ReproSpec.Calibration;

/// <summary>
/// Times one fixed-n IsAtLeast(0.95) decision on 32, 36 and 40 seeds of accuracy on 30 items (tied values: the case
/// whose sign-flip enumeration took 0.29 GB at 32 seeds and more than 5.6 GB at 36), median of 5 after a warm-up,
/// with the bytes the decision allocated; prints Markdown rows.
/// </summary>
static class TiedThreshold
{
    public static int Measure()
    {
        Console.WriteLine("| Seeds | Claim | Verdict | Test | Median time | Allocated |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        // The default (the betting test on [0, 1]) and the waiver, whose tied values take the exact sign-flip path.
        foreach (var waived in new[] { false, true })
        foreach (var n in new[] { 32, 36, 40 })
        {
            var random = new SeededRandom(7, stream: (ulong)n);
            var values = Enumerable.Range(0, n).Select(_ => Math.Min(30, 30 - (int)Math.Floor(-Math.Log(random.NextDouble()) * 1.2)) / 30.0).ToArray();
            var arm = ClaimSimulation.Arm("A");
            var claim = new ThresholdClaim(arm, Metric.Named("accuracy"), 0.95, AtLeast: true, AssumingNearNormal: waived);
            var settings = new ClaimSettings { MinSeeds = n, MaxSeeds = n };
            var runs = new Dictionary<string, SimulatedRun[]> { ["A"] = [.. values.Select(v => new SimulatedRun(v))] };
            var outcome = ClaimSimulation.Decide(claim, settings, "accuracy", runs);
            var times = new List<double>();
            long allocated = 0;
            for (var i = 0; i < 5; i++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var clock = Stopwatch.StartNew();
                ClaimSimulation.Decide(claim, settings, "accuracy", runs);
                times.Add(clock.Elapsed.TotalSeconds);
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }
            times.Sort();
            Console.WriteLine(FormattableString.Invariant($"| {n} | IsAtLeast(0.95){(waived ? ".AssumingNearNormal()" : "")} | {outcome.Verdict} | {outcome.Test!.Test} | {times[2]:0.000} s | {allocated / 1e6:0.0} MB |"));
        }
        return 0;
    }
}

using ReproSpec.Claims;
using ReproSpec.Cli.Comparisons;
using ReproSpec.Cli.Input;
using ReproSpec.Simulation;
using ReproSpec.Statistics;

namespace ReproSpec.Tests.Cli;

/// <summary>
/// Issue #23/#25: `reprospec compare` decides through the kernel a claim decides with (Decisions/Comparisons.cs): the
/// same p-values, interval, effect sizes and verdict from both paths, for every test kind.
/// </summary>
public class CompareParityTests
{
    static readonly Arm A = ClaimSimulation.Arm("A");
    static readonly Arm B = ClaimSimulation.Arm("B");

    static IEnumerable<TestCaseData> Kinds() =>
        from kind in new[] { TestKind.Welch, TestKind.Student, TestKind.PairedT, TestKind.SkewRobustPairedT, TestKind.MannWhitney, TestKind.Wilcoxon, TestKind.Permutation }
        from tied in new[] { false, true }
        select new TestCaseData(kind, tied).SetArgDisplayNames($"{kind} {(tied ? "tied" : "continuous")}");

    [TestCaseSource(nameof(Kinds))]
    public void Compare_and_a_claim_give_the_same_numbers_and_verdict(TestKind kind, bool tied)
    {
        var random = new SeededRandom(25, stream: (ulong)kind * 2 + (tied ? 1UL : 0));
        const int n = 12;
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        double Draw(double mean) => tied ? Math.Round((mean + 0.02 * Gaussian()) * 100) / 100 : mean + 0.02 * Gaussian();
        var a = Enumerable.Range(0, n).Select(_ => Draw(0.915)).ToArray();
        var b = Enumerable.Range(0, n).Select(_ => Draw(0.9)).ToArray();
        const double margin = 0.002, alpha = 0.05;

        var claim = ClaimSimulation.Decide(new BeatsClaim(A, B, Metric.Named("acc"), margin),
            new ClaimSettings { MinSeeds = n, MaxSeeds = n, Test = kind, Alpha = alpha }, "acc",
            new Dictionary<string, SimulatedRun[]> { ["A"] = [.. a.Select(v => new SimulatedRun(v))], ["B"] = [.. b.Select(v => new SimulatedRun(v))] });
        int[] seeds = [.. Enumerable.Range(0, n)];
        var tableA = new RunTable("a.csv", "acc", a, seeds);
        var tableB = new RunTable("b.csv", "acc", b, seeds);
        var name = Compare.Tests.Single(t => t != Compare.Aso && Compare.Kind(t) == kind);
        // A claim prints its interval at 1 − 2α (the one-sided bounds it is judged by); compare at 1 − α.
        var atAlpha = Compare.Run(tableA, tableB, new ComparisonRequest(name, Alternative.Greater, margin, alpha, Seed: 20260101));
        var atTwoAlpha = Compare.Run(tableA, tableB, new ComparisonRequest(name, Alternative.Greater, margin, 2 * alpha, Seed: 20260101));
        Assert.Multiple(() =>
        {
            Assert.That(atAlpha.Result!.Test, Is.EqualTo(claim.Test!.Test));
            Assert.That(atAlpha.Result.PValue, Is.EqualTo(claim.PSupport), "p for");
            Assert.That(atAlpha.PRefute, Is.EqualTo(claim.PRefute), "p against");
            Assert.That(atAlpha.Result.Statistic, Is.EqualTo(claim.Test.Statistic));
            Assert.That(atAlpha.Result.Estimate, Is.EqualTo(claim.Test.Estimate));
            Assert.That(atTwoAlpha.Result!.DifferenceInterval, Is.EqualTo(claim.Test.DifferenceInterval), "interval at 1 − 2α");
            Assert.That(atAlpha.HedgesG, Is.EqualTo(claim.Effects["hedges_g"]));
            Assert.That(atAlpha.CliffsDelta, Is.EqualTo(claim.Effects["cliffs_delta"]));
            Assert.That(atAlpha.A12, Is.EqualTo(claim.Effects["a12"]));
            Assert.That(atAlpha.Verdict, Is.EqualTo(claim.Verdict), $"p for {claim.PSupport:G3}, against {claim.PRefute:G3}");
        });
    }
}

using ReproSpec.Claims;
using ReproSpec.Statistics;
using ReproSpec.Store;

namespace ReproSpec.Decisions;

/// <summary>A claim shape at the margin of its null, with a design: both Supported and Refuted are errors there.</summary>
/// <param name="Shape">The claim shape, e.g. "Beats (paired t)".</param>
/// <param name="Setting">What the simulated runs are, e.g. "normal, seed effect sd 2, noise sd 1, δ = 0.5, true difference 0.5".</param>
/// <param name="Claim">The declared claim, on <see cref="ClaimSimulation.Arm"/> arms.</param>
/// <param name="Settings">Its design.</param>
/// <param name="Metric">The metric the sampler's values are reported as.</param>
/// <param name="Sampler">Runs at the margin.</param>
public sealed record ClaimCalibrationCase(string Shape, string Setting, ClaimDeclaration Claim, ClaimSettings Settings, string Metric,
    ReplicationSampler Sampler)
{
    /// <summary>"fixed 10 seeds" or "3 → 15 by 3, O'Brien–Fleming".</summary>
    public string Design => Settings.IsSequential
        ? $"{Settings.MinSeeds} → {Settings.MaxSeeds} by {Settings.Batch}, {ClaimSettings.SpendingName(Settings.SpendingUsed)}"
        : $"fixed {Settings.MinSeeds} seeds";
}

/// <summary>
/// Every claim shape at the margin of its null under the shipped claims' designs (and the designs issue #13 found
/// anti-conservative), including discrete metrics: the rows of docs/calibration.md's claim table.
/// </summary>
public static class ClaimCalibration
{
    static readonly Arm A = ClaimSimulation.Arm("A");
    static readonly Arm B = ClaimSimulation.Arm("B");
    static readonly Arm C = ClaimSimulation.Arm("C");
    static readonly Metric Score = Metric.Named("score");

    static ClaimSettings Fixed(int n) => new() { MinSeeds = n, MaxSeeds = n };

    static ClaimSettings Looks(int min, int max, int batch, SpendingFunction spending = SpendingFunction.OBrienFleming) =>
        new() { MinSeeds = min, MaxSeeds = max, Batch = batch, Spending = spending };

    /// <summary>The shipped claims' designs: fixed 5 and 10 seeds, 3 → 12 and 3 → 15 by 3, 5 → 20 by 5 (all O'Brien–Fleming).</summary>
    public static IReadOnlyList<ClaimSettings> ShippedDesigns { get; } = [Fixed(5), Fixed(10), Looks(3, 12, 3), Looks(3, 15, 3), Looks(5, 20, 5)];

    /// <summary>Designs issue #13 measured above α for paired t with normal-theory levels.</summary>
    public static IReadOnlyList<ClaimSettings> SmallSampleDesigns { get; } =
        [Fixed(3), Looks(3, 20, 3, SpendingFunction.Pocock), Looks(2, 20, 1, SpendingFunction.Pocock), Looks(5, 20, 5, SpendingFunction.Pocock)];

    public static IReadOnlyList<ClaimCalibrationCase> Cases()
    {
        var cases = new List<ClaimCalibrationCase>();
        const string pairedSetting = "normal, seed effect sd 2, noise sd 1, δ = 0.5, true difference 0.5";
        foreach (var design in ShippedDesigns.Concat(SmallSampleDesigns))
            cases.Add(new("Beats (paired t, default)", pairedSetting, new BeatsClaim(A, B, Score, 0.5), design, "score", PairedNormal(0.5)));
        foreach (var design in ShippedDesigns.Prepend(Fixed(3)))
            cases.Add(new("Beats (paired t, default)", AccuracySetting, new BeatsClaim(A, B, Score), design, "score",
                Accuracies(("A", 0.9), ("B", 0.9))));
        foreach (var design in new[] { Fixed(10), Looks(3, 15, 3) })
            cases.Add(new("Beats (paired t, default)", "both arms 28/30 or 29/30 with probability ½, δ = 0", new BeatsClaim(A, B, Score), design, "score",
                TwoPoint("A", "B")));
        foreach (var (test, design) in new[] { (TestKind.Welch, Fixed(5)), (TestKind.Welch, Looks(5, 20, 5)), (TestKind.Student, Fixed(10)),
                     (TestKind.MannWhitney, Fixed(10)), (TestKind.Wilcoxon, Fixed(10)), (TestKind.Permutation, Fixed(5)) })
            cases.Add(new($"Beats ({TestName(test)})", AccuracySetting, new BeatsClaim(A, B, Score), design with { Test = test }, "score",
                Accuracies(("A", 0.9), ("B", 0.9))));
        foreach (var design in new[] { Fixed(5), Looks(5, 20, 5), Looks(2, 20, 1, SpendingFunction.Pocock) })
            cases.Add(new("Beats (Welch)", "normal, sd 1 and 2, δ = 0.5, true difference 0.5", new BeatsClaim(A, B, Score, 0.5), design with { Test = TestKind.Welch },
                "score", Independent(("A", 0.5, 1), ("B", 0, 2))));
        cases.Add(new("NotWorse (paired t)", "normal, seed effect sd 2, noise sd 1, tolerance 0.5, true difference −0.5",
            new NotWorseClaim(A, B, Score, 0.5), Looks(5, 20, 5), "score", PairedNormal(-0.5)));
        foreach (var design in new[] { Fixed(3), Fixed(10), Fixed(15), Looks(3, 15, 3), Looks(5, 20, 5) })
            cases.Add(new("IsAtLeast (one-sample t)", "issue #13's example: 28/30 or 29/30 with probability ½, bound 0.95",
                new ThresholdClaim(A, Score, 0.95, AtLeast: true), design, "score", TwoPoint("A")));
        foreach (var design in new[] { Fixed(10), Looks(3, 12, 3), Looks(5, 20, 5) })
            cases.Add(new("IsAtLeast (one-sample t)", "accuracy on 30 test items, true 0.9, bound 0.9",
                new ThresholdClaim(A, Score, 0.9, AtLeast: true), design, "score", Accuracies(("A", 0.9))));
        foreach (var design in new[] { Fixed(10), Looks(5, 20, 5) })
            cases.Add(new("IsAtMost (one-sample t)", "accuracy on 30 test items, true 0.9, bound 0.9",
                new ThresholdClaim(A, Score, 0.9, AtLeast: false), design, "score", Accuracies(("A", 0.9))));
        // Outside the guarantee (docs/statistics.md, "Discrete metrics"): a skewed lattice null, measured so the doc can say how far off it is.
        foreach (var design in new[] { Fixed(10), Fixed(20) })
            cases.Add(new("IsAtLeast (one-sample t)", SkewedSetting, new ThresholdClaim(A, Score, 0.92, AtLeast: true), design, "score", Skewed()));
        cases.Add(new("IsAtLeast (one-sample t)", "normal sd 1, bound 0, true mean 0", new ThresholdClaim(A, Score, 0, AtLeast: true),
            Looks(2, 20, 1, SpendingFunction.Pocock), "score", Independent(("A", 0, 1))));
        cases.Add(new("IsAtMost (one-sample t)", "normal sd 1, bound 0, true mean 0", new ThresholdClaim(A, Score, 0, AtLeast: false),
            Looks(3, 15, 3), "score", Independent(("A", 0, 1))));
        foreach (var design in new[] { Fixed(10), Looks(5, 20, 5) })
            cases.Add(new("InFractionOfSeeds (binomial)", "normal sd 1, bound 0, in 50 % of seeds (true share 0.5)",
                new ThresholdClaim(A, Score, 0, AtLeast: true, SeedFraction: 0.5), design, "score", Independent(("A", 0, 1))));
        foreach (var design in new[] { Fixed(10), Looks(5, 20, 5) })
            cases.Add(new("IsEquivalentTo (TOST, paired t)", "normal, seed effect sd 2, noise sd 1, tolerance 0.5, true difference 0.5",
                new EquivalenceClaim(A, B, Score, 0.5), design, "score", PairedNormal(0.5)));
        cases.Add(new("Reproduces (TOST vs summary)", "ours normal sd 0.006, reported 0.92625 ± 0.0061 (n = 20), tolerance 0.01, true difference 0.01",
            new ReproducesClaim(A, Score, new ReportedResult(0.92625, 0.0061, 20, "PyTorch peer"), 0.01), Fixed(10), "score", Independent(("A", 0.93625, 0.006))));
        cases.Add(new("Reproduces (TOST vs summary)", "ours normal sd 0.03, reported 0.953 ± 0.051 (n = 5), tolerance 0.05, true difference 0.05",
            new ReproducesClaim(A, Score, new ReportedResult(0.953, 0.051, 5, "iris"), 0.05), Fixed(10), "score", Independent(("A", 1.003, 0.03))));
        foreach (var design in new[] { Fixed(10), Looks(5, 20, 5) })
            cases.Add(new("BeatsOnMostSeeds (binomial)", "A wins a seed with probability 0.6, claim 0.6",
                new StableClaim(A, B, Score, 0.6), design, "score", Wins(0.6)));
        // 0.8¹⁴ = 0.044 < α ≤ 0.8¹³: 14 seeds is the fewest at which "diverges at most 20 %" can be Supported (a declaration error below).
        foreach (var design in new[] { Fixed(14), Looks(5, 20, 5) })
            cases.Add(new("DivergesAtMost (binomial)", "each run diverges with probability 0.2, claim 0.2",
                new DivergenceClaim(A, 0.2), design, "score", Diverging(0.2)));
        foreach (var design in new[] { Fixed(5), Looks(3, 15, 3), Looks(5, 20, 5) })
            cases.Add(new("Ranks A > B > C (paired t, Holm over designs)", "three arms with equal means, seed effect sd 2, noise sd 1",
                new RanksClaim([A, B, C], Score), design, "score", PairedArms(("A", 0), ("B", 0), ("C", 0))));
        foreach (var design in new[] { Fixed(10), Looks(5, 20, 5) })
        {
            var across = new HoldsAcrossClaim([.. new[] { "x", "y", "z" }.Select(c =>
                (c, (ClaimDeclaration)new ThresholdClaim(ClaimSimulation.Arm(c), Score, 0, AtLeast: true)))]);
            cases.Add(new("HoldsAcross 3 × IsAtLeast (one-sample t)", "three conditions, each normal sd 1 at its bound 0",
                across, design, "score", Independent(("x", 0, 1), ("y", 0, 1), ("z", 0, 1))));
        }
        return cases;
    }

    static double Normal(SeededRandom random) => Power.StandardNormal(random);

    static SimulatedRun[] Draw(int n, Func<SimulatedRun> draw) => [.. Enumerable.Range(0, n).Select(_ => draw())];

    // Runs of one seed share a seed effect (same split, same initialisation): paired by design, as claims' arms are.
    static ReplicationSampler PairedNormal(double difference) => PairedArms(("A", difference), ("B", 0));

    static ReplicationSampler PairedArms(params (string Arm, double Mean)[] arms) => (random, n) =>
    {
        var runs = arms.ToDictionary(a => a.Arm, _ => new SimulatedRun[n]);
        for (var seed = 0; seed < n; seed++)
        {
            var effect = 2 * Normal(random);
            foreach (var (arm, mean) in arms) runs[arm][seed] = new SimulatedRun(effect + mean + Normal(random));
        }
        return runs;
    };

    static ReplicationSampler Independent(params (string Arm, double Mean, double Sd)[] arms) => (random, n) =>
        arms.ToDictionary(a => a.Arm, a => Draw(n, () => new SimulatedRun(a.Mean + a.Sd * Normal(random))));

    /// <summary>Test accuracy on 30 items: a binomial count over 30, so seeds share few values and often tie.</summary>
    static ReplicationSampler Accuracies(params (string Arm, double P)[] arms) => (random, n) =>
        arms.ToDictionary(a => a.Arm, a => Draw(n, () =>
        {
            var correct = 0;
            for (var i = 0; i < 30; i++)
            {
                if (random.NextDouble() < a.P) correct++;
            }
            return new SimulatedRun(correct / 30.0);
        }));

    /// <summary>Seeds scoring 28/30 or 29/30 with probability ½ each (every arm independently).</summary>
    static ReplicationSampler TwoPoint(params string[] arms) => (random, n) =>
        arms.ToDictionary(a => a, _ => Draw(n, () => new SimulatedRun(random.NextDouble() < 0.5 ? 28 / 30.0 : 29 / 30.0)));

    /// <summary>A skewed two-point metric: 0.9 with probability 0.8, 1.0 with 0.2 (mean 0.92).</summary>
    static ReplicationSampler Skewed() => (random, n) =>
        new Dictionary<string, SimulatedRun[]> { ["A"] = Draw(n, () => new SimulatedRun(random.NextDouble() < 0.8 ? 0.9 : 1.0)) };

    /// <summary>The setting of the rows outside the sign-flip guarantee: a skewed null, where no test of the mean is exact at small n.</summary>
    public const string SkewedSetting = "skewed (outside the guarantee): 0.9 with probability 0.8, 1.0 with 0.2, bound = mean 0.92";

    const string AccuracySetting = "accuracy on 30 test items, both arms 0.9, δ = 0";

    static string TestName(TestKind test) => test switch
    {
        TestKind.Welch => "Welch",
        TestKind.Student => "Student",
        TestKind.MannWhitney => "Mann–Whitney",
        TestKind.Wilcoxon => "Wilcoxon",
        TestKind.Permutation => "permutation",
        _ => test.ToString(),
    };

    static ReplicationSampler Wins(double p) => (random, n) =>
        new Dictionary<string, SimulatedRun[]>
        {
            ["A"] = Draw(n, () => new SimulatedRun(random.NextDouble() < p ? 1 : -1)),
            ["B"] = Draw(n, () => new SimulatedRun(0)),
        };

    static ReplicationSampler Diverging(double rate) => (random, n) =>
        new Dictionary<string, SimulatedRun[]>
        {
            ["A"] = Draw(n, () => random.NextDouble() < rate ? new SimulatedRun(double.NaN, RunStatus.Diverged) : new SimulatedRun(Normal(random))),
        };
}

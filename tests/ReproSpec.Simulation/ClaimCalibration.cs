using ReproSpec.Claims;
using ReproSpec.Statistics;
using ReproSpec.Store;

namespace ReproSpec.Simulation;

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

    /// <summary>The shipped claims' designs: fixed 5, 10 and 15 seeds, 3 → 12 and 3 → 15 by 3, 5 → 10 and 5 → 20 by 5 (all O'Brien–Fleming).</summary>
    public static IReadOnlyList<ClaimSettings> ShippedDesigns { get; } =
        [Fixed(5), Fixed(10), Fixed(15), Looks(3, 12, 3), Looks(3, 15, 3), Looks(5, 10, 5), Looks(5, 20, 5)];

    /// <summary>Designs issue #13 measured above α for paired t with normal-theory levels.</summary>
    public static IReadOnlyList<ClaimSettings> SmallSampleDesigns { get; } =
        [Fixed(3), Looks(3, 20, 3, SpendingFunction.Pocock), Looks(2, 20, 1, SpendingFunction.Pocock), Looks(5, 20, 5, SpendingFunction.Pocock)];

    public static IReadOnlyList<ClaimCalibrationCase> Cases()
    {
        var cases = new List<ClaimCalibrationCase>();
        const string pairedSetting = "normal, seed effect sd 2, noise sd 1, δ = 0.5, true difference 0.5";
        foreach (var design in ShippedDesigns.Concat(SmallSampleDesigns))
            cases.Add(new("Beats (skew-robust paired t, default)", pairedSetting, new BeatsClaim(A, B, Score, 0.5), design, "score", PairedNormal(0.5)));
        foreach (var design in ShippedDesigns.Prepend(Fixed(3)))
            cases.Add(new("Beats (skew-robust paired t, default)", AccuracySetting, new BeatsClaim(A, B, Score), design, "score",
                Accuracies(("A", 0.9), ("B", 0.9))));
        foreach (var design in new[] { Fixed(10), Looks(3, 15, 3) })
            cases.Add(new("Beats (skew-robust paired t, default)", "both arms 28/30 or 29/30 with probability ½, δ = 0", new BeatsClaim(A, B, Score), design, "score",
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
        // A skewed lattice null (shares of 10 items: one item missed with probability 0.8), outside the sign-flip test's
        // guarantee and inside the binomial bound's (docs/statistics.md, "Skewed discrete metrics").
        foreach (var design in new[] { Fixed(10), Fixed(20) })
            cases.Add(new("IsAtLeast (one-sample, binomial bound)", SkewedSetting, new ThresholdClaim(A, Score, 0.92, AtLeast: true), design, "score", Skewed()));
        cases.AddRange(SkewedAccuracyCases());
        cases.AddRange(BoundedCases());
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
        // PyTorchCrossFramework: Welch on two frameworks' independent runs, fixed 10.
        cases.Add(new("IsEquivalentTo (TOST, Welch)", "normal, sd 1 and 0.8, tolerance 0.5, true difference 0.5",
            new EquivalenceClaim(A, B, Score, 0.5), Fixed(10) with { Test = TestKind.Welch }, "score", Independent(("A", 0.5, 1), ("B", 0, 0.8))));
        cases.Add(new("Reproduces (TOST vs summary)", "ours normal sd 0.006, reported 0.92625 ± 0.0061 (n = 20), tolerance 0.01, true difference 0.01",
            new ReproducesClaim(A, Score, new ReportedResult(0.92625, 0.0061, 20, "PyTorch peer"), 0.01), Fixed(10), "score", Independent(("A", 0.93625, 0.006))));
        cases.Add(new("Reproduces (TOST vs summary)", "ours normal sd 0.03, reported 0.953 ± 0.051 (n = 5), tolerance 0.05, true difference 0.05",
            new ReproducesClaim(A, Score, new ReportedResult(0.953, 0.051, 5, "iris"), 0.05), Fixed(10), "score", Independent(("A", 1.003, 0.03))));
        // KeskarEtAl2017: 98.03 % ± 0.07 % (n = 5) within 0.5 pp, fixed 5 seeds; ours accuracy on MNIST's 10,000 test
        // images (shares of 10,000 items, so the binomial bound applies) with seed spread 0.0027, at either margin.
        var keskar = new ReportedResult(0.9803, 0.0007, 5, "Keskar et al. 2017");
        foreach (var sign in new[] { -1.0, +1.0 })
            cases.Add(new("Reproduces (TOST vs summary, binomial bound)", $"ours accuracy on 10,000 items, sd 0.0027 over seeds, reported 0.9803 ± 0.0007 (n = 5), tolerance 0.005, true difference {sign * 0.005:+0.000;−0.000}",
                new ReproducesClaim(A, Score, keskar, 0.005), Fixed(5), "score", Shares(10_000, ("A", keskar.Mean + sign * 0.005, 0.0027))));
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
        cases.Add(KingmaLikeFamily());
        cases.Add(HeLikeFamily());
        return cases;
    }

    /// <summary>
    /// KingmaBa2015's shape: one method against five baselines (HoldsAcross × Beats, paired t, lower is better), 5 → 20
    /// by 5; every pair at the margin (equal means, all arms sharing a seed effect).
    /// </summary>
    static ClaimCalibrationCase KingmaLikeFamily()
    {
        var loss = Metric.Lower("loss");
        var baselines = Enumerable.Range(1, 5).Select(i => $"b{i}").ToArray();
        var across = new HoldsAcrossClaim([.. baselines.Select(b =>
            (b, (ClaimDeclaration)new BeatsClaim(A, ClaimSimulation.Arm(b), loss)))]);
        return new("HoldsAcross 5 × Beats (paired t, lower is better)", "one arm against five, equal means, seed effect sd 2, noise sd 1",
            across, Looks(5, 20, 5), "loss", PairedArms([("A", 0), .. baselines.Select(b => (b, 0.0))]));
    }

    /// <summary>
    /// HeZhangRenSun2015's shape, fixed 15 seeds: "X is at most 0.2 in 80 % of seeds" AND "H beats X" (paired t), both
    /// members at their margins: P(X ≤ 0.2) = 0.8 and equal means.
    /// </summary>
    static ClaimCalibrationCase HeLikeFamily()
    {
        var x = ClaimSimulation.Arm("X");
        var h = ClaimSimulation.Arm("H");
        // X = seed effect (sd 2) + noise (sd 1) + m: sd √5, so P(X ≤ 0.2) = 0.8 at m = 0.2 − z₀.₈·√5.
        var mean = 0.2 - MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 0.8) * Math.Sqrt(5);
        var across = new HoldsAcrossClaim([
            ("near chance", new ThresholdClaim(x, Score, 0.2, AtLeast: false, SeedFraction: 0.8)),
            ("ahead", new BeatsClaim(h, x, Score)),
        ]);
        return new("HoldsAcross IsAtMost in 80 % of seeds AND Beats (paired t)", "P(X ≤ 0.2) = 0.8; H and X equal means, seed effect sd 2, noise sd 1",
            across, Fixed(15), "score", PairedArms(("X", mean), ("H", mean)));
    }

    /// <summary>Shares of <paramref name="items"/> items: a normal seed-to-seed value rounded to the lattice, as test accuracy on a fixed test set is.</summary>
    static ReplicationSampler Shares(int items, params (string Arm, double Mean, double Sd)[] arms) => (random, n) =>
        arms.ToDictionary(a => a.Arm, a => Draw(n, () => new SimulatedRun(Math.Clamp(Math.Round((a.Mean + a.Sd * Normal(random)) * items), 0, items) / items)));

    /// <summary>
    /// Accuracies near 100 %, the skewed discrete nulls of ML claims: accuracy on k test items (a binomial count over k)
    /// and a mostly perfect metric (1 with probability 0.7, 29/30 with 0.3), each claim at the true mean.
    /// </summary>
    public static IReadOnlyList<ClaimCalibrationCase> SkewedAccuracyCases()
    {
        var cases = new List<ClaimCalibrationCase>();
        void Threshold(bool atLeast, (string Setting, double Mean, ReplicationSampler Sampler) metric, params ClaimSettings[] designs)
        {
            foreach (var design in designs)
                cases.Add(new($"{(atLeast ? "IsAtLeast" : "IsAtMost")} (one-sample, binomial bound)", $"{metric.Setting}, bound = mean {metric.Mean:G3}",
                    new ThresholdClaim(A, Score, metric.Mean, atLeast), design, "score", metric.Sampler));
        }
        void Reproduction(double sign, (string Setting, double Mean, ReplicationSampler Sampler) metric, double sd, params ClaimSettings[] designs)
        {
            // The reported mean sits a tolerance (0.01) away, so ours is at the margin; 20 reported runs with ours' sd.
            var reported = new ReportedResult(metric.Mean - sign * 0.01, sd, 20, "peer");
            foreach (var design in designs)
                cases.Add(new("Reproduces (TOST vs summary, binomial bound)", $"ours {metric.Setting}, reported {reported.Mean:G3} ± {sd:G3} (n = 20), tolerance 0.01, true difference {sign * 0.01:+0.00;−0.00}",
                    new ReproducesClaim(A, Score, reported, 0.01), design, "score", metric.Sampler));
        }
        void Comparison(TestKind test, (string Setting, double Mean, ReplicationSampler Sampler) metric, params ClaimSettings[] designs)
        {
            foreach (var design in designs)
                cases.Add(new($"Beats ({(test == TestKind.Auto ? "skew-robust paired t, default" : TestName(test))})", $"both arms {metric.Setting}, δ = 0",
                    new BeatsClaim(A, B, Score), design with { Test = test }, "score", metric.Sampler));
        }
        var items30At97 = AccuracyOn(30, 0.97, "A", "B");
        var items30At99 = AccuracyOn(30, 0.99, "A", "B");
        var items150At99 = AccuracyOn(150, 0.99, "A", "B");
        var mostlyPerfect = MostlyPerfect("A", "B");
        Threshold(true, mostlyPerfect, Fixed(5), Fixed(10), Fixed(20), Looks(3, 15, 3));
        Threshold(true, items30At99, Fixed(5), Fixed(10), Looks(5, 20, 5));
        Threshold(true, items30At97, Fixed(10), Looks(3, 12, 3));
        Threshold(true, items150At99, Fixed(5), Fixed(10));
        Threshold(false, items30At97, Fixed(5), Fixed(20));
        Threshold(false, items30At99, Fixed(10));
        Threshold(false, mostlyPerfect, Looks(3, 15, 3));
        var sd30At99 = Math.Sqrt(0.99 * 0.01 / 30);
        Reproduction(+1, items30At99, sd30At99, Fixed(3), Fixed(5));
        Reproduction(-1, items30At99, sd30At99, Fixed(3), Fixed(5));
        Reproduction(-1, mostlyPerfect, Math.Sqrt(0.21) / 30, Fixed(5), Looks(3, 12, 3));
        Comparison(TestKind.Auto, mostlyPerfect, Fixed(10));
        Comparison(TestKind.Auto, items30At99, Looks(5, 20, 5));
        Comparison(TestKind.Welch, mostlyPerfect, Fixed(20), Looks(5, 20, 5));
        return cases;
    }

    /// <summary>
    /// The opt-in betting test (.Bounded(0, 1)) at the margin of nulls no default covers: a metric that fails a seed
    /// entirely now and then, the two-point {0, 1} metric, and the skewed rows of the default's table.
    /// </summary>
    public static IReadOnlyList<ClaimCalibrationCase> BoundedCases()
    {
        var cases = new List<ClaimCalibrationCase>();
        var unit = new ValueRange(0, 1);
        void Add(bool atLeast, (string Setting, double Mean, ReplicationSampler Sampler) metric, params ClaimSettings[] designs)
        {
            foreach (var design in designs)
                cases.Add(new($"{(atLeast ? "IsAtLeast" : "IsAtMost")} (Bounded [0, 1], betting)", $"{metric.Setting}, bound = mean {metric.Mean:G4}",
                    new ThresholdClaim(A, Score, metric.Mean, atLeast, Range: unit), design, "score", metric.Sampler));
        }
        Add(true, FailingSeeds("A"), Fixed(10), Fixed(20), Looks(5, 20, 5));
        Add(false, FailingSeeds("A"), Fixed(20));
        Add(true, ("0 or 1 (1 with probability 0.9)", 0.9, (random, n) =>
            new Dictionary<string, SimulatedRun[]> { ["A"] = Draw(n, () => new SimulatedRun(random.NextDouble() < 0.9 ? 1 : 0)) }), Fixed(20), Looks(3, 15, 3));
        Add(true, MostlyPerfect("A"), Fixed(20), Looks(5, 20, 5));
        Add(false, AccuracyOn(30, 0.97, "A"), Fixed(10));
        return cases;
    }

    /// <summary>A seed fails entirely (accuracy 0.1, chance on ten classes) with probability 0.1, and scores accuracy on 30 items at 0.99 otherwise.</summary>
    public static (string Setting, double Mean, ReplicationSampler Sampler) FailingSeeds(params string[] arms)
    {
        var (_, _, accurate) = AccuracyOn(30, 0.99, "ok");
        return ("a seed fails (0.1) with probability 0.1, else accuracy on 30 items at 0.99", 0.9 * 0.99 + 0.1 * 0.1, (random, n) =>
            arms.ToDictionary(a => a, _ => Draw(n, () => random.NextDouble() < 0.1 ? new SimulatedRun(0.1) : accurate(random, 1)["ok"][0])));
    }

    /// <summary>Accuracy on <paramref name="items"/> test items, each right with probability <paramref name="p"/>, for every arm.</summary>
    public static (string Setting, double Mean, ReplicationSampler Sampler) AccuracyOn(int items, double p, params string[] arms) =>
        ($"accuracy on {items} test items, true {p:G3}", p, (random, n) =>
            arms.ToDictionary(a => a, _ => Draw(n, () =>
            {
                var correct = 0;
                for (var i = 0; i < items; i++)
                {
                    if (random.NextDouble() < p) correct++;
                }
                return new SimulatedRun(correct / (double)items);
            })));

    /// <summary>A mostly perfect metric: 1 with probability 0.7, 29/30 with 0.3 (mean 0.99), for every arm.</summary>
    public static (string Setting, double Mean, ReplicationSampler Sampler) MostlyPerfect(params string[] arms) =>
        ("mostly perfect (1 w.p. 0.7, 29/30 w.p. 0.3)", 0.99, (random, n) =>
            arms.ToDictionary(a => a, _ => Draw(n, () => new SimulatedRun(random.NextDouble() < 0.7 ? 1 : 29 / 30.0))));

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

    /// <summary>The setting of the skewed two-point rows: outside the sign-flip test's guarantee, inside the binomial bound's (shares of 10 items).</summary>
    public const string SkewedSetting = "skewed: 0.9 with probability 0.8, 1.0 with 0.2 (shares of 10 items), bound = mean 0.92";

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

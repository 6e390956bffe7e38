using ReproSpec.Claims;
using ReproSpec.Simulation;
using ReproSpec.Statistics;

namespace ReproSpec.Tests.Statistics;

/// <summary>
/// Issue #25: the sign-flip distribution of tied values in bounded time and memory at every n. The lattice count is
/// checked against enumerating all 2ⁿ patterns, and the normal approximation with its Berry–Esseen bound against
/// the exact tails it must never undercut.
/// </summary>
public class SignFlipBoundsTests
{
    /// <summary>P(S* ≥ S − slack), P(S* ≤ S + slack) and the interval's lower end, by listing every sign pattern.</summary>
    static (double Greater, double Less) Enumerated(double[] x, double margin, double slack)
    {
        var c = x.Select(v => v - margin).ToArray();
        var observed = c.Sum();
        long greater = 0, less = 0, total = 1L << c.Length;
        for (long mask = 0; mask < total; mask++)
        {
            double sum = 0;
            for (var i = 0; i < c.Length; i++) sum += (mask >> i & 1) == 1 ? -c[i] : c[i];
            if (sum >= observed - slack) greater++;
            if (sum <= observed + slack) less++;
        }
        return ((double)greater / total, (double)less / total);
    }

    static double EnumeratedLowerEnd(double[] x, double slack, double tail)
    {
        var thresholds = new List<double>();
        for (long mask = 1; mask < 1L << x.Length; mask++)
        {
            double sum = 0;
            var size = 0;
            for (var i = 0; i < x.Length; i++)
            {
                if ((mask >> i & 1) == 0) continue;
                sum += x[i];
                size++;
            }
            thresholds.Add((sum - slack / 2) / size);
        }
        thresholds.Sort();
        var total = Math.Pow(2, x.Length);
        for (var i = 0; i < thresholds.Count; i++)
        {
            if ((i + 2) / total >= tail) return thresholds[i];
        }
        return thresholds[^1];
    }

    static double[] Shares(int n, int items, ulong stream)
    {
        var random = new SeededRandom(7, stream);
        // Seeds on 27/30 … 30/30, skewed towards the top as accuracies near 100 % are.
        return Enumerable.Range(0, n).Select(_ => Math.Min(items, items - (int)Math.Floor(-Math.Log(random.NextDouble()) * 1.2)) / (double)items).ToArray();
    }

    [TestCase(14, 0.95, 1UL)]
    [TestCase(15, 29 / 30.0, 2UL)]
    [TestCase(16, 0.9, 3UL)]
    public void Lattice_counts_equal_every_pattern_enumerated(int n, double margin, ulong stream)
    {
        var x = Shares(n, 30, stream);
        var tolerance = SignFlip.TieTolerance(1);
        var slack = n * tolerance;
        Assume.That(SignFlip.MethodFor(x, tolerance), Is.EqualTo(SignFlip.Method.Lattice));
        var (greater, less) = SignFlip.Tails(x, margin, tolerance);
        var (eg, el) = Enumerated(x, margin, slack);
        var interval = SignFlip.Interval(x, 0.9, tolerance);
        Assert.Multiple(() =>
        {
            Assert.That(greater, Is.EqualTo(eg).Within(1e-15), "P(S* ≥ S)");
            Assert.That(less, Is.EqualTo(el).Within(1e-15), "P(S* ≤ S)");
            Assert.That(interval.Low, Is.EqualTo(EnumeratedLowerEnd(x, slack, 0.05)).Within(1e-12), "lower end");
            Assert.That(interval.High, Is.EqualTo(-EnumeratedLowerEnd([.. x.Select(v => -v)], slack, 0.05)).Within(1e-12), "upper end");
        });
    }

    [TestCase(16, 11UL)]
    [TestCase(17, 12UL)]
    [TestCase(18, 13UL)]
    public void The_normal_tail_with_its_Berry_Esseen_bound_never_undercuts_the_exact_tail(int n, ulong stream)
    {
        // Skewed values off any lattice, one of them at the margin (a tie): the largest gap of the approximation.
        var random = new SeededRandom(11, stream);
        var x = Enumerable.Range(0, n).Select(i => i == 0 ? 0.0 : -Math.Log(random.NextDouble()) - 0.6).ToArray();
        foreach (var margin in new[] { -0.3, 0.0, 0.2, 0.5 })
        {
            var centred = x.Select(v => v - margin).ToArray();
            var (eg, el) = Enumerated(x, margin, 0);
            var (ng, nl) = SignFlip.NormalTails(centred, centred.Sum(), 0);
            Assert.That(ng, Is.GreaterThanOrEqualTo(eg), $"margin {margin}: greater");
            Assert.That(nl, Is.GreaterThanOrEqualTo(el), $"margin {margin}: less");
        }
    }

    [Test]
    public void A_forty_seed_tied_threshold_claim_decides_in_bounded_memory()
    {
        // 40 seeds of accuracy on 30 items (28/30 … 30/30): the enumeration this replaces took > 5.6 GB at 36 seeds. The
        // sign-flip path is the t test's (.AssumingNearNormal()); the default on values in [0, 1], the betting test, is one pass.
        var values = Shares(40, 30, 5);
        var arm = ClaimSimulation.Arm("A");
        var claim = new ThresholdClaim(arm, Metric.Named("accuracy"), 0.95, AtLeast: true, AssumingNearNormal: true);
        var settings = new ClaimSettings { MinSeeds = 40, MaxSeeds = 40 };
        var runs = new Dictionary<string, SimulatedRun[]> { ["A"] = [.. values.Select(v => new SimulatedRun(v))] };
        ClaimSimulation.Decide(claim, settings, "accuracy", runs); // warm-up: JIT and the design's tables
        var before = GC.GetAllocatedBytesForCurrentThread();
        var outcome = ClaimSimulation.Decide(claim, settings, "accuracy", runs);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // The sign-flip p by an independent count: the centred values are integers over 30 at the bound 28.5/30.
        var units = values.Select(v => (int)Math.Round(v * 30 * 2) - 57).ToArray(); // 2·(30x − 28.5)
        var offset = units.Sum(Math.Abs);
        var ways = new double[2 * offset + 1];
        ways[offset] = 1;
        foreach (var u in units.Select(Math.Abs))
        {
            var next = new double[ways.Length];
            for (var s = 0; s < ways.Length; s++)
            {
                if (ways[s] == 0) continue;
                next[s + u] += ways[s];
                next[s - u] += ways[s];
            }
            ways = next;
        }
        var observed = units.Sum() + offset;
        var signFlip = ways.Skip(observed).Sum() / Math.Pow(2, 40);
        var direct = SignFlip.Tails(values, 0.95, SignFlip.TieTolerance(1)).Greater;
        Assert.Multiple(() =>
        {
            Assert.That(allocated, Is.LessThan(100_000_000), $"{allocated / 1e6:F1} MB allocated");
            Assert.That(outcome.Test!.Test, Does.Contain("sign-flip"));
            Assert.That(SignFlip.MethodFor(values, SignFlip.TieTolerance(1)), Is.EqualTo(SignFlip.Method.Lattice));
            Assert.That(outcome.PSupport, Is.GreaterThanOrEqualTo(signFlip * (1 - 1e-12)), "at least the sign-flip p (the binomial bound may be larger)");
        });
        // At 28.5/30 no subset mean ties the bound, so the 1D count is the same distribution.
        var halfway = SignFlip.Tails(values, 28.5 / 30, SignFlip.TieTolerance(1)).Greater;
        Assert.That(halfway, Is.EqualTo(signFlip).Within(1e-12 * signFlip + 1e-300), "lattice count at 28.5/30 against the 1D count");
        Assert.That(direct, Is.GreaterThan(0));
    }
}

using ReproSpec.Claims;
using ReproSpec.Decisions.Rules;
using ReproSpec.Statistics;

namespace ReproSpec.Decisions;

/// <summary>
/// The evidence for and against each claim shape at one look: p-values of the two one-sided nulls
/// ("the claim is false" and "the claim's opposite is false"), so one rule turns any shape into a verdict.
/// </summary>
static class EvidenceRules
{
    /// <param name="claim">The claim.</param>
    /// <param name="arms">Each arm's values after the divergence policy.</param>
    /// <param name="settings">The claim's settings.</param>
    /// <param name="level">The nominal level of this look (α for one look): intervals are printed at 1 − 2 × level, so
    /// they agree with the verdict (a repeated confidence interval under sequential looks).</param>
    /// <param name="statistic">The statistic of the whole claim's sequential levels (<see cref="StatisticOf"/>): an
    /// Inconclusive claim's continuation is planned at the last-look level its rule would really use.</param>
    public static Evidence Assess(ClaimDeclaration claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level, LookStatistic statistic) =>
        ClaimRules.For(claim).Assess(claim, arms, settings, level, statistic);

    /// <summary>
    /// The statistic the claim's sequential levels are computed for: one-sample t (simulated levels) when any of its
    /// tests is a t test, normal theory otherwise. Paired and one-sample t are exactly the simulated process; Welch's
    /// (and Student's) t at few seeds crosses normal-theory levels too often as well (2 → 20 by 1, Pocock, sd 1 vs 2:
    /// 0.059 at R = 10,000), and as one arm's variance dominates Welch's statistic becomes that arm's one-sample t with
    /// n − 1 degrees of freedom, the heaviest-tailed case, so its simulated levels are conservative for every variance
    /// ratio; Reproduces (Welch against a fixed summary) lies between. One-sample t levels are lower than normal-theory
    /// ones, so a family mixing both is judged conservatively.
    /// </summary>
    public static LookStatistic StatisticOf(ClaimDeclaration claim, ClaimSettings settings) =>
        ClaimRules.For(claim).Statistic(claim, settings, tTest: Comparisons.Resolve(settings.Test) is TestKind.PairedT or TestKind.Welch or TestKind.Student);

    /// <summary>Values oriented so that larger is better (loss and error are negated).</summary>
    static double[] Oriented(IEnumerable<double> values, Metric metric) => values.Select(v => v * metric.Sign).ToArray();

    internal static Evidence Compare(Arm challenger, Arm baseline, Metric metric, double margin, bool relative,
        IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level, LookStatistic statistic)
    {
        var kind = Comparisons.Resolve(settings.Test);
        if (TooFewRuns(arms[challenger], arms[baseline], kind) is { } tooFew) return tooFew;
        var (x, y) = Pairs(arms[challenger], arms[baseline], kind, metric);
        // A relative margin r compares A with each baseline value moved r·|B| towards better, in the "better is
        // larger" orientation: (1 + r)·B for positive values, (1 − r)·B for negative ones (5 % better than −200 is
        // −190). B + r·|B| is defined and continuous through zero, so a baseline value that crosses zero mid-run
        // changes the comparison smoothly instead of stopping the claim.
        if (relative) y = y.Select(v => v + margin * Math.Abs(v)).ToArray();
        var shift = relative ? 0 : margin;
        var evidence = Comparisons.Compare(kind, x, y, shift, Intervals.AtLevel(level));
        var pRefute = evidence.PRefute!.Value;
        return new Evidence(evidence.PSupport, pRefute, evidence.Result, evidence.Effects, [])
        {
            SeedsPlan = new(() => SeedPlanning.SeedsToDecide(x, y, shift, settings, statistic, Comparisons.IsPaired(kind), (evidence.PSupport, pRefute))),
        };
    }

    /// <summary>
    /// When the divergence policy left fewer than 2 usable runs in an arm (or pair of arms), no test can be run: the
    /// look decides nothing (p = 1 both ways), so a sequential claim goes on to its next look, where more seeds may
    /// leave enough; at the last look <see cref="ClaimDecider"/> stops with this message. Null when there are enough runs.
    /// </summary>
    static Evidence? TooFewRuns(ArmResult a, ArmResult b, TestKind kind)
    {
        var counts = Comparisons.IsPaired(kind)
            ? [(ArmValues.Paired(a, b).A.Length, $"{a.Name} and {b.Name} paired by seed")]
            : new[] { (a.Values.Count, a.Name), (b.Values.Count, b.Name) };
        foreach (var (n, what) in counts)
        {
            if (n < 2)
                return new Evidence(1, 1, null, new Dictionary<string, double>(), [])
                {
                    Undecidable = $"{what}: only {n} usable run(s) after the divergence policy; a test needs at least 2. Raise MinSeeds or fix the diverging runs.",
                };
        }
        return null;
    }

    /// <summary>The two arms' values for the declared test (pairs by seed for a paired test), oriented so larger is better.</summary>
    static (double[] X, double[] Y) Pairs(ArmResult a, ArmResult b, TestKind kind, Metric? metric)
    {
        double[] x, y;
        if (Comparisons.IsPaired(kind))
        {
            (x, y) = ArmValues.Paired(a, b);
            RequireSeeds(x.Length, $"{a.Name} and {b.Name} paired by seed");
        }
        else
        {
            x = a.Values.ToArray();
            y = b.Values.ToArray();
            RequireSeeds(x.Length, a.Name);
            RequireSeeds(y.Length, b.Name);
        }
        return metric is null ? (x, y) : (Oriented(x, metric), Oriented(y, metric));
    }

    internal static Evidence Threshold(ThresholdClaim claim, ArmResult arm, ClaimSettings settings, double level, LookStatistic statistic)
    {
        RequireSeeds(arm.Values.Count, arm.Name);
        if (claim.SeedFraction is { } q)
        {
            var sign = claim.AtLeast ? 1 : -1;
            var values = arm.Values.Select(v => v * sign).ToArray();
            var bound = claim.Bound * sign;
            var k = values.Count(v => v >= bound);
            var n = values.Length;
            return new Evidence(
                Proportions.BinomialTest(k, n, q, Alternative.Greater),
                Proportions.BinomialTest(k, n, q, Alternative.Less), null,
                new Dictionary<string, double> { ["fraction_of_seeds"] = (double)k / n, ["seeds_meeting_bound"] = k }, []);
        }
        // "At most" is tested on the values as they are (H0 μ ≥ bound), so the printed mean, interval and bound are the metric's own.
        var raw = arm.Values.ToArray();
        var confidence = Intervals.AtLevel(level);
        if (claim.Range is { } range) return Bounded(claim, arm, range, raw, settings, confidence);
        var support = OneSampleTests.Threshold(raw, claim.Bound, claim.AtLeast ? Alternative.Greater : Alternative.Less, confidence);
        var refute = OneSampleTests.Threshold(raw, claim.Bound, claim.AtLeast ? Alternative.Less : Alternative.Greater, confidence, withInterval: false);
        var oriented = claim.AtLeast ? raw : raw.Select(v => -v).ToArray();
        return new Evidence(support.PValue, refute.PValue, support,
            new Dictionary<string, double> { ["mean"] = Descriptive.Mean(raw) }, [])
        {
            Note = NoSpreadNote(raw, "the bound"),
            SeedsPlan = new(() => SeedPlanning.SeedsToDecide(oriented, null, claim.AtLeast ? claim.Bound : -claim.Bound, settings, statistic, paired: false, (support.PValue, refute.PValue))),
        };
    }

    /// <summary>The betting test on the declared range: valid for every distribution on it, at any look.</summary>
    static Evidence Bounded(ThresholdClaim claim, ArmResult arm, ValueRange range, double[] raw, ClaimSettings settings, double confidence)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            if (!(raw[i] >= range.Low && raw[i] <= range.High))
                throw new ClaimDeclarationException(
                    $"arm {arm.Name}: value {raw[i]:G6} (run {i + 1} in seed order) is outside the declared range {range}. Declare the range the metric can take, or drop .Bounded(…).");
        }
        var (forClaim, against) = claim.AtLeast ? (Alternative.Greater, Alternative.Less) : (Alternative.Less, Alternative.Greater);
        var support = BoundedMean.Test(raw, range.Low, range.High, claim.Bound, forClaim, settings.DecisionAlpha, confidence);
        var refute = BoundedMean.Test(raw, range.Low, range.High, claim.Bound, against, settings.DecisionAlpha, confidence);
        return new Evidence(support.PValue, refute.PValue, support, new Dictionary<string, double> { ["mean"] = Descriptive.Mean(raw) }, []);
    }

    /// <summary>
    /// When every seed gave the same value, says so and what the verdict then assumes: how far an unseen seed could fall
    /// is not in the data (docs/statistics.md, "Skewed discrete metrics"). Null when the values vary.
    /// </summary>
    static string? NoSpreadNote(double[] values, string against)
    {
        if (values.Any(v => v != values[0])) return null;
        var assumption = ProportionLattice.Items(values) is { } items
            ? $"that each value is a share of {items} item{(items == 1 ? "" : "s")}, each right independently with its own probability (exact binomial bound), or symmetric about {against}"
            : $"that the values are symmetric about {against} (exact sign-flip test)";
        var value = values[0].ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
        return $"every seed gave {value} (no spread): how far an unseen seed could fall is an assumption, here {assumption}; "
            + "declare .Bounded(low, high) on a threshold claim for a test valid for every distribution on the metric's range";
    }

    internal static Evidence Equivalence(EquivalenceClaim claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level)
    {
        // The declared test (paired t unless stated, as for every comparison), on A − B as measured: no orientation.
        var kind = Comparisons.Resolve(settings.Test);
        var (x, y) = Pairs(arms[claim.A], arms[claim.B], kind, metric: null);
        var confidence = Intervals.AtLevel(level);
        // TOST: equivalent when both "A − B ≤ −δ" and "A − B ≥ +δ" are rejected.
        var lower = Comparisons.One(kind, x, y, Alternative.Greater, -claim.Tolerance, confidence);
        var upper = Comparisons.One(kind, x, y, Alternative.Less, claim.Tolerance, confidence, withInterval: false);
        // Not equivalent when either "A − B ≤ δ" or "A − B ≥ −δ" is rejected; Bonferroni over the two.
        var above = Comparisons.One(kind, x, y, Alternative.Greater, claim.Tolerance, confidence, withInterval: false);
        var below = Comparisons.One(kind, x, y, Alternative.Less, -claim.Tolerance, confidence, withInterval: false);
        return new Evidence(Math.Max(lower.PValue, upper.PValue), Math.Min(1, 2 * Math.Min(above.PValue, below.PValue)),
            lower with { Test = $"TOST ({lower.Test})" }, Comparisons.Effects(x, y), []);
    }

    internal static Evidence Reproduction(ReproducesClaim claim, ArmResult arm, ClaimSettings settings, double level)
    {
        var ours = arm.Values.ToArray();
        RequireSeeds(ours.Length, arm.Name);
        var r = claim.Reported;
        // Reproduced when both "ours − reported ≤ −δ" and "ours − reported ≥ +δ" are rejected (TOST, Welch).
        var tost = ReproSpec.Statistics.Equivalence.Reproduces(ours, r, claim.Tolerance, level);
        // Not reproduced when either "ours − reported ≤ δ" or "ours − reported ≥ −δ" is rejected; Bonferroni over the two.
        var mean = Descriptive.Mean(ours);
        var sd = Math.Sqrt(Descriptive.Variance(ours));
        var confidence = Intervals.AtLevel(level);
        var above = TwoSampleTests.WelchFromSummary(mean, sd, ours.Length, r.Mean, r.StandardDeviation, r.N, Alternative.Greater, claim.Tolerance, confidence);
        var below = TwoSampleTests.WelchFromSummary(mean, sd, ours.Length, r.Mean, r.StandardDeviation, r.N, Alternative.Less, -claim.Tolerance, confidence);
        // Shares of k items (accuracy on a test set) skew near 0 and 1, where a sample with little or no spread is no
        // evidence of a known mean: each one-sided p is at least the exact binomial bound of ours against the reported
        // mean ± tolerance taken as exact (docs/statistics.md, "Skewed discrete metrics").
        // Values that are not shares (outside [0, 1], or on no lattice) leave Welch's p alone.
        double Shares(double bound, Alternative alternative) => ProportionLattice.PValue(ours, bound, alternative) ?? 0;
        var pFor = Math.Max(tost.PValue, Math.Max(Shares(r.Mean - claim.Tolerance, Alternative.Greater), Shares(r.Mean + claim.Tolerance, Alternative.Less)));
        var pAbove = Math.Max(above.PValue, Shares(r.Mean + claim.Tolerance, Alternative.Greater));
        var pBelow = Math.Max(below.PValue, Shares(r.Mean - claim.Tolerance, Alternative.Less));
        var result = tost.Lower with { Test = "TOST against reported summary (Welch)" };
        if (ProportionLattice.Items(ours) is { } items)
        {
            // The interval keeps agreeing with the verdict: the hull of Welch's and the binomial bound's, as differences from the reported mean.
            var shares = ProportionLattice.Interval(ProportionLattice.Count(ours, items), ours.Length * items, confidence);
            var welch = result.DifferenceInterval;
            result = result with
            {
                Test = "TOST against reported summary (Welch" + OneSampleTests.ShareBoundSuffix(items) + ")",
                DifferenceInterval = new ConfidenceInterval(Math.Min(welch.Low, shares.Low - r.Mean), Math.Max(welch.High, shares.High - r.Mean), welch.Level),
            };
        }
        return new Evidence(pFor, Math.Min(1, 2 * Math.Min(pAbove, pBelow)), result,
            new Dictionary<string, double> { ["mean_difference"] = tost.Estimate, ["reported_mean"] = r.Mean, ["reported_sd"] = r.StandardDeviation }, [])
        {
            Note = NoSpreadNote(ours, "the reported mean ± tolerance"),
        };
    }

    internal static Evidence Stability(StableClaim claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings)
    {
        var (x, y) = ArmValues.Paired(arms[claim.Challenger], arms[claim.Baseline]);
        RequireSeeds(x.Length, $"{claim.Challenger.Name} and {claim.Baseline.Name} paired by seed");
        x = Oriented(x, claim.Metric);
        y = Oriented(y, claim.Metric);
        var wins = x.Zip(y).Count(p => p.First > p.Second);
        var n = x.Length;
        return new Evidence(
            Proportions.BinomialTest(wins, n, claim.Probability, Alternative.Greater),
            Proportions.BinomialTest(wins, n, claim.Probability, Alternative.Less), null,
            new Dictionary<string, double> { ["wins"] = wins, ["win_rate"] = (double)wins / n }, []);
    }

    internal static Evidence Divergence(DivergenceClaim claim, ArmResult arm, ClaimSettings settings)
    {
        var n = arm.Values.Count + arm.Failed + (settings.Divergence == DivergencePolicy.Exclude ? arm.Diverged : 0);
        if (settings.Divergence == DivergencePolicy.CountAsWorst) n -= arm.Failed; // already among the values, counted as worst
        // A run that crashed did not finish cleanly: it counts against "diverges at most f" like a divergence, so a
        // method cannot pass by crashing where it would have diverged.
        var diverged = arm.Diverged + arm.Failed;
        // The claim "rate ≤ f" is supported when "rate ≥ f" is rejected: few divergences.
        return new Evidence(
            Proportions.BinomialTest(diverged, n, claim.MaxFraction, Alternative.Less),
            Proportions.BinomialTest(diverged, n, claim.MaxFraction, Alternative.Greater), null,
            new Dictionary<string, double> { ["diverged"] = arm.Diverged, ["failed"] = arm.Failed, ["runs"] = n, ["divergence_rate"] = (double)diverged / n }, []);
    }

    internal static Evidence Ranking(RanksClaim claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level, LookStatistic statistic)
    {
        var parts = new List<(string Label, Evidence Evidence, BeatsClaim Pair)>();
        for (var i = 0; i + 1 < claim.BestFirst.Count; i++)
        {
            var pair = new BeatsClaim(claim.BestFirst[i], claim.BestFirst[i + 1], claim.Metric);
            parts.Add(($"{pair.Challenger} > {pair.Baseline}", Compare(pair.Challenger, pair.Baseline, pair.Metric, 0, false, arms, settings, level, statistic), pair));
        }
        var (pSupport, pRefute) = Family(parts.Select(p => p.Evidence).ToList());
        var outcomes = parts.Select(p => Part(p.Label, p.Pair, p.Evidence, settings, arms)).ToList();
        return new Evidence(pSupport, pRefute, null, new Dictionary<string, double>(), outcomes);
    }

    /// <summary>
    /// The family's p-values: for the claim, the largest member p (supported only if every member is: an
    /// intersection–union test, each member at α); against it, the smallest member p, which <see cref="SequentialRule"/>
    /// judges by Holm's step-down over whole designs (first step: the α/m design).
    /// </summary>
    public static (double PSupport, double PRefute) Family(IReadOnlyList<Evidence> members) =>
        (members.Max(m => m.PSupport), members.Min(m => m.PRefute));

    /// <summary>A member's outcome at the fixed level α; <see cref="SequentialRule"/> re-judges it at the look as the family judges it.</summary>
    public static ClaimOutcome Part(string label, ClaimDeclaration claim, Evidence evidence, ClaimSettings settings, IReadOnlyDictionary<Arm, ArmResult> arms)
    {
        var verdict = evidence.PSupport < settings.DecisionAlpha ? Verdict.Supported : evidence.PRefute < settings.DecisionAlpha ? Verdict.Refuted : Verdict.Inconclusive;
        return new ClaimOutcome
        {
            Claim = claim,
            Settings = settings,
            Verdict = verdict,
            Reason = $"p(for) = {evidence.PSupport:G3}, p(against) = {evidence.PRefute:G3} at α = {settings.DecisionAlpha}",
            Label = label,
            Arms = claim.Arms.Select(a => arms[a]).ToList(),
            Test = evidence.Test,
            PSupport = evidence.PSupport,
            PRefute = evidence.PRefute,
            Threshold = settings.DecisionAlpha,
            Effects = evidence.Effects,
            SeedsPerArm = claim.Arms.Max(a => arms[a].Values.Count),
            // No plan per member: a continuation is of the whole claim (the family's own plan, planned only when it
            // ends Inconclusive), and a member's plan at every look cost a t-level calibration per candidate design.
            Parts = evidence.Parts,
        };
    }

    static void RequireSeeds(int n, string what)
    {
        if (n < 2)
            throw new ClaimDeclarationException(
                $"{what}: only {n} usable run(s) after the divergence policy; a test needs at least 2. Raise MinSeeds or fix the diverging runs.");
    }
}

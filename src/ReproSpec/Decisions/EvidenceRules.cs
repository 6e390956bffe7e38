using ReproSpec.Claims;
using ReproSpec.Statistics;

namespace ReproSpec.Decisions;

/// <summary>
/// The evidence for and against each claim shape at one look: p-values of the two one-sided nulls
/// ("the claim is false" and "the claim's opposite is false"), so one rule turns any shape into a verdict.
/// </summary>
static class EvidenceRules
{
    public static Evidence Assess(ClaimDeclaration claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings) => claim switch
    {
        BeatsClaim c => Compare(c.Challenger, c.Baseline, c.Metric, c.Margin, c.RelativeMargin, arms, settings),
        NotWorseClaim c => Compare(c.Challenger, c.Baseline, c.Metric, -c.Tolerance, false, arms, settings),
        ThresholdClaim c => Threshold(c, arms[c.Arm], settings),
        EquivalenceClaim c => Equivalence(c, arms, settings),
        ReproducesClaim c => Reproduction(c, arms[c.Arm], settings),
        StableClaim c => Stability(c, arms, settings),
        DivergenceClaim c => Divergence(c, arms[c.Arm], settings),
        RanksClaim c => Ranking(c, arms, settings),
        HoldsAcrossClaim => throw new InvalidOperationException("HoldsAcross claims are assessed per condition by ClaimDecider."),
        _ => throw new ClaimDeclarationException($"no decision rule for claims of type {claim.GetType().Name}."),
    };

    /// <summary>Values oriented so that larger is better (loss and error are negated).</summary>
    static double[] Oriented(IEnumerable<double> values, Metric metric) => values.Select(v => v * metric.Sign).ToArray();

    static Evidence Compare(Arm challenger, Arm baseline, Metric metric, double margin, bool relative,
        IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings)
    {
        var a = arms[challenger];
        var b = arms[baseline];
        var kind = Comparisons.Resolve(settings.Test);
        double[] x, y;
        if (Comparisons.IsPaired(kind))
        {
            (x, y) = ArmValues.Paired(a, b);
            RequireSeeds(x.Length, $"{challenger.Name} and {baseline.Name} paired by seed");
        }
        else
        {
            x = a.Values.ToArray();
            y = b.Values.ToArray();
            RequireSeeds(x.Length, challenger.Name);
            RequireSeeds(y.Length, baseline.Name);
        }
        x = Oriented(x, metric);
        y = Oriented(y, metric);
        // A relative margin r compares A with (1 + r)·B in the "better is larger" orientation, against 0.
        if (relative) y = y.Select(v => v * (1 + metric.Sign * margin)).ToArray();
        var shift = relative ? 0 : margin;
        var (pSupport, pRefute, result) = Comparisons.Run(kind, x, y, shift, settings.Alpha);
        return new Evidence(pSupport, pRefute, result, Comparisons.Effects(x, y), [])
        {
            SeedsToDecide = SeedPlanning.SeedsToDecide(x, y, shift, settings, Comparisons.IsPaired(kind)),
        };
    }

    static Evidence Threshold(ThresholdClaim claim, ArmResult arm, ClaimSettings settings)
    {
        RequireSeeds(arm.Values.Count, arm.Name);
        var sign = claim.AtLeast ? 1 : -1;
        var values = arm.Values.Select(v => v * sign).ToArray();
        var bound = claim.Bound * sign;
        if (claim.SeedFraction is { } q)
        {
            var k = values.Count(v => v >= bound);
            var n = values.Length;
            return new Evidence(
                Proportions.BinomialTest(k, n, q, Alternative.Greater),
                Proportions.BinomialTest(k, n, q, Alternative.Less), null,
                new Dictionary<string, double> { ["fraction_of_seeds"] = (double)k / n, ["seeds_meeting_bound"] = k }, []);
        }
        var support = OneSampleTests.T(values, bound, Alternative.Greater, 1 - 2 * settings.Alpha);
        var refute = OneSampleTests.T(values, bound, Alternative.Less, 1 - 2 * settings.Alpha);
        return new Evidence(support.PValue, refute.PValue, support,
            new Dictionary<string, double> { ["mean"] = Descriptive.Mean(arm.Values.ToArray()) }, [])
        {
            SeedsToDecide = SeedPlanning.SeedsToDecide(values, null, bound, settings, paired: false),
        };
    }

    static Evidence Equivalence(EquivalenceClaim claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings)
    {
        var x = arms[claim.A].Values.ToArray();
        var y = arms[claim.B].Values.ToArray();
        RequireSeeds(x.Length, claim.A.Name);
        RequireSeeds(y.Length, claim.B.Name);
        // TOST: equivalent when both "A − B ≤ −δ" and "A − B ≥ +δ" are rejected.
        var tost = ReproSpec.Statistics.Equivalence.Tost(x, y, -claim.Tolerance, claim.Tolerance, settings.Alpha);
        // Not equivalent when either "A − B ≤ δ" or "A − B ≥ −δ" is rejected; Bonferroni over the two.
        var confidence = 1 - 2 * settings.Alpha;
        var above = TwoSampleTests.Welch(x, y, Alternative.Greater, claim.Tolerance, confidence);
        var below = TwoSampleTests.Welch(x, y, Alternative.Less, -claim.Tolerance, confidence);
        return new Evidence(tost.PValue, Math.Min(1, 2 * Math.Min(above.PValue, below.PValue)),
            tost.Lower with { Test = "TOST (Welch)" }, Comparisons.Effects(x, y), []);
    }

    static Evidence Reproduction(ReproducesClaim claim, ArmResult arm, ClaimSettings settings)
    {
        var ours = arm.Values.ToArray();
        RequireSeeds(ours.Length, arm.Name);
        var r = claim.Reported;
        // Reproduced when both "ours − reported ≤ −δ" and "ours − reported ≥ +δ" are rejected (TOST, Welch).
        var tost = ReproSpec.Statistics.Equivalence.Reproduces(ours, r, claim.Tolerance, settings.Alpha);
        // Not reproduced when either "ours − reported ≤ δ" or "ours − reported ≥ −δ" is rejected; Bonferroni over the two.
        var mean = Descriptive.Mean(ours);
        var sd = Math.Sqrt(Descriptive.Variance(ours));
        var confidence = 1 - 2 * settings.Alpha;
        var above = TwoSampleTests.WelchFromSummary(mean, sd, ours.Length, r.Mean, r.StandardDeviation, r.N, Alternative.Greater, claim.Tolerance, confidence);
        var below = TwoSampleTests.WelchFromSummary(mean, sd, ours.Length, r.Mean, r.StandardDeviation, r.N, Alternative.Less, -claim.Tolerance, confidence);
        return new Evidence(tost.PValue, Math.Min(1, 2 * Math.Min(above.PValue, below.PValue)),
            tost.Lower with { Test = "TOST against reported summary (Welch)" },
            new Dictionary<string, double> { ["mean_difference"] = tost.Estimate, ["reported_mean"] = r.Mean, ["reported_sd"] = r.StandardDeviation }, []);
    }

    static Evidence Stability(StableClaim claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings)
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

    static Evidence Divergence(DivergenceClaim claim, ArmResult arm, ClaimSettings settings)
    {
        var n = arm.Values.Count + arm.Diverged + arm.Failed - (settings.Divergence == DivergencePolicy.Exclude ? 0 : arm.Diverged);
        var diverged = arm.Diverged;
        // The claim "rate ≤ f" is supported when "rate ≥ f" is rejected: few divergences.
        return new Evidence(
            Proportions.BinomialTest(diverged, n, claim.MaxFraction, Alternative.Less),
            Proportions.BinomialTest(diverged, n, claim.MaxFraction, Alternative.Greater), null,
            new Dictionary<string, double> { ["diverged"] = diverged, ["runs"] = n, ["divergence_rate"] = (double)diverged / n }, []);
    }

    static Evidence Ranking(RanksClaim claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings)
    {
        var parts = new List<(string Label, Evidence Evidence, BeatsClaim Pair)>();
        for (var i = 0; i + 1 < claim.BestFirst.Count; i++)
        {
            var pair = new BeatsClaim(claim.BestFirst[i], claim.BestFirst[i + 1], claim.Metric);
            parts.Add(($"{pair.Challenger} > {pair.Baseline}", Compare(pair.Challenger, pair.Baseline, pair.Metric, 0, false, arms, settings), pair));
        }
        var (pSupport, pRefute) = Family(parts.Select(p => p.Evidence).ToList());
        var outcomes = parts.Select(p => Part(p.Label, p.Pair, p.Evidence, settings, arms)).ToList();
        return new Evidence(pSupport, pRefute, null, new Dictionary<string, double>(), outcomes);
    }

    /// <summary>
    /// Combines a family: it is supported only if every member is (intersection–union test: each at α, no
    /// correction needed), and refuted if any member is refuted (Holm over the refutation p-values).
    /// </summary>
    public static (double PSupport, double PRefute) Family(IReadOnlyList<Evidence> members)
    {
        var pSupport = members.Max(m => m.PSupport);
        var pRefute = Multiplicity.Holm(members.Select(m => m.PRefute).ToArray()).Min();
        return (pSupport, pRefute);
    }

    /// <summary>A member's own outcome at the fixed level α, for the per-member lines of reports.</summary>
    public static ClaimOutcome Part(string label, ClaimDeclaration claim, Evidence evidence, ClaimSettings settings, IReadOnlyDictionary<Arm, ArmResult> arms)
    {
        var verdict = evidence.PSupport < settings.Alpha ? Verdict.Supported : evidence.PRefute < settings.Alpha ? Verdict.Refuted : Verdict.Inconclusive;
        return new ClaimOutcome
        {
            Claim = claim,
            Settings = settings,
            Verdict = verdict,
            Reason = $"p(for) = {evidence.PSupport:G3}, p(against) = {evidence.PRefute:G3} at α = {settings.Alpha}",
            Label = label,
            Arms = claim.Arms.Select(a => arms[a]).ToList(),
            Test = evidence.Test,
            PSupport = evidence.PSupport,
            PRefute = evidence.PRefute,
            Threshold = settings.Alpha,
            Effects = evidence.Effects,
            SeedsPerArm = claim.Arms.Max(a => arms[a].Values.Count),
            SeedsToDecide = evidence.SeedsToDecide,
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

using ReproSpec.Claims;
using ReproSpec.Statistics;
using ReproSpec.Store;
using Experiment = ReproSpec.Claims.Experiment;

namespace ReproSpec.Decisions.Rules;

/// <summary>At most a fraction of A's runs diverge: a claim about run status, not a metric.</summary>
sealed class DivergenceRule : ClaimRule<DivergenceClaim>
{
    // A divergence claim looks at run status, not a metric: any metric the runs report will do.
    protected override Metric MetricOf(DivergenceClaim claim, IReadOnlyDictionary<Experiment, IReadOnlyList<RunRecord>> records) =>
        records[claim.Arm.Experiment].SelectMany(r => r.Metrics.Keys).FirstOrDefault() is { } name ? Metric.Named(name) : Metric.Named("loss");

    protected override Evidence Assess(DivergenceClaim claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level, LookStatistic statistic) =>
        Divergence(claim, arms[claim.Arm], settings);

    public override bool ReadsRunStatus => true;

    protected override Func<int, double>? BestCase(DivergenceClaim claim) =>
        claim.MaxFraction is > 0 and < 1 ? n => Proportions.BinomialTest(0, n, claim.MaxFraction, Alternative.Less) : null;

    public override string BestCaseText => "with no diverged run";

    protected override (string Shape, string Hypothesis, string Metric) Describe(DivergenceClaim claim) =>
        ("divergence", $"divergence rate ≤ {N(claim.MaxFraction)}", "run status (NaN or infinite loss or metric)");

    static Evidence Divergence(DivergenceClaim claim, ArmResult arm, ClaimSettings settings)
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
}

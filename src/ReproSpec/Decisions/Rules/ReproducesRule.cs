using System.Globalization;
using ReproSpec.Claims;
using ReproSpec.Statistics;
using ReproSpec.Store;
using Experiment = ReproSpec.Claims.Experiment;

namespace ReproSpec.Decisions.Rules;

/// <summary>Our runs reproduce a reported mean ± sd (n) within a tolerance (TOST against the summary).</summary>
sealed class ReproducesRule : ClaimRule<ReproducesClaim>
{
    protected override Metric MetricOf(ReproducesClaim claim, IReadOnlyDictionary<Experiment, IReadOnlyList<RunRecord>> records) => claim.Metric;

    protected override Evidence Assess(ReproducesClaim claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level, LookStatistic statistic) =>
        EvidenceRules.Reproduction(claim, arms[claim.Arm], settings, level);

    protected override LookStatistic Statistic(ReproducesClaim claim, ClaimSettings settings, bool tTest) => LookStatistic.OneSampleT;

    protected override (string Shape, string Hypothesis, string Metric) Describe(ReproducesClaim claim) => ("reproduces", string.Create(CultureInfo.InvariantCulture,
        $"|mean − {N(claim.Reported.Mean)}| < {N(claim.Tolerance)} (reported sd {N(claim.Reported.StandardDeviation)}, n = {claim.Reported.N})"), MetricText(claim.Metric));

    protected override string EstimateLabel(ReproducesClaim claim) => "difference ours − reported";

    protected override IReadOnlyList<(string Label, double Value)> ArmLines(ReproducesClaim claim) => [($"reported mean {claim.Reported.Mean:G4}", claim.Reported.Mean)];

    protected override IReadOnlyList<(string Label, double Value)> EstimateLines(ReproducesClaim claim) =>
        [($"tolerance +{claim.Tolerance:G3}", claim.Tolerance), ($"tolerance −{claim.Tolerance:G3}", -claim.Tolerance)];

    protected override string? ReportedSource(ReproducesClaim claim) => claim.Reported.ToString();
}

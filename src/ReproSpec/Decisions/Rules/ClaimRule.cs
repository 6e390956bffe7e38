using System.Globalization;
using ReproSpec.Claims;
using ReproSpec.Statistics;
using ReproSpec.Store;
using Experiment = ReproSpec.Claims.Experiment;

namespace ReproSpec.Decisions.Rules;

/// <summary>
/// What one claim shape means to every stage: the metric its arms are read on, its evidence at a look, what its
/// design plans, how its hypothesis is described in snapshots and what its report draws. A new shape is its
/// declaration record (Claims) and one rule here, registered in <see cref="ClaimRules"/>.
/// </summary>
abstract class ClaimRule
{
    /// <summary>The declaration type this rule decides.</summary>
    public abstract Type Shape { get; }

    /// <summary>The metric the arms' values are read on.</summary>
    public abstract Metric MetricOf(ClaimDeclaration claim, IReadOnlyDictionary<Experiment, IReadOnlyList<RunRecord>> records);

    /// <summary>The p-values for and against the claim at one look (see <see cref="EvidenceRules.Assess"/>).</summary>
    public abstract Evidence Assess(ClaimDeclaration claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level, LookStatistic statistic);

    /// <summary>The evidence at one look from each arm's records: the arms' values on <see cref="MetricOf"/>, then <see cref="Assess"/>.</summary>
    public virtual Evidence AssessRecords(ClaimDeclaration claim, ClaimSettings settings, LookStatistic statistic, IReadOnlyList<Arm> arms,
        IReadOnlyDictionary<Experiment, IReadOnlyList<RunRecord>> records, double level, out IReadOnlyList<ArmResult> armResults)
    {
        var armValues = ClaimDecider.Values(claim, settings, arms, records);
        armResults = arms.Select(a => armValues[a]).ToList();
        return Assess(claim, armValues, settings, level, statistic);
    }

    /// <summary>The statistic the sequential levels are computed for; <paramref name="tTest"/> when the settings' test is a t test.</summary>
    public virtual LookStatistic Statistic(ClaimDeclaration claim, ClaimSettings settings, bool tTest) => LookStatistic.Normal;

    /// <summary>True when the claim is about run status (divergence) rather than a metric's values.</summary>
    public virtual bool ReadsRunStatus => false;

    /// <summary>Arm names used twice where the claim compares arms.</summary>
    public virtual IEnumerable<string> SameNames(ClaimDeclaration claim) => ClaimDecider.DuplicateNames(claim.Arms);

    /// <summary>Problems of the claim with its settings, beyond the declaration's own.</summary>
    public virtual IEnumerable<string> Problems(ClaimDeclaration claim, ClaimSettings settings) => [];

    /// <summary>Whether an Inconclusive outcome can be continued as a combined attempt (ClaimSettings.Continues).</summary>
    public virtual bool Continues(ClaimDeclaration claim) => false;

    /// <summary>The best p-value n seeds could give (every seed on the claim's side), for shapes decided by a binomial test; else null.</summary>
    public virtual Func<int, double>? BestCase(ClaimDeclaration claim) => null;

    /// <summary>How that best case reads in the message of a design that can never be Supported.</summary>
    public virtual string BestCaseText => "even if every seed is in its favour";

    /// <summary>Declaration problems of a design that can never support the claim (<see cref="SeedPlanning.Unsupportable"/>).</summary>
    public virtual IEnumerable<string> Unsupportable(ClaimDeclaration claim, ClaimSettings settings) => SeedPlanning.TooFewSeeds(claim, settings);

    /// <summary>The shape's name, its hypothesis and its metric as the snapshot's design records them.</summary>
    public abstract (string Shape, string Hypothesis, string Metric) Describe(ClaimDeclaration claim);

    /// <summary>What the claim's estimate is, in the claim's text.</summary>
    public virtual string EstimateLabel(ClaimDeclaration claim) => "difference (better is larger)";

    /// <summary>The labelled lines the claim's plot draws over the arms' values.</summary>
    public virtual IReadOnlyList<(string Label, double Value)> ArmLines(ClaimDeclaration claim) => [];

    /// <summary>The labelled lines the claim's plot draws over its estimate.</summary>
    public virtual IReadOnlyList<(string Label, double Value)> EstimateLines(ClaimDeclaration claim) => [];

    /// <summary>The reported result the claim is checked against, as the record names it; null when there is none.</summary>
    public virtual string? ReportedSource(ClaimDeclaration claim) => null;

    /// <summary>A number as designs write it: round-trippable, invariant.</summary>
    internal static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A metric as designs write it: its name and direction.</summary>
    internal static string MetricText(Metric metric) => $"{metric.Name} ({(metric.Direction == Direction.HigherIsBetter ? "higher" : "lower")} is better)";
}

/// <summary>A rule for declarations of type <typeparamref name="TClaim"/>: each member sees the declaration as its own type.</summary>
abstract class ClaimRule<TClaim> : ClaimRule where TClaim : ClaimDeclaration
{
    public sealed override Type Shape => typeof(TClaim);

    public sealed override Metric MetricOf(ClaimDeclaration claim, IReadOnlyDictionary<Experiment, IReadOnlyList<RunRecord>> records) => MetricOf((TClaim)claim, records);
    public sealed override Evidence Assess(ClaimDeclaration claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level, LookStatistic statistic) =>
        Assess((TClaim)claim, arms, settings, level, statistic);
    public sealed override Evidence AssessRecords(ClaimDeclaration claim, ClaimSettings settings, LookStatistic statistic, IReadOnlyList<Arm> arms,
        IReadOnlyDictionary<Experiment, IReadOnlyList<RunRecord>> records, double level, out IReadOnlyList<ArmResult> armResults) =>
        AssessRecords((TClaim)claim, settings, statistic, arms, records, level, out armResults);
    public sealed override LookStatistic Statistic(ClaimDeclaration claim, ClaimSettings settings, bool tTest) => Statistic((TClaim)claim, settings, tTest);
    public sealed override IEnumerable<string> SameNames(ClaimDeclaration claim) => SameNames((TClaim)claim);
    public sealed override IEnumerable<string> Problems(ClaimDeclaration claim, ClaimSettings settings) => Problems((TClaim)claim, settings);
    public sealed override bool Continues(ClaimDeclaration claim) => Continues((TClaim)claim);
    public sealed override Func<int, double>? BestCase(ClaimDeclaration claim) => BestCase((TClaim)claim);
    public sealed override IEnumerable<string> Unsupportable(ClaimDeclaration claim, ClaimSettings settings) => Unsupportable((TClaim)claim, settings);
    public sealed override (string Shape, string Hypothesis, string Metric) Describe(ClaimDeclaration claim) => Describe((TClaim)claim);
    public sealed override string EstimateLabel(ClaimDeclaration claim) => EstimateLabel((TClaim)claim);
    public sealed override IReadOnlyList<(string Label, double Value)> ArmLines(ClaimDeclaration claim) => ArmLines((TClaim)claim);
    public sealed override IReadOnlyList<(string Label, double Value)> EstimateLines(ClaimDeclaration claim) => EstimateLines((TClaim)claim);
    public sealed override string? ReportedSource(ClaimDeclaration claim) => ReportedSource((TClaim)claim);

    protected abstract Metric MetricOf(TClaim claim, IReadOnlyDictionary<Experiment, IReadOnlyList<RunRecord>> records);
    protected abstract Evidence Assess(TClaim claim, IReadOnlyDictionary<Arm, ArmResult> arms, ClaimSettings settings, double level, LookStatistic statistic);
    protected virtual Evidence AssessRecords(TClaim claim, ClaimSettings settings, LookStatistic statistic, IReadOnlyList<Arm> arms,
        IReadOnlyDictionary<Experiment, IReadOnlyList<RunRecord>> records, double level, out IReadOnlyList<ArmResult> armResults) =>
        base.AssessRecords(claim, settings, statistic, arms, records, level, out armResults);
    protected virtual LookStatistic Statistic(TClaim claim, ClaimSettings settings, bool tTest) => base.Statistic(claim, settings, tTest);
    protected virtual IEnumerable<string> SameNames(TClaim claim) => base.SameNames(claim);
    protected virtual IEnumerable<string> Problems(TClaim claim, ClaimSettings settings) => base.Problems(claim, settings);
    protected virtual bool Continues(TClaim claim) => base.Continues(claim);
    protected virtual Func<int, double>? BestCase(TClaim claim) => base.BestCase(claim);
    protected virtual IEnumerable<string> Unsupportable(TClaim claim, ClaimSettings settings) => base.Unsupportable(claim, settings);
    protected abstract (string Shape, string Hypothesis, string Metric) Describe(TClaim claim);
    protected virtual string EstimateLabel(TClaim claim) => base.EstimateLabel(claim);
    protected virtual IReadOnlyList<(string Label, double Value)> ArmLines(TClaim claim) => base.ArmLines(claim);
    protected virtual IReadOnlyList<(string Label, double Value)> EstimateLines(TClaim claim) => base.EstimateLines(claim);
    protected virtual string? ReportedSource(TClaim claim) => base.ReportedSource(claim);
}

using System.Globalization;
using System.Text;
using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Decisions.Rules;

namespace ReproSpec.Reports;

/// <summary>The plain-text account of a decided claim: the message a reviewer reads in the test result.</summary>
public static class ClaimText
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>An interval level as a percentage: "90 %" when whole, else one decimal ("99.7 %"), so a sequential look's level never rounds to "100 %".</summary>
    public static string Level(double level) =>
        level.ToString(Math.Abs(level * 100 - Math.Round(level * 100)) < 1e-9 ? "P0" : "P1", Invariant);

    public static string Format(ClaimOutcome outcome)
    {
        var text = new StringBuilder();
        text.Append(Invariant, $"{outcome.Verdict.ToString().ToUpperInvariant()}: {outcome.Claim.Sentence}\n");
        var expected = outcome.Settings.Expected ?? Verdict.Supported;
        text.Append(Invariant, $"  the claim as written: {AsWritten(outcome.Verdict)}; expected {expected}: {(outcome.MetExpectation ? "met" : "NOT met")}\n");
        text.Append(Invariant, $"  why: {outcome.Reason}\n");
        foreach (var arm in outcome.Arms)
            text.Append("  ").Append(Arm(arm)).Append('\n');
        if (outcome.Test is { } test)
        {
            var df = test.DegreesOfFreedom is { } d ? string.Create(Invariant, $", df = {d:G4}") : "";
            var interval = test.DifferenceInterval;
            // Under sequential looks the interval is at the look's level (a repeated confidence interval), so it and the verdict agree.
            var label = outcome.Settings.IsSequential
                ? string.Create(Invariant, $"{interval.Level:P1} repeated confidence interval at look {outcome.Looks} of {outcome.Settings.Looks().Count}")
                : string.Create(Invariant, $"{interval.Level:P0} CI");
            var ends = string.Create(Invariant, $"the one-sided bounds at level {(1 - interval.Level) / 2:G3}");
            text.Append(Invariant, $"  {EstimateLabel(outcome.Claim)}: {test.Estimate:G4}, {label} [{interval.Low:G4}, {interval.High:G4}] (its ends are {ends})\n");
            text.Append(Invariant, $"  test: {test.Test}, statistic = {test.Statistic:G4}{df}, margin = {test.Margin:G4}\n");
        }
        text.Append(Invariant, $"  p(for) = {outcome.PSupport:G4}, p(against) = {outcome.PRefute:G4}, α = {outcome.Settings.Alpha}");
        if (outcome.Settings.IsSequential)
            text.Append(Invariant, $", sequential look {outcome.Looks} of {outcome.Settings.Looks().Count} ({ClaimSettings.SpendingName(outcome.Settings.SpendingUsed)} spending) at nominal level {outcome.Threshold:G3}");
        text.Append('\n');
        if (outcome.Effects.Count > 0)
            text.Append("  effects: ").Append(string.Join(", ", outcome.Effects.Select(e => string.Create(Invariant, $"{e.Key} = {e.Value:G4}")))).Append('\n');
        foreach (var part in outcome.Parts)
            text.Append(Invariant, $"  - {part.Label}: {part.Verdict} (p(for) = {part.PSupport:G3}, p(against) = {part.PRefute:G3})\n");
        text.Append(Invariant, $"  runs: {outcome.RunsTrained} trained, {outcome.RunsCached} from the store; {outcome.SeedsPerArm} seeds per arm; wall time {outcome.WallTime.TotalSeconds:F1} s");
        return text.ToString();
    }

    /// <summary>The claim's own outcome, apart from the test's: Reproduced (Supported), Not reproduced (Refuted), Undecided (Inconclusive).</summary>
    public static string AsWritten(Verdict verdict) => verdict switch
    {
        Verdict.Supported => "Reproduced",
        Verdict.Refuted => "Not reproduced",
        _ => "Undecided",
    };

    /// <summary>What a claim's estimate is: a mean, a difference as measured (equivalence, reproduction: not oriented), or an oriented difference.</summary>
    public static string EstimateLabel(ClaimDeclaration claim) => ClaimRules.For(claim).EstimateLabel(claim);

    static string Arm(ArmResult arm)
    {
        var summary = arm.Summary;
        var stats = summary is null ? "no usable runs" : string.Create(Invariant, $"{summary.Mean:G4} ± {summary.StandardDeviation:G3} (n = {summary.N})");
        var extra = (arm.Diverged > 0 ? $", {arm.Diverged} diverged" : "") + (arm.Failed > 0 ? $", {arm.Failed} failed" : "")
            + (arm.FailedFromStore > 0 ? $" ({arm.FailedFromStore} of them read from the store: REPROSPEC_RETRAIN=1 trains them again)" : "");
        return $"{arm.Name}: {arm.Metric} {stats}{extra}";
    }
}

using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Decisions.Rules;
using ReproSpec.Statistics;

namespace ReproSpec.Reports;

/// <summary>The saved essentials of one decided claim: what reports, snapshots and <c>reprospec report</c> are built from.</summary>
/// <remarks>
/// A pure projection of <see cref="ClaimOutcome"/> (see <see cref="From"/>) that survives a JSON round trip, so a
/// report rebuilt later from the saved file is the report the test run wrote.
/// </remarks>
public sealed record ClaimRecord
{
    /// <summary>The test that declared the claim (NUnit full name), plus "#k" when one method declared several claims.</summary>
    public required string Test { get; init; }
    public required string Sentence { get; init; }
    public required string Kind { get; init; }
    public required Verdict Verdict { get; init; }
    public Verdict Expected { get; init; } = Verdict.Supported;
    public bool MetExpectation => Verdict == Expected;
    public string Reason { get; init; } = "";
    public string Label { get; init; } = "";
    public IReadOnlyList<ArmRecord> Arms { get; init; } = [];
    public TestRecord? Comparison { get; init; }
    public double PSupport { get; init; } = double.NaN;
    public double PRefute { get; init; } = double.NaN;
    public double Alpha { get; init; } = 0.05;
    public double Threshold { get; init; } = double.NaN;
    public IReadOnlyDictionary<string, double> Effects { get; init; } = new Dictionary<string, double>();
    public int SeedsPerArm { get; init; }
    public int Looks { get; init; } = 1;

    /// <summary>The declared design in words (<see cref="ClaimSettings.Design"/>): seeds per arm, and for a sequential claim its looks and spending function.</summary>
    public string Design { get; init; } = "";
    public int? SeedsToDecide { get; init; }
    public IReadOnlyList<ClaimRecord> Parts { get; init; } = [];

    /// <summary>Lines in the metric's own units a plot draws over the arms: a threshold, a reported mean.</summary>
    public IReadOnlyList<ReferenceLine> ArmLines { get; init; } = [];

    /// <summary>Lines on the scale of <see cref="Comparison"/>'s estimate: the margin, ±tolerance, no difference.</summary>
    public IReadOnlyList<ReferenceLine> EstimateLines { get; init; } = [];

    /// <summary>Where the reported result came from, for a reproduction claim (the <c>Reported</c> input and its source).</summary>
    public string? ReportedSource { get; init; }

    /// <summary>The code fingerprint of each experiment type behind the claim, the one in its runs' identities.</summary>
    public IReadOnlyDictionary<string, string> CodeFingerprints { get; init; } = new Dictionary<string, string>();
    /// <summary>What each command arm's environment probe saw (interpreter, version, package versions), by arm name; the text its run keys hold.</summary>
    public IReadOnlyDictionary<string, string> Interpreters { get; init; } = new Dictionary<string, string>();
    public int RunsTrained { get; init; }
    public int RunsCached { get; init; }

    /// <summary>The claim's pre-registration: its expectation, whether it was recorded before or after the results, and its changes of design; null when snapshots are off.</summary>
    public string? PreRegistration { get; init; }

    /// <summary>The claim method's reproducibility card file (<see cref="ClaimCard"/>), beside its snapshot; null when it has no accepted snapshot.</summary>
    public string? CardPath { get; init; }

    /// <summary>The card's text (Markdown), as its accepted snapshot and declaration give it; null when there is none.</summary>
    public string? Card { get; init; }

    /// <summary>Why the claim's test failed apart from its verdict (its snapshot changed), in one line; null when nothing else failed it.</summary>
    public string? TestFailure { get; init; }

    /// <summary>The test's outcome in words: passed because the verdict met its pre-registered expectation, or failed and why.</summary>
    public string TestOutcome => TestFailure is { } failure ? $"failed: {failure}"
        : MetExpectation ? $"passed ({Verdict} as pre-registered)" : $"failed: verdict {Verdict}, expected {Expected}";

    /// <summary>The run keys the claim was decided from (what `reprospec export` publishes).</summary>
    public IReadOnlyList<string> RunKeys { get; init; } = [];

    /// <summary>The devices the runs were trained on (cpu, cuda).</summary>
    public IReadOnlyList<string> Devices { get; init; } = [];
    public double WallSeconds { get; init; }

    /// <summary>The test run that decided the claim; null in files written before runs were recorded.</summary>
    public RunInfo? Run { get; init; }

    /// <summary>Every distinct environment id of the runs behind the claim.</summary>
    public IReadOnlyList<string> Environments => Arms.SelectMany(a => a.Environments).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The code behind each arm: a .NET experiment type's IL fingerprint; for a command arm (whose .NET type is ReproSpec's
    /// own, the same for every script) the content hash of the scripts it runs, under the arm's name.
    /// </summary>
    static Dictionary<string, string> CodeOf(IReadOnlyList<Arm> arms)
    {
        var code = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var experiment in arms.Select(a => a.Experiment))
        {
            if (experiment is Experiments.CommandExperiment command) code.TryAdd(command.Name, command.ScriptFingerprint);
            else code.TryAdd(experiment.GetType().Name, Planning.CodeFingerprint.Of(experiment.GetType()));
        }
        return code;
    }

    public static ClaimRecord From(ClaimOutcome outcome, string test)
    {
        var environments = outcome.Runs.GroupBy(r => r.Experiment)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(r => r.Environment).Where(e => e.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList());
        return new ClaimRecord
        {
            Test = test,
            Sentence = outcome.Claim.Sentence,
            Kind = outcome.Claim.GetType().Name,
            Verdict = outcome.Verdict,
            Expected = outcome.Settings.Expected ?? Verdict.Supported,
            Reason = outcome.Reason,
            Label = outcome.Label,
            Arms = outcome.Arms.Select(a => new ArmRecord(a.Name, a.Experiment, a.Metric, a.Seeds, a.Values, a.Diverged, a.Failed,
                environments.TryGetValue(a.Experiment, out var e) ? e : []) { Inputs = a.Inputs }).ToList(),
            Comparison = outcome.Test is { } t
                ? new TestRecord(t.Test, t.Estimate, t.DifferenceInterval.Low, t.DifferenceInterval.High, t.DifferenceInterval.Level, t.Statistic, t.DegreesOfFreedom, t.Margin)
                : null,
            PSupport = outcome.PSupport,
            PRefute = outcome.PRefute,
            Alpha = outcome.Settings.Alpha,
            Threshold = outcome.Threshold,
            Effects = outcome.Effects,
            SeedsPerArm = outcome.SeedsPerArm,
            Looks = outcome.Looks,
            Design = outcome.Settings.Design(),
            SeedsToDecide = outcome.SeedsToDecide,
            Parts = outcome.Parts.Select(p => From(p, test)).ToList(),
            ArmLines = ReferenceLines.OnArms(outcome.Claim),
            EstimateLines = ReferenceLines.OnEstimate(outcome.Claim),
            ReportedSource = ClaimRules.For(outcome.Claim).ReportedSource(outcome.Claim),
            CodeFingerprints = CodeOf(outcome.Claim.Arms),
            Interpreters = outcome.Claim.Arms.Select(a => a.Experiment).OfType<Experiments.CommandExperiment>().DistinctBy(c => c.Name)
                .ToDictionary(c => c.Name, c => c.EnvironmentProbe(), StringComparer.Ordinal),
            RunsTrained = outcome.RunsTrained,
            RunsCached = outcome.RunsCached,
            RunKeys = outcome.Runs.Select(r => r.Key).Concat(outcome.Parts.SelectMany(p => p.Runs.Select(r => r.Key))).Distinct(StringComparer.Ordinal).ToList(),
            Devices = outcome.Runs.Select(r => r.Device).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            WallSeconds = outcome.WallTime.TotalSeconds,
        };
    }
}

/// <summary>One arm's per-seed values of the claim's metric and the environments its runs came from.</summary>
public sealed record ArmRecord(string Name, string Experiment, string Metric, IReadOnlyList<int> Seeds, IReadOnlyList<double> Values,
    int Diverged, int Failed, IReadOnlyList<string> Environments)
{
    /// <summary>What the runs were computed from besides seed and machine; null in files written before it was recorded.</summary>
    public Planning.RunInputs? Inputs { get; init; }

    /// <summary>The finite values' summary, or null when no run is usable.</summary>
    public Summary? Summary => Values.Any(double.IsFinite) ? Summary.Of(Values.Where(double.IsFinite).ToArray()) : null;
}

/// <summary>The claim's test: estimate (better is larger), its two-sided interval, statistic and margin.</summary>
public sealed record TestRecord(string Name, double Estimate, double Low, double High, double Level, double Statistic, double? DegreesOfFreedom, double Margin);

/// <summary>A labelled horizontal line of a claim's plot: "threshold 0.95", "margin 0.03", "reported mean 0.953".</summary>
public sealed record ReferenceLine(string Label, double Value);

/// <summary>The reference lines each claim shape puts on its plot; empty where a shape has none.</summary>
static class ReferenceLines
{
    public static IReadOnlyList<ReferenceLine> OnArms(ClaimDeclaration claim) =>
        ClaimRules.For(claim).ArmLines(claim).Select(l => new ReferenceLine(l.Label, l.Value)).ToList();

    public static IReadOnlyList<ReferenceLine> OnEstimate(ClaimDeclaration claim) =>
        ClaimRules.For(claim).EstimateLines(claim).Select(l => new ReferenceLine(l.Label, l.Value)).ToList();
}

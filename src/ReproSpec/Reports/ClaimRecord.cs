using ReproSpec.Claims;
using ReproSpec.Decisions;
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
    public int RunsTrained { get; init; }
    public int RunsCached { get; init; }
    public double WallSeconds { get; init; }

    /// <summary>The test run that decided the claim; null in files written before runs were recorded.</summary>
    public RunInfo? Run { get; init; }

    /// <summary>Every distinct environment id of the runs behind the claim.</summary>
    public IReadOnlyList<string> Environments => Arms.SelectMany(a => a.Environments).Distinct().Order(StringComparer.Ordinal).ToList();

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
                environments.TryGetValue(a.Experiment, out var e) ? e : [])).ToList(),
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
            RunsTrained = outcome.RunsTrained,
            RunsCached = outcome.RunsCached,
            WallSeconds = outcome.WallTime.TotalSeconds,
        };
    }
}

/// <summary>One arm's per-seed values of the claim's metric and the environments its runs came from.</summary>
public sealed record ArmRecord(string Name, string Experiment, string Metric, IReadOnlyList<int> Seeds, IReadOnlyList<double> Values,
    int Diverged, int Failed, IReadOnlyList<string> Environments)
{
    /// <summary>The finite values' summary, or null when no run is usable.</summary>
    public Summary? Summary => Values.Any(double.IsFinite) ? Summary.Of(Values.Where(double.IsFinite).ToArray()) : null;
}

/// <summary>The claim's test: estimate (better is larger), its two-sided interval, statistic and margin.</summary>
public sealed record TestRecord(string Name, double Estimate, double Low, double High, double Level, double Statistic, double? DegreesOfFreedom, double Margin);

using ReproSpec.Claims;
using ReproSpec.Statistics;
using ReproSpec.Store;

namespace ReproSpec.Decisions;

/// <summary>One arm's per-seed values of the claim's metric, after the divergence policy was applied.</summary>
public sealed record ArmResult(string Name, string Experiment, string Metric, IReadOnlyList<int> Seeds, IReadOnlyList<double> Values, int Diverged, int Failed)
{
    public Summary? Summary => Values.Count > 0 ? Summary.Of(Values.ToArray()) : null;

    /// <summary>How many of the <see cref="Failed"/> runs were read from the store rather than trained in this run.</summary>
    public int FailedFromStore { get; init; }

    /// <summary>What the arm's runs were computed from besides seed and machine (code, data, parameters, version).</summary>
    public Planning.RunInputs? Inputs { get; init; }
}

/// <summary>The evidence at one look: the one-sided p-values for and against the claim, and the test behind them.</summary>
public sealed record Evidence(double PSupport, double PRefute, TestResult? Test, IReadOnlyDictionary<string, double> Effects, IReadOnlyList<ClaimOutcome> Parts)
{
    /// <summary>Plans <see cref="SeedsToDecide"/>; run only when asked, i.e. for an undecided claim (the plan costs more than the look).</summary>
    public Lazy<int?> SeedsPlan { get; init; } = new(() => null);

    /// <summary>Fresh seeds per arm at which a new design of the claim's kind has 80 % power at its last look's level if the observed effect were true, when it can be estimated.</summary>
    public int? SeedsToDecide => SeedsPlan.Value;

    /// <summary>
    /// True when <see cref="SeedsPlan"/> counts the seeds at which the betting test would reject if the next seeds
    /// repeated these (<see cref="BoundedMean.SeedsToReject"/>), not seeds for 80 % power: the advice says which.
    /// </summary>
    public bool PlansRejection { get; init; }

    /// <summary>What the verdict assumes beyond the test's own null, e.g. when every seed gave the same value; appended to the reason.</summary>
    public string? Note { get; init; }

    /// <summary>Why no test could run at this look (too few usable runs): a later look may decide; at the last look it is a declaration error with this message.</summary>
    public string? Undecidable { get; init; }
}

/// <summary>A decided claim: the verdict with every number behind it. Reports and adapters are functions of this.</summary>
public sealed record ClaimOutcome
{
    public required ClaimDeclaration Claim { get; init; }
    public required ClaimSettings Settings { get; init; }
    public required Verdict Verdict { get; init; }

    /// <summary>Why the verdict is what it is, in one sentence.</summary>
    public required string Reason { get; init; }
    public string Label { get; init; } = "";
    public IReadOnlyList<ArmResult> Arms { get; init; } = [];
    public TestResult? Test { get; init; }
    public double PSupport { get; init; } = double.NaN;
    public double PRefute { get; init; } = double.NaN;

    /// <summary>The nominal level the last look was judged at (α itself for a single look).</summary>
    public double Threshold { get; init; } = double.NaN;
    public IReadOnlyDictionary<string, double> Effects { get; init; } = new Dictionary<string, double>();
    public int SeedsPerArm { get; init; }
    public int Looks { get; init; } = 1;
    public int? SeedsToDecide { get; init; }
    public IReadOnlyList<ClaimOutcome> Parts { get; init; } = [];
    public IReadOnlyList<RunRecord> Runs { get; init; } = [];
    public int RunsTrained { get; init; }
    public int RunsCached { get; init; }
    public TimeSpan WallTime { get; init; }

    /// <summary>True when the verdict is the one the claim declared it expects (Supported unless stated).</summary>
    public bool MetExpectation => Verdict == (Settings.Expected ?? Verdict.Supported);
}

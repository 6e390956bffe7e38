using System.Globalization;
using System.Text.Json;
using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Decisions.Rules;

namespace ReproSpec.Snapshots;

/// <summary>
/// A claim's pre-registered design as the snapshot records it: what the hypothesis is (shape, arms, metric,
/// margin), how it is decided (α, test, seeds and looks, spending, divergence policy, fixed sources, first seed) and
/// what the author expects (<see cref="Expected"/>, <see cref="Because"/>). Display text (the sentence, arm names) is
/// not part of it.
/// </summary>
/// <param name="Shape">The claim shape: beats, not worse, threshold, equivalent, reproduces, ranks, beats on most seeds, divergence, holds across.</param>
/// <param name="Hypothesis">What the claim asserts, with its margin, bound or tolerance, in words that do not depend on arm names.</param>
/// <param name="Metric">The metric and the direction that counts as better.</param>
/// <param name="Arms">Each arm's experiment (type and parameters as JSON), in the order of its role in the claim.</param>
/// <param name="Alpha">Each one-sided error rate.</param>
/// <param name="Test">The declared test (Auto is recorded as Auto).</param>
/// <param name="MinSeeds">Seeds per arm at the first look.</param>
/// <param name="MaxSeeds">Seeds per arm at the last look.</param>
/// <param name="Batch">Seeds added per look.</param>
/// <param name="Spending">The spending function of a sequential design; null for a fixed number of seeds.</param>
/// <param name="Divergence">What diverged runs count as.</param>
/// <param name="FixedSources">Sources of variance held at their seed-0 value, sorted.</param>
/// <param name="FirstSeed">The first seed number.</param>
/// <param name="Seeds">The seed numbers the recorded result used (every arm); null when no result was decided under this design yet.</param>
public sealed record ClaimDesign(string Shape, string Hypothesis, string Metric, IReadOnlyList<string> Arms, double Alpha, TestKind Test,
    int MinSeeds, int MaxSeeds, int Batch, string? Spending, DivergencePolicy Divergence, IReadOnlyList<string> FixedSources, int FirstSeed,
    IReadOnlyList<int>? Seeds = null)
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The verdict the author expects (Supported unless declared otherwise); null in designs recorded before expectations were.</summary>
    public string? Expected { get; init; }

    /// <summary>Why the author expects a verdict other than Supported; null when none is given.</summary>
    public string? Because { get; init; }

    /// <summary>The share of α kept back for a combined continuation (<see cref="ClaimSettings.ContinuationShare"/>); null (not written) when none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? ContinuationShare { get; init; }

    /// <summary>The earlier attempt a combined continuation combines with (<see cref="ClaimSettings.Continues"/>); null (not written) otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public EarlierAttempt? Continues { get; init; }

    /// <summary>
    /// The test <see cref="TestKind.Auto"/> stands for in this design's comparisons (written when Test is Auto). Null
    /// (not written) in designs recorded before issue #25, when Auto was Student's paired t: a claim keeps the test its
    /// results were registered under (<see cref="AutoMeans"/>), so an upgrade of ReproSpec never re-judges them.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public TestKind? AutoTest { get; init; }

    /// <summary>What Auto stood for before issue #25 made it the skew-robust paired t: the paired t.</summary>
    public const TestKind AutoBeforeSkewRobust = TestKind.PairedT;

    /// <summary>The test Auto stands for in this design: <see cref="AutoTest"/>, or the paired t in a design recorded without it.</summary>
    public TestKind AutoMeans => AutoTest ?? AutoBeforeSkewRobust;

    /// <summary>True when this design records an expectation (designs written before expectations were part of them do not).</summary>
    public bool RecordsExpectation => Expected is not null;

    /// <summary>The design a claim declares, before any run.</summary>
    public static ClaimDesign Declared(ClaimDeclaration claim, ClaimSettings settings)
    {
        var (shape, hypothesis, metric) = Describe(claim);
        return new ClaimDesign(shape, hypothesis, metric, claim.Arms.Distinct().Select(ArmIdentity).ToList(), settings.Alpha, settings.Test,
            settings.MinSeeds, settings.MaxSeeds, settings.Batch, settings.IsSequential ? settings.SpendingUsed.ToString() : null,
            settings.Divergence, settings.FixedSources.Order(StringComparer.Ordinal).ToList(), settings.FirstSeed)
        {
            Expected = (settings.Expected ?? Verdict.Supported).ToString(),
            Because = string.IsNullOrWhiteSpace(settings.Because) ? null : settings.Because,
            ContinuationShare = settings.ContinuationShare > 0 ? settings.ContinuationShare : null,
            Continues = settings.Continues,
            AutoTest = settings.Test == TestKind.Auto ? settings.AutoTest : null,
        };
    }

    /// <summary>The design of a decided claim, with the seed numbers its runs used.</summary>
    public static ClaimDesign Of(ClaimOutcome outcome) =>
        Declared(outcome.Claim, outcome.Settings) with { Seeds = outcome.Settings.SeedNumbers(outcome.SeedsPerArm).ToList() };

    /// <summary>What differs between two declarations, one "setting: before → after" line each; empty when they declare the same design.</summary>
    public static IReadOnlyList<string> Differences(ClaimDesign before, ClaimDesign after)
    {
        var differences = new List<string>();
        void Compare<T>(string name, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b)) differences.Add($"{name}: {Show(a)} → {Show(b)}");
        }
        void CompareLists(string name, IReadOnlyList<string> a, IReadOnlyList<string> b)
        {
            if (!a.SequenceEqual(b, StringComparer.Ordinal)) differences.Add($"{name}: [{string.Join(", ", a)}] → [{string.Join(", ", b)}]");
        }
        Compare("shape", before.Shape, after.Shape);
        Compare("hypothesis", before.Hypothesis, after.Hypothesis);
        Compare("metric", before.Metric, after.Metric);
        CompareLists("arms", before.Arms.Select(NormalisedArm).ToList(), after.Arms.Select(NormalisedArm).ToList());
        Compare("Alpha", before.Alpha, after.Alpha);
        Compare("Test", before.Test, after.Test);
        if (before.Test == TestKind.Auto && after.Test == TestKind.Auto) Compare("Auto test", before.AutoMeans, after.AutoMeans);
        Compare("MinSeeds", before.MinSeeds, after.MinSeeds);
        Compare("MaxSeeds", before.MaxSeeds, after.MaxSeeds);
        // Batch and spending mean nothing for a fixed number of seeds (one look): only a sequential design's count.
        if (before.Spending is not null || after.Spending is not null)
        {
            Compare("Batch", before.Batch, after.Batch);
            Compare("Spending", before.Spending ?? "none (fixed seeds)", after.Spending ?? "none (fixed seeds)");
        }
        Compare("Divergence", before.Divergence, after.Divergence);
        CompareLists("FixedSources", before.FixedSources, after.FixedSources);
        Compare("FirstSeed", before.FirstSeed, after.FirstSeed);
        // Keeping α back lowers this attempt's levels; what a continuation combines with is its hypothesis test.
        Compare("ContinuationShare", before.ContinuationShare ?? 0, after.ContinuationShare ?? 0);
        Compare("Continues", before.Continues, after.Continues);
        // The expectation is pre-registered like the test: a verdict expected after the results were seen is no prediction.
        if (before.RecordsExpectation)
        {
            Compare("Expect", before.Expected, after.Expected);
            Compare("Because", before.Because, after.Because);
        }
        return differences;
    }

    /// <summary>True when the two declare the same design (the seeds a result used are not part of the declaration).</summary>
    public bool DeclaresSameAs(ClaimDesign other) => Differences(this, other).Count == 0;

    /// <summary>The seed numbers this design can use: FirstSeed … FirstSeed + MaxSeeds − 1.</summary>
    public IEnumerable<int> SeedsItMayUse() => Enumerable.Range(FirstSeed, MaxSeeds);

    /// <summary>The design in one line, e.g. "beats: … on test_accuracy (higher is better); α = 0.05, Auto test, 5 seeds per arm from seed 0, divergence Exclude".</summary>
    public string Describe()
    {
        var seeds = Spending is null
            ? string.Create(Invariant, $"{MinSeeds} seeds per arm")
            : string.Create(Invariant, $"sequential {MinSeeds} to {MaxSeeds} seeds per arm by {Batch}, {Spending} spending");
        var fixedSources = FixedSources.Count == 0 ? "" : $", fixed sources [{string.Join(", ", FixedSources)}]";
        var expected = Expected is null ? "" : $"; expected {Expected}" + (Because is null ? "" : $" because \"{Because}\"");
        return string.Create(Invariant, $"{Shape}: {Hypothesis} on {Metric}; α = {Alpha}, {Test} test, {seeds} from seed {FirstSeed}, divergence {Divergence}{fixedSources}{expected}");
    }

    static string Show<T>(T value) => value switch
    {
        double d => d.ToString("R", Invariant),
        null => "none",
        _ => value.ToString() ?? "",
    };

    // The experiment's type and parameters, without its display name: renaming an arm is cosmetic, changing what it trains is
    // not. Run-control members (a timeout, an install hint) say how a run is controlled, not what it computes: left out.
    static string ArmIdentity(Arm arm) => $"{arm.Experiment.GetType().Name} {Planning.KeyParameters.Of(arm.Experiment)}";

    /// <summary>
    /// An arm's identity without parameters at their default (null, false, 0, "", empty, Version "1"), and without the
    /// run-control members older records wrote: a package upgrade that adds an option at its default, or moves a
    /// timeout out of the identity, declares the same design.
    /// </summary>
    static string NormalisedArm(string arm)
    {
        var space = arm.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0 || JsonNodeOrNull(arm[(space + 1)..]) is not System.Text.Json.Nodes.JsonObject parameters) return arm;
        foreach (var name in parameters.Where(p => IsDefault(p.Key, p.Value) || RunControl.Contains(p.Key)).Select(p => p.Key).ToList()) parameters.Remove(name);
        return arm[..space] + " " + parameters.ToJsonString();
    }

    // Run-control members of the shipped experiments, recorded in designs before they were marked [RunControl].
    static readonly HashSet<string> RunControl = new(StringComparer.Ordinal) { "TimeoutSeconds", "Requires", "Install" };

    static System.Text.Json.Nodes.JsonNode? JsonNodeOrNull(string json)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static bool IsDefault(string name, System.Text.Json.Nodes.JsonNode? value) => value switch
    {
        null => true,
        System.Text.Json.Nodes.JsonArray a => a.Count == 0,
        System.Text.Json.Nodes.JsonObject o => o.Count == 0,
        System.Text.Json.Nodes.JsonValue v when v.TryGetValue<bool>(out var b) => !b,
        System.Text.Json.Nodes.JsonValue v when v.TryGetValue<double>(out var d) => d == 0,
        System.Text.Json.Nodes.JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0 || name == "Version" && s == "1",
        _ => false,
    };

    static (string Shape, string Hypothesis, string Metric) Describe(ClaimDeclaration claim) => ClaimRules.For(claim).Describe(claim);
}

/// <summary>
/// A change of a claim's recorded design: from which design to which, what kind of continuation it is, and who
/// accepted it why. Appended by a test run, completed by <c>reprospec accept</c>.
/// </summary>
/// <param name="From">The design the earlier results were decided under; null when the snapshot recorded none (written before designs were recorded).</param>
/// <param name="To">The design declared now.</param>
/// <param name="Kind">See <see cref="DesignChangeKind"/>.</param>
/// <param name="Reason">Why the change was made (`reprospec accept --reason`); required when the new design reuses seeds already seen.</param>
/// <param name="Accepted">When `reprospec accept` recorded it; null while the change waits in a received snapshot.</param>
public sealed record DesignChange(ClaimDesign? From, ClaimDesign To, DesignChangeKind Kind, string? Reason = null, DateTimeOffset? Accepted = null)
{
    /// <summary>True when accepting the change needs a reason: the new design would decide on seeds already seen.</summary>
    public bool NeedsReason => Kind == DesignChangeKind.SeedsReused;
}

/// <summary>What kind of change of design a snapshot records.</summary>
public enum DesignChangeKind
{
    /// <summary>The snapshot recorded no design (it predates design records); the declared design is recorded as the one its results were obtained under.</summary>
    Recorded,

    /// <summary>A new design on seeds none of the earlier results used: a valid continuation.</summary>
    FreshSeeds,

    /// <summary>A new design on seeds already seen, accepted explicitly with a reason: the earlier looks are re-tested as if fresh.</summary>
    SeedsReused,

    /// <summary>The recorded design had no expectation (it predates expectations in designs): the expectation was recorded after results were seen.</summary>
    ExpectationRecorded,
}

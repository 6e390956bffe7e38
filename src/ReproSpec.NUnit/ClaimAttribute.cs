using System.Runtime.CompilerServices;
using NUnit.Framework;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using NUnit.Framework.Internal.Builders;
using NUnit.Framework.Internal.Commands;
using ReproSpec.Claims;
using ReproSpec.Statistics;

namespace ReproSpec.NUnit;

/// <summary>The verdict a claim is declared to expect; a documented non-reproduction expects Refuted.</summary>
public enum ExpectedVerdict
{
    Supported,
    Refuted,
    Inconclusive,
}

/// <summary>
/// Marks a parameterless method as a reproducibility claim: the method declares the claim with
/// <see cref="Claim"/>, then ReproSpec trains the seeded runs and decides it. Supported passes, Refuted fails,
/// Inconclusive is inconclusive (a failure with REPROSPEC_STRICT=1). The properties are the pre-registration.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ClaimAttribute : NUnitAttribute, ISimpleTestBuilder, IApplyToTest, IImplyFixture, IWrapTestMethod, IClaimSettingsSource, Sessions.IClaimSourceFile
{
    readonly NUnitTestCaseBuilder builder = new();

    /// <param name="sourceFile">Filled in by the compiler: the fixture's source file, beside which the claim's snapshot lives.</param>
    public ClaimAttribute([CallerFilePath] string sourceFile = "")
    {
        SourceFile = sourceFile;
    }

    /// <summary>The source file that declares the claim (from [CallerFilePath]); its snapshots are written beside it.</summary>
    public string SourceFile { get; }

    /// <summary>Check the claim's per-seed distributions against its committed *.verified.json snapshot; default true.</summary>
    public bool Snapshot { get; set; } = true;

    /// <summary>Significance level of the decision; default 0.05.</summary>
    public double Alpha { get; set; } = 0.05;

    /// <summary>Seeds per arm at the first look; default 5.</summary>
    public int MinSeeds
    {
        get => minSeeds ?? seeds ?? 5;
        set => minSeeds = value;
    }

    /// <summary>Seeds per arm at most (equal to MinSeeds: a fixed number; larger: sequential).</summary>
    public int MaxSeeds
    {
        get => maxSeeds ?? seeds ?? 0;
        set => maxSeeds = value;
    }

    /// <summary>A fixed number of seeds per arm (MinSeeds = MaxSeeds = Seeds); declaring MinSeeds or MaxSeeds as well is an error.</summary>
    public int Seeds
    {
        get => seeds ?? MinSeeds;
        set => seeds = value;
    }

    // Null until declared, so that Seeds together with MinSeeds or MaxSeeds is reported rather than resolved by the order of the named arguments.
    int? minSeeds, maxSeeds, seeds;

    /// <summary>The first seed number; default 0. A new design declared after results were seen runs on fresh seeds: set it after the seeds already used.</summary>
    public int FirstSeed { get; set; }

    /// <summary>Seeds added per arm between sequential looks; default 5.</summary>
    public int Batch { get; set; } = 5;

    /// <summary>How a sequential claim spends α over its looks; default O'Brien–Fleming. Setting it on a fixed number of seeds is a declaration error.</summary>
    public SpendingFunction Spending
    {
        get => spending ?? SpendingFunction.OBrienFleming;
        set => spending = value;
    }

    // Null until declared, so that Spending on a fixed-n claim is reported rather than silently ignored.
    SpendingFunction? spending;

    /// <summary>The statistical test; Auto (default) is paired t when arms share seeds.</summary>
    public TestKind Test { get; set; } = TestKind.Auto;

    /// <summary>What diverged and crashed runs count as; default CountAsWorst (the worst value seen, reported in "why").</summary>
    public DivergencePolicy Divergence { get; set; } = DivergencePolicy.CountAsWorst;

    /// <summary>The verdict this claim is expected to get here; default Supported.</summary>
    public ExpectedVerdict Expect { get; set; } = ExpectedVerdict.Supported;

    /// <summary>Sources of variance held at their seed-0 value on every run (e.g. "split").</summary>
    public string[] FixedSources { get; set; } = [];

    /// <summary>Why this claim is expected to be refuted or inconclusive, for the report.</summary>
    public string? Because { get; set; }

    /// <summary>
    /// The share of α kept back, before any run, for a continuation that would be combined with this attempt if it ends
    /// Inconclusive (e.g. 0.2); default 0, nothing kept back (docs/sequential-design.md).
    /// </summary>
    public double ContinuationShare { get; set; }

    /// <summary>
    /// On a continuation: the earlier attempt it is combined with, as that attempt's Inconclusive message prints it
    /// ("10 of 10 seeds, p(for) …, p(against) …, level …"). Declare it with fresh seeds (FirstSeed after the earlier ones).
    /// </summary>
    public string? Continues { get; set; }

    internal ClaimSettings Settings => new()
    {
        Alpha = Alpha,
        MinSeeds = MinSeeds,
        MaxSeeds = MaxSeeds == 0 ? MinSeeds : MaxSeeds,
        Batch = Batch,
        FirstSeed = FirstSeed,
        Because = Because,
        ContinuationShare = ContinuationShare,
        Continues = Continues is null ? null : EarlierAttempt.Parse(Continues, out _),
        DeclarationConflicts = Conflicts(),
        Spending = spending,
        Test = Test,
        Divergence = Divergence,
        FixedSources = FixedSources,
        Expected = Expect switch
        {
            ExpectedVerdict.Refuted => Verdict.Refuted,
            ExpectedVerdict.Inconclusive => Verdict.Inconclusive,
            _ => null,
        },
    };

    List<string> Conflicts()
    {
        var conflicts = new List<string>();
        if (seeds is { } n && (minSeeds is not null || maxSeeds is not null))
            conflicts.Add($"Seeds = {n} declares a fixed number of seeds, but {(minSeeds is not null && maxSeeds is not null ? "MinSeeds and MaxSeeds are" : minSeeds is not null ? "MinSeeds is" : "MaxSeeds is")} declared too: "
                          + "use Seeds alone for a fixed design, or MinSeeds, MaxSeeds and Batch (without Seeds) for a sequential one.");
        if (Continues is not null && EarlierAttempt.Parse(Continues, out var problem) is null) conflicts.Add(problem!);
        return conflicts;
    }

    ClaimSettings IClaimSettingsSource.Settings => Settings;

    public TestMethod BuildFrom(IMethodInfo method, global::NUnit.Framework.Internal.Test? suite) => builder.BuildTestMethod(method, suite, null);

    public void ApplyToTest(global::NUnit.Framework.Internal.Test test)
    {
        test.Properties.Add(PropertyNames.Category, "Claim");
        var problems = Settings.Problems().ToList();
        if (test is TestMethod { Method: var method } && method.GetParameters().Length > 0)
            problems.Add($"{method.Name} takes parameters, but a claim method takes none: declare each case as its own [Claim] method, or use Claim.Across(…).");
        if (problems.Count > 0)
        {
            test.RunState = RunState.NotRunnable;
            test.Properties.Set(PropertyNames.SkipReason, "Bad claim declaration: " + string.Join(" ", problems));
        }
        if (Because is not null) test.Properties.Set("ExpectedBecause", Because);
    }

    public TestCommand Wrap(TestCommand command) => new ClaimCommand(command, Settings, Snapshot ? SourceFile : null);
}

using System.Reflection;
using ReproSpec.Decisions;
using ReproSpec.Reports;
using ReproSpec.Snapshots;

namespace ReproSpec.Sessions;

/// <summary>
/// A claim test as an adapter names it: its full name, its method's name, its assembly, when its snapshot is checked its
/// fixture's source file, and the claim method itself (its [Paper]/[Competitor] attributes go into the claim's card).
/// </summary>
public sealed record ClaimTest(string Name, string Method, Assembly Assembly, string? SnapshotSource, MethodInfo? ClaimMethod = null);

/// <summary>How a claim test ends, in any test framework's terms.</summary>
public enum ClaimStatus
{
    /// <summary>Every claim met its expectation and its snapshot matches.</summary>
    Passed,

    /// <summary>A claim missed its expectation, its snapshot or design changed, or (strict) it was inconclusive.</summary>
    Failed,

    /// <summary>A claim was inconclusive (not strict).</summary>
    Inconclusive,

    /// <summary>The claim could not be decided as declared.</summary>
    BadDeclaration,
}

/// <summary>What deciding one claim test gave: its status and message, its outcomes and the files written for it.</summary>
public sealed record ClaimResult(ClaimTest Test, ClaimStatus Status, string Message, IReadOnlyList<ClaimOutcome> Outcomes, IReadOnlyList<(string Path, string Description)> Files);

/// <summary>What a test run of claims gave: its suite record (claims, errors, run totals) and where its reports are.</summary>
public sealed record SuiteResult(SuiteRecord Suite, string StoreRoot, string? ReportsIndex, IReadOnlyList<string> Orphans);

/// <summary>Read from a claim method's attribute: the fixture's source file, beside which its snapshot lives, and whether the snapshot is checked.</summary>
public interface IClaimSourceFile
{
    /// <summary>The fixture's source file ([CallerFilePath]); empty when the compiler gave none.</summary>
    string SourceFile { get; }

    /// <summary>Whether the claim's distribution snapshot is checked.</summary>
    bool Snapshot { get; }
}

/// <summary>Read from the claims assembly's suite attribute: the tolerance of snapshot checks across environments.</summary>
public interface ISnapshotToleranceSource
{
    SnapshotTolerance Tolerance { get; }
}

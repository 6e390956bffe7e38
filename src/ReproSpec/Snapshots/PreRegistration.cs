using System.Globalization;
using System.Text;

namespace ReproSpec.Snapshots;

/// <summary>How a claim's declared design relates to the design its verified results were decided under.</summary>
public enum DesignStatus
{
    /// <summary>No verified result of this claim yet: the design is recorded with its first decided result.</summary>
    New,

    /// <summary>The verified snapshot predates design records: the declared design is recorded when the snapshot is accepted again.</summary>
    NotRecorded,

    /// <summary>The declared design is the recorded one.</summary>
    Same,

    /// <summary>A different design on seeds no earlier result used: a valid continuation, decided, then recorded on acceptance.</summary>
    FreshSeeds,

    /// <summary>A different design on seeds already seen: not decided until the change is accepted with a reason.</summary>
    Refused,

    /// <summary>The recorded design is the declared one but records no expectation (it predates expectations in designs): decided, and the expectation is recorded, marked as set after results.</summary>
    ExpectationNotRecorded,
}

/// <summary>One claim's pre-registration check: its status, the recorded and declared designs, and the seeds results already used.</summary>
public sealed record DesignCheck(DesignStatus Status, ClaimSnapshot? Recorded, ClaimDesign Declared, IReadOnlyList<string> Differences)
{
    /// <summary>The claim's sentence as declared now (a changed margin changes it).</summary>
    public string Sentence { get; init; } = Recorded?.Sentence ?? "";

    /// <summary>The change a snapshot records when this check's design is accepted; null when there is none.</summary>
    public DesignChange? Change => Status switch
    {
        DesignStatus.NotRecorded => new DesignChange(null, Declared, DesignChangeKind.Recorded),
        DesignStatus.FreshSeeds => new DesignChange(Recorded!.Design, Declared, DesignChangeKind.FreshSeeds),
        DesignStatus.Refused => new DesignChange(Recorded!.Design, Declared, DesignChangeKind.SeedsReused),
        DesignStatus.ExpectationNotRecorded => new DesignChange(Recorded!.Design, Declared, DesignChangeKind.ExpectationRecorded),
        _ => null,
    };
}

/// <summary>
/// Enforces pre-registration against the verified snapshot: a claim whose declared design differs from the one its
/// results were decided under is not decided again on the same seeds as if they were fresh (docs/sequential-design.md,
/// "Changing a design after results were seen").
/// </summary>
public static class PreRegistration
{
    /// <summary>The phrase every refusal starts with.</summary>
    public const string ChangedAfterResults = "design changed after results were seen";

    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// The verified claim each declared claim continues: by position when the method declares as many claims as the
    /// snapshot holds (a changed margin changes the sentence), else by sentence; null for a claim with no verified result.
    /// </summary>
    public static IReadOnlyList<ClaimSnapshot?> Match(DistributionSnapshot? verified, IReadOnlyList<string> sentences)
    {
        if (verified is null) return sentences.Select(_ => (ClaimSnapshot?)null).ToList();
        if (verified.Claims.Count == sentences.Count) return verified.Claims.ToList();
        var bySentence = verified.Claims.GroupBy(c => c.Sentence).ToDictionary(g => g.Key, g => g.First());
        return sentences.Select(s => bySentence.GetValueOrDefault(s)).ToList();
    }

    /// <summary>Checks one declared design against the verified claim it continues.</summary>
    public static DesignCheck Check(ClaimSnapshot? recorded, ClaimDesign declared, string sentence) => Check(recorded, declared) with { Sentence = sentence };

    static DesignCheck Check(ClaimSnapshot? recorded, ClaimDesign declared)
    {
        if (recorded is null) return new(DesignStatus.New, null, declared, []);
        if (recorded.Design is null) return new(DesignStatus.NotRecorded, recorded, declared, []);
        var differences = ClaimDesign.Differences(recorded.Design, declared);
        if (differences.Count == 0)
            return new(recorded.Design.RecordsExpectation ? DesignStatus.Same : DesignStatus.ExpectationNotRecorded, recorded, declared, []);
        var used = recorded.SeedsUsed;
        var fresh = !declared.SeedsItMayUse().Any(used.Contains);
        return new(fresh ? DesignStatus.FreshSeeds : DesignStatus.Refused, recorded, declared, differences);
    }

    /// <summary>The first seed after every seed the claim's results have used.</summary>
    public static int NextFreshSeed(ClaimSnapshot recorded) => recorded.SeedsUsed.Count == 0 ? 0 : recorded.SeedsUsed.Max() + 1;

    /// <summary>The failure message for a refused design: both designs, what changed, and the valid continuations.</summary>
    /// <param name="check">A <see cref="DesignStatus.Refused"/> check.</param>
    /// <param name="verifiedPath">The verified snapshot that records the earlier design.</param>
    /// <param name="receivedPath">Where the received snapshot proposing the new design was written.</param>
    /// <param name="stem">The snapshot's name (&lt;FixtureFile&gt;.&lt;Method&gt;), for `reprospec accept --claim`.</param>
    public static string Refusal(DesignCheck check, string verifiedPath, string receivedPath, string stem)
    {
        var recorded = check.Recorded!;
        var seen = Ranges(recorded.SeedsUsed);
        var next = NextFreshSeed(recorded);
        var text = new StringBuilder();
        text.Append(Invariant, $"Pre-registration: {ChangedAfterResults}: {Path.GetFileName(verifiedPath)} records results of \"{recorded.Sentence}\" ({recorded.Verdict}, seeds {seen}) under another design.\n");
        text.Append("  recorded: ").Append(recorded.Design!.Describe()).Append('\n');
        text.Append("  declared: ").Append(check.Declared.Describe()).Append('\n');
        text.Append("  changed: ").Append(string.Join("; ", check.Differences)).Append('\n');
        text.Append(Invariant, $"The declared design would use seeds {Ranges(check.Declared.SeedsItMayUse().ToHashSet())}, and seeds {seen} have been seen: deciding it on them would test them again as if fresh, ");
        text.Append("which raises each error rate above α (a claim re-declared until it is decided is optional continuation). The claim is not decided. Valid continuations:\n");
        text.Append(Invariant, $"  - run the new design on fresh seeds: add FirstSeed = {next} to its [Claim(…)] (seeds from {next} on were never used);\n");
        text.Append("  - or keep the recorded design: undo the change;\n");
        text.Append(Invariant, $"  - or, when the change does not come from the results (a mistyped margin, a test that does not fit the data), accept it explicitly: `reprospec accept --claim {stem} --reason \"why\"` records the reason and both designs in the snapshot, and the next run decides the new design on the seeds already seen (the snapshot's history says so).\n");
        // Müller & Schäfer (2004): a change is valid when the new design's conditional error given the data seen is at most
        // the old design's. The old design was recorded at its end (a verdict, or its last look Inconclusive), where its
        // conditional error is 0, so no extension over seen and new seeds can keep α (docs/statistics.md, "Continuations").
        text.Append(Invariant, $"No extension of the recorded design over seeds {seen} and new seeds is offered: the recorded design ended ({recorded.Verdict}), so the chance it would still reject is 0, and any extension that can decide re-spends α on seen seeds (docs/statistics.md, \"Continuations after results were seen\").\n");
        text.Append("Received snapshot (the recorded results with the proposed design): ").Append(receivedPath);
        return text.ToString();
    }

    /// <summary>
    /// The received snapshot of a run whose design was refused: the verified results unchanged, each refused claim's
    /// design replaced by the declared one, and the change waiting for `reprospec accept --reason`.
    /// </summary>
    public static DistributionSnapshot Proposal(DistributionSnapshot verified, IReadOnlyList<DesignCheck> checks)
    {
        var claims = verified.Claims.ToList();
        foreach (var check in checks.Where(c => c.Status == DesignStatus.Refused))
        {
            var index = claims.IndexOf(check.Recorded!);
            // The sentence as declared now: the snapshot then holds the claim as it will be decided, with the results it has so far.
            claims[index] = check.Recorded! with { Sentence = check.Sentence, Design = check.Declared, DesignChanges = [.. check.Recorded!.History, check.Change!] };
        }
        return new DistributionSnapshot(claims);
    }

    /// <summary>
    /// The received snapshot of a decided run: each claim carries its verified history, plus the change of design
    /// this run made (a design recorded for the first time, fresh seeds, or an accepted reuse now decided).
    /// </summary>
    public static DistributionSnapshot WithHistory(DistributionSnapshot received, IReadOnlyList<DesignCheck> checks)
    {
        var claims = received.Claims.Select((claim, i) =>
        {
            var check = i < checks.Count ? checks[i] : null;
            var history = check?.Recorded?.History ?? [];
            if (check?.Change is { } change) history = [.. history, change];
            return claim with { DesignChanges = history };
        }).ToList();
        return new DistributionSnapshot(claims);
    }

    /// <summary>The changes of design a decided run makes that fail it until the snapshot is accepted (a new design on fresh seeds), one line each.</summary>
    public static IReadOnlyList<string> Changes(IReadOnlyList<DesignCheck> checks) => checks.SelectMany(check => check.Status switch
    {
        DesignStatus.FreshSeeds => [$"\"{check.Recorded!.Sentence}\": new design on fresh seeds {Ranges(check.Declared.SeedsItMayUse().ToHashSet())} "
                                    + $"(a valid continuation; seeds {Ranges(check.Recorded.SeedsUsed)} were used before): {string.Join("; ", check.Differences)}"],
        _ => Array.Empty<string>(),
    }).ToList();

    /// <summary>
    /// What a decided run records without failing, one line each: a design or an expectation the verified snapshot
    /// predates. Nothing about the results changed (a package upgrade that brings design records must not fail a suite);
    /// the received snapshot records them, marked as recorded after the results, for `reprospec accept`.
    /// </summary>
    public static IReadOnlyList<string> Notes(IReadOnlyList<DesignCheck> checks) => checks.SelectMany(check => check.Status switch
    {
        DesignStatus.NotRecorded => [$"\"{check.Recorded!.Sentence}\": the verified snapshot records no design (written before designs were recorded); "
                                     + "the received one records the declared design and expectation, marked as recorded after the results"],
        DesignStatus.ExpectationNotRecorded => [$"\"{check.Recorded!.Sentence}\": the verified design records no expectation (written before expectations were "
                                                + $"pre-registered); the received one records Expect = {check.Declared.Expected}, marked as set after the results were seen"],
        _ => Array.Empty<string>(),
    }).ToList();

    /// <summary>
    /// The claim's pre-registration in one line for its report: the expectation, whether it was recorded before the
    /// results (with the first result, or by a design the results were decided under) or after them, and every change
    /// of design since, with when and why it was accepted.
    /// </summary>
    public static string Describe(DesignCheck check)
    {
        var declared = check.Declared;
        var expectation = $"expected {declared.Expected ?? "Supported"}" + (declared.Because is null ? "" : $" because \"{declared.Because}\"");
        var status = check.Status switch
        {
            DesignStatus.New => "design and expectation recorded with this first result",
            DesignStatus.Same => "as recorded with the results",
            DesignStatus.FreshSeeds => "a new design on fresh seeds (recorded when the snapshot is accepted)",
            DesignStatus.NotRecorded => "recorded after the results were seen (the snapshot predates design records)",
            DesignStatus.ExpectationNotRecorded => "expectation recorded after the results were seen (the snapshot predates pre-registered expectations)",
            _ => "a changed design, not decided until accepted with a reason",
        };
        var history = (check.Recorded?.History ?? []).Select(change =>
        {
            var what = change.From is null ? "design recorded" : string.Join("; ", ClaimDesign.Differences(change.From, change.To).DefaultIfEmpty("expectation recorded"));
            var when = change.Accepted is { } at ? at.ToString("yyyy-MM-dd", Invariant) : "not accepted yet";
            return $"{Kind(change.Kind)}: {what} (accepted {when}{(change.Reason is null ? "" : $", reason: \"{change.Reason}\"")})";
        }).ToList();
        var auto = declared is { Test: Claims.TestKind.Auto, AutoTest: ClaimDesign.AutoBeforeSkewRobust }
            ? "; Auto is the paired t here, the test it stood for when these results were registered (the skew-robust paired t is Auto since issue #25: re-register on fresh seeds to use it)"
            : "";
        return $"{expectation}; {status}{auto}" + (history.Count == 0 ? "" : "; changes: " + string.Join(" | ", history));
    }

    static string Kind(DesignChangeKind kind) => kind switch
    {
        DesignChangeKind.SeedsReused => "changed after results were seen",
        DesignChangeKind.FreshSeeds => "continued on fresh seeds",
        DesignChangeKind.ExpectationRecorded => "expectation recorded after results",
        _ => "recorded after results",
    };

    /// <summary>
    /// For a claim with no verified result under its own name: a claim recorded in another snapshot file (a renamed or
    /// moved claim method) with the same arms and metric whose seeds the declared design would use again, or null.
    /// Pre-registration follows the claim, not its name: re-declaring it under a new name must not reset its record.
    /// </summary>
    public static (string File, ClaimSnapshot Claim)? RenamedFrom(IEnumerable<(string File, DistributionSnapshot Snapshot)> others, ClaimDesign declared)
    {
        var seeds = declared.SeedsItMayUse().ToHashSet();
        foreach (var (file, snapshot) in others)
        {
            foreach (var claim in snapshot.Claims)
            {
                if (claim.Design is not { } recorded || recorded.Metric != declared.Metric || !recorded.Arms.SequenceEqual(declared.Arms, StringComparer.Ordinal)) continue;
                if (claim.SeedsUsed.Any(seeds.Contains)) return (file, claim);
            }
        }
        return null;
    }

    /// <summary>The failure message for a claim that re-declares a recorded claim under another name on seeds it used.</summary>
    public static string RenameRefusal(string sentence, ClaimDesign declared, string otherFile, ClaimSnapshot recorded, string verifiedPath)
    {
        var next = NextFreshSeed(recorded);
        return $"Pre-registration: {ChangedAfterResults}: \"{sentence}\" has no snapshot of its own, but {Path.GetFileName(otherFile)} records results of "
               + $"\"{recorded.Sentence}\" with the same arms and metric ({recorded.Verdict}, seeds {Ranges(recorded.SeedsUsed)}), and this design would use seeds "
               + $"{Ranges(declared.SeedsItMayUse().ToHashSet())} again. A renamed claim continues its record: rename the snapshot to "
               + $"{Path.GetFileName(verifiedPath)} (`git mv`) so the recorded design and its changes are checked, or run this design on fresh seeds "
               + $"(FirstSeed = {next}), or delete {Path.GetFileName(otherFile)} if that claim is really gone and its results were never seen.";
    }

    /// <summary>Seed numbers as ranges: "0–4, 10–14".</summary>
    public static string Ranges(IReadOnlySet<int> seeds)
    {
        if (seeds.Count == 0) return "none";
        var sorted = seeds.Order().ToList();
        var parts = new List<string>();
        var start = sorted[0];
        for (var i = 1; i <= sorted.Count; i++)
        {
            if (i < sorted.Count && sorted[i] == sorted[i - 1] + 1) continue;
            var end = sorted[i - 1];
            parts.Add(end == start ? $"{start}" : $"{start}–{end}");
            if (i < sorted.Count) start = sorted[i];
        }
        return string.Join(", ", parts);
    }
}

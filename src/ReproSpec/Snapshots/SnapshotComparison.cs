using System.Globalization;
using System.Text;
using ReproSpec.Provenance;
using ReproSpec.Statistics;

namespace ReproSpec.Snapshots;

/// <summary>How a run's snapshot relates to the verified one.</summary>
public enum SnapshotStatus
{
    /// <summary>Same verdicts, same arms, no arm drifted beyond the tolerance: differences are noise.</summary>
    Matches,

    /// <summary>A verdict flipped, an arm appeared or vanished, or an arm's distribution drifted.</summary>
    Differs,

    /// <summary>There is no verified snapshot yet.</summary>
    New,
}

/// <summary>How an arm's received values were compared with its verified ones.</summary>
public enum DriftCheck
{
    /// <summary>Same seeds, same environment: the engine is deterministic there, so every shared seed must give the same value, bit for bit.</summary>
    ExactPerSeed,

    /// <summary>Same seeds, another environment: the per-seed differences must be shown to lie within the practical tolerance (paired TOST).</summary>
    PairedWithinTolerance,

    /// <summary>No shared seeds: Welch's two-sided test of the means plus the practical tolerance.</summary>
    UnpairedWelch,
}

/// <summary>One seed whose value differs between the verified and the received snapshot.</summary>
public sealed record SeedChange(int Seed, double Verified, double Received)
{
    public double Difference => Received - Verified;
}

/// <summary>
/// One arm compared with its verified values: which check applied, its test (Welch's, or the paired t interval
/// of the per-seed differences; none for the exact check), the shared seeds that moved (exact check: any
/// difference; paired: beyond the tolerance) and whether it counts as a change.
/// </summary>
public sealed record ArmDrift(string Claim, string Arm, string Metric, SummarySnapshot? Verified, SummarySnapshot? Received,
    DriftCheck Check, TestResult? Test, double Tolerance, bool Drifted, IReadOnlyList<SeedChange> Moved,
    IReadOnlyList<string> VerifiedEnvironments, IReadOnlyList<string> ReceivedEnvironments)
{
    public bool EnvironmentChanged => !VerifiedEnvironments.SequenceEqual(ReceivedEnvironments);
}

/// <summary>
/// The comparison of a received snapshot with a verified one. Arms that share seeds pair by seed: exactly on
/// the same environment, within the practical tolerance across environments; arms without shared seeds are
/// compared as distributions.
/// </summary>
public sealed record SnapshotComparison(SnapshotStatus Status, IReadOnlyList<string> Changes, IReadOnlyList<ArmDrift> Arms, SnapshotTolerance Tolerance)
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static SnapshotComparison Compare(DistributionSnapshot? verified, DistributionSnapshot received, SnapshotTolerance tolerance)
    {
        if (verified is null) return new(SnapshotStatus.New, ["no verified snapshot yet"], [], tolerance);
        var changes = new List<string>();
        var drifts = new List<ArmDrift>();
        var old = verified.Claims.ToDictionary(c => c.Sentence);
        foreach (var claim in received.Claims)
        {
            if (!old.Remove(claim.Sentence, out var before))
            {
                changes.Add($"new claim \"{claim.Sentence}\" ({claim.Verdict})");
                continue;
            }
            if (before.Verdict != claim.Verdict)
                changes.Add($"verdict flipped: \"{claim.Sentence}\" was {before.Verdict}, now {claim.Verdict}");
            var oldArms = before.Arms.ToDictionary(a => a.Name);
            foreach (var arm in claim.Arms)
            {
                if (!oldArms.Remove(arm.Name, out var was))
                {
                    changes.Add($"\"{claim.Sentence}\": new arm {arm.Name}");
                    continue;
                }
                var drift = Drift(claim.Sentence, was, arm, tolerance);
                drifts.Add(drift);
                if (drift.Drifted) changes.Add($"\"{claim.Sentence}\": arm {arm.Name} drifted on {arm.Metric} ({Name(drift.Check)})");
            }
            changes.AddRange(oldArms.Keys.Select(name => $"\"{claim.Sentence}\": arm {name} is gone"));
        }
        changes.AddRange(old.Keys.Select(sentence => $"claim \"{sentence}\" is no longer declared"));
        return new(changes.Count > 0 ? SnapshotStatus.Differs : SnapshotStatus.Matches, changes, drifts, tolerance);
    }

    static ArmDrift Drift(string claim, ArmSnapshot verified, ArmSnapshot received, SnapshotTolerance tolerance)
    {
        var a = verified.Finite;
        var b = received.Finite;
        var sa = a.Length > 0 ? Summarise(a) : null;
        var sb = b.Length > 0 ? Summarise(b) : null;
        var allowed = sa is null ? tolerance.Absolute : tolerance.For(sa.Mean);
        var pairs = SharedSeeds(verified, received);
        var sameEnvironment = verified.Environments.Count == 1 && verified.Environments.SequenceEqual(received.Environments);
        ArmDrift Result(DriftCheck check, TestResult? test, bool drifted, IReadOnlyList<SeedChange> moved) =>
            new(claim, received.Name, received.Metric, sa, sb, check, test, allowed, drifted, moved, verified.Environments, received.Environments);

        if (pairs.Count > 0 && sameEnvironment)
        {
            // Same code, data and environment give the same value for a seed: any difference, however small, is a change.
            var moved = pairs.Where(p => !Same(p.Verified, p.Received)).ToList();
            return Result(DriftCheck.ExactPerSeed, null, moved.Count > 0, moved);
        }
        var finitePairs = pairs.Where(p => double.IsFinite(p.Verified) && double.IsFinite(p.Received)).ToList();
        if (finitePairs.Count >= 2)
        {
            var moved = pairs.Where(p => !(Math.Abs(p.Difference) <= allowed)).ToList();
            var differences = finitePairs.Select(p => p.Difference).ToArray();
            // Every seed moved by the same amount (zero, typically): the interval is that one difference.
            var constant = differences.All(d => d == differences[0]);
            var test = constant
                ? new TestResult("Paired t", Alternative.TwoSided, 0, double.NaN, differences[0] == 0 ? 1 : 0, null,
                    new ConfidenceInterval(differences[0], differences[0], 1 - 2 * tolerance.Alpha), differences[0])
                : TwoSampleTests.PairedT(finitePairs.Select(p => p.Received).ToArray(), finitePairs.Select(p => p.Verified).ToArray(),
                    Alternative.TwoSided, 0, 1 - 2 * tolerance.Alpha);
            // Two one-sided tests: the change is noise only if the whole (1 − 2α) interval of the mean per-seed
            // difference lies within ± tolerance. A NaN on one side of a pair is a change too.
            // When no seed moved by more than the tolerance the arm is within it whatever the interval: with tied
            // differences (most seeds bit-identical) the exact interval at a few seeds is unbounded.
            var within = moved.Count == 0 || (test.DifferenceInterval.Low >= -allowed && test.DifferenceInterval.High <= allowed);
            var lostRuns = pairs.Count(p => double.IsFinite(p.Verified) != double.IsFinite(p.Received));
            return Result(DriftCheck.PairedWithinTolerance, test, !within || lostRuns > 0, moved);
        }
        return Unpaired(a, b, sa, sb, allowed, tolerance, Result);
    }

    /// <summary>
    /// Welch's two-sided test of the means plus the practical tolerance. With fewer than 2 finite values on a
    /// side no test is possible and only the tolerance decides (a single run shows no noise to excuse a shift).
    /// </summary>
    static ArmDrift Unpaired(double[] a, double[] b, SummarySnapshot? sa, SummarySnapshot? sb, double allowed, SnapshotTolerance tolerance,
        Func<DriftCheck, TestResult?, bool, IReadOnlyList<SeedChange>, ArmDrift> result)
    {
        if (sa is null || sb is null) return result(DriftCheck.UnpairedWelch, null, (sa is null) != (sb is null), []);
        var beyond = Math.Abs(sb.Mean - sa.Mean) > allowed;
        if (a.Length < 2 || b.Length < 2) return result(DriftCheck.UnpairedWelch, null, beyond, []);
        var welch = TwoSampleTests.Welch(b, a, Alternative.TwoSided, 0, 1 - tolerance.Alpha);
        return result(DriftCheck.UnpairedWelch, welch, beyond && welch.PValue < tolerance.Alpha, []);
    }

    /// <summary>The seeds both snapshots hold, in order, with both values (a seed listed twice on one side pairs once).</summary>
    static List<SeedChange> SharedSeeds(ArmSnapshot verified, ArmSnapshot received)
    {
        var before = new Dictionary<int, double>();
        foreach (var (seed, value) in verified.Seeds.Zip(verified.Values)) before.TryAdd(seed, value);
        var pairs = new List<SeedChange>();
        var seen = new HashSet<int>();
        foreach (var (seed, value) in received.Seeds.Zip(received.Values))
        {
            if (seen.Add(seed) && before.TryGetValue(seed, out var was)) pairs.Add(new SeedChange(seed, was, value));
        }
        return pairs;
    }

    // Bitwise: 0.0 and -0.0 differ, and NaN equals NaN (a run that diverged before diverges again).
    static bool Same(double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y) || double.IsNaN(x) && double.IsNaN(y);

    static string Name(DriftCheck check) => check switch
    {
        DriftCheck.ExactPerSeed => "same seeds, same environment: values must match exactly",
        DriftCheck.PairedWithinTolerance => "same seeds, another environment: paired per seed, within the tolerance",
        _ => "no shared seeds: Welch test of the means and the tolerance",
    };

    static SummarySnapshot Summarise(double[] values)
    {
        var s = Summary.Of(values);
        return new SummarySnapshot(s.N, s.Mean, s.StandardDeviation, s.Median, s.Min, s.Max);
    }

    /// <summary>The failure message: what changed, then per arm old vs new (mean ± sd, n), which check applied with its numbers, the seeds that moved, and environment changes.</summary>
    /// <param name="verifiedPath">The committed snapshot.</param>
    /// <param name="receivedPath">Where this run's snapshot was written.</param>
    /// <param name="manifest">Looks up an environment manifest by id (the run store's); with it, changed environments are listed field by field.</param>
    public string Describe(string verifiedPath, string receivedPath, Func<string, EnvironmentManifest?>? manifest = null)
    {
        var text = new StringBuilder();
        if (Status == SnapshotStatus.New)
        {
            text.Append(Invariant, $"New distribution snapshot: no {Path.GetFileName(verifiedPath)} yet. The runs were written to\n  {receivedPath}\n");
            // One command a first-time user can paste as it is: no tool to install first.
            var accept = OperatingSystem.IsWindows() ? "move" : "mv";
            text.Append(Invariant, $"Review it, then accept it with this one command and commit the .verified.json:\n  {accept} \"{receivedPath}\" \"{verifiedPath}\"\n");
            text.Append("(`reprospec accept` accepts every received snapshot under a folder.)");
            return text.ToString();
        }
        text.Append(Invariant, $"Distribution snapshot differs from {Path.GetFileName(verifiedPath)}:\n");
        foreach (var change in Changes) text.Append("  - ").Append(change).Append('\n');
        foreach (var arm in Arms)
        {
            text.Append(Invariant, $"  {(arm.Drifted ? "DRIFTED" : Within(arm.Check))}: {arm.Arm} {arm.Metric}: verified {Show(arm.Verified)} → received {Show(arm.Received)}; {Rule(arm, Tolerance)}\n");
            foreach (var seed in arm.Moved.Take(MovedShown))
                text.Append(Invariant, $"    seed {seed.Seed}: {seed.Verified:R} → {seed.Received:R} (Δ = {seed.Difference:G6})\n");
            if (arm.Moved.Count > MovedShown) text.Append(Invariant, $"    … and {arm.Moved.Count - MovedShown} more seed(s)\n");
            if (arm.EnvironmentChanged)
            {
                text.Append(Invariant, $"    environment: verified [{string.Join(", ", arm.VerifiedEnvironments)}] → received [{string.Join(", ", arm.ReceivedEnvironments)}]\n");
                foreach (var difference in EnvironmentDifferences(arm, manifest)) text.Append("      ").Append(difference).Append('\n');
            }
        }
        text.Append(Invariant, $"Received snapshot: {receivedPath}\nIf the change is intended, accept it with `reprospec accept` and commit the .verified.json.");
        return text.ToString();
    }

    /// <summary>What differs between the first verified and the first received environment, when the store still has both.</summary>
    static IEnumerable<string> EnvironmentDifferences(ArmDrift arm, Func<string, EnvironmentManifest?>? manifest)
    {
        if (manifest is null || arm.VerifiedEnvironments.Count == 0 || arm.ReceivedEnvironments.Count == 0) return [];
        var before = manifest(arm.VerifiedEnvironments[0]);
        var after = manifest(arm.ReceivedEnvironments[0]);
        return before is null || after is null
            ? [$"(environment {(before is null ? arm.VerifiedEnvironments[0] : arm.ReceivedEnvironments[0])} is not in this store: run `reprospec env` on both machines to compare)"]
            : EnvironmentManifest.Differences(before, after);
    }

    const int MovedShown = 10;

    static string Within(DriftCheck check) => check == DriftCheck.ExactPerSeed ? "identical" : "within noise";

    /// <summary>Which of the three checks applied, and its numbers.</summary>
    static string Rule(ArmDrift arm, SnapshotTolerance tolerance) => arm.Check switch
    {
        DriftCheck.ExactPerSeed => string.Create(Invariant,
            $"same seeds on the same environment, so every value must match exactly (a difference means code or data changed): {arm.Moved.Count} seed(s) moved"),
        DriftCheck.PairedWithinTolerance when arm.Test is { } t => string.Create(Invariant,
            $"same seeds on another environment, paired per seed: mean difference {t.Estimate:G4}, {t.DifferenceInterval.Level:P0} interval [{t.DifferenceInterval.Low:G4}, {t.DifferenceInterval.High:G4}] must lie within ±{arm.Tolerance:G3} (paired TOST, α = {tolerance.Alpha:G3}); {arm.Moved.Count} seed(s) moved by more than the tolerance"),
        DriftCheck.UnpairedWelch when arm.Test is { } w => string.Create(Invariant,
            $"no shared seeds, compared as distributions: drift = Welch two-sided p < {tolerance.Alpha:G3} AND |Δmean| > {arm.Tolerance:G3}; Welch t = {w.Statistic:G4}, p = {w.PValue:G3}"),
        _ => string.Create(Invariant, $"no test (fewer than 2 runs on a side): drift = |Δmean| > {arm.Tolerance:G3}"),
    };

    static string Show(SummarySnapshot? s) => s is null ? "no usable runs" : string.Create(Invariant, $"{s.Mean:G4} ± {s.StandardDeviation:G3} (n = {s.N})");
}

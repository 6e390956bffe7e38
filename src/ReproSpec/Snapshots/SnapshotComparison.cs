using System.Globalization;
using System.Text;
using ReproSpec.Provenance;
using ReproSpec.Statistics;

namespace ReproSpec.Snapshots;

/// <summary>How a run's snapshot relates to the verified one.</summary>
public enum SnapshotStatus
{
    /// <summary>Same verdicts, same arms, and no arm changed in a way its rule counts: the conclusion held.</summary>
    Matches,

    /// <summary>A verdict flipped, an arm appeared or vanished, or an arm changed (see <see cref="ArmFinding"/>).</summary>
    Differs,

    /// <summary>There is no verified snapshot yet.</summary>
    New,
}

/// <summary>Which rule compared an arm: exact on a machine environment the snapshot knows, by distribution on another.</summary>
public enum DriftCheck
{
    /// <summary>The runs come from a machine environment the snapshot accepted values on: every shared seed must give the same value, bit for bit.</summary>
    ExactPerSeed,

    /// <summary>
    /// Another machine environment: per-seed values may be redrawn (floating-point order differs across CPUs), so the arm
    /// changed only when its distribution is shown to have moved by more than the tolerance.
    /// </summary>
    AnotherEnvironment,
}

/// <summary>What the comparison found for one arm.</summary>
public enum ArmFinding
{
    /// <summary>Every shared seed gave the same value.</summary>
    Identical,

    /// <summary>Another machine environment; the distribution is not shown to have moved beyond the tolerance (seeds may have).</summary>
    WithinTolerance,

    /// <summary>Same machine environment, same inputs, other values: the runs are not deterministic.</summary>
    Nondeterministic,

    /// <summary>Same machine environment, other values, and the inputs (code, data, parameters, version) changed: a change to review.</summary>
    InputsChanged,

    /// <summary>Another machine environment, and the distribution is shown to have moved by more than the tolerance.</summary>
    Shifted,

    /// <summary>Runs that were usable became unusable (NaN, diverged, failed), or the other way round.</summary>
    RunsLost,
}

/// <summary>One seed whose value differs between the verified and the received snapshot.</summary>
public sealed record SeedChange(int Seed, double Verified, double Received)
{
    public double Difference => Received - Verified;
}

/// <summary>
/// One arm compared with its verified values: the rule that applied, what it found, its test (Welch's interval of
/// the shift, on another environment), the seeds that moved (information on another environment), and which inputs
/// changed.
/// </summary>
public sealed record ArmDrift(string Claim, string Arm, string Metric, SummarySnapshot? Verified, SummarySnapshot? Received,
    DriftCheck Check, ArmFinding Finding, TestResult? Test, double Tolerance, IReadOnlyList<SeedChange> Moved,
    IReadOnlyList<string> VerifiedEnvironments, IReadOnlyList<string> ReceivedEnvironments, IReadOnlyList<string> InputChanges)
{
    /// <summary>True when the finding fails the snapshot.</summary>
    public bool Drifted => Finding is ArmFinding.Nondeterministic or ArmFinding.InputsChanged or ArmFinding.Shifted or ArmFinding.RunsLost;

    public bool EnvironmentChanged => Check == DriftCheck.AnotherEnvironment;
}

/// <summary>
/// The comparison of a received snapshot with a verified one: the same conclusion, not the same rounding. Verdicts
/// must match. An arm whose runs come from a machine environment the snapshot accepted values on is compared seed by
/// seed, exactly (a difference is nondeterminism, or a change of inputs to review); on another environment it fails
/// only when its distribution is shown to have moved by more than the tolerance.
/// </summary>
public sealed record SnapshotComparison(SnapshotStatus Status, IReadOnlyList<string> Changes, IReadOnlyList<ArmDrift> Arms, SnapshotTolerance Tolerance)
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>True when some arm ran on a machine environment the verified snapshot has no values for (accepting adds it).</summary>
    public bool NewEnvironment => Arms.Any(a => a.Check == DriftCheck.AnotherEnvironment);

    public static SnapshotComparison Compare(DistributionSnapshot? verified, DistributionSnapshot received, SnapshotTolerance tolerance)
    {
        if (verified is null) return new(SnapshotStatus.New, ["no verified snapshot yet"], [], tolerance);
        var changes = new List<string>();
        var drifts = new List<ArmDrift>();
        var old = verified.Claims.GroupBy(c => c.Sentence).ToDictionary(g => g.Key, g => g.First());
        foreach (var claim in received.Claims)
        {
            if (!old.Remove(claim.Sentence, out var before))
            {
                changes.Add($"new claim \"{claim.Sentence}\" ({claim.Verdict})");
                continue;
            }
            if (before.Verdict != claim.Verdict)
                changes.Add($"verdict flipped: \"{claim.Sentence}\" was {before.Verdict}, now {claim.Verdict}");
            var oldArms = before.Arms.GroupBy(a => a.Name).ToDictionary(g => g.Key, g => g.First());
            foreach (var arm in claim.Arms)
            {
                if (!oldArms.Remove(arm.Name, out var was))
                {
                    changes.Add($"\"{claim.Sentence}\": new arm {arm.Name}");
                    continue;
                }
                var drift = Drift(claim.Sentence, was, arm, tolerance);
                drifts.Add(drift);
                if (drift.Drifted) changes.Add($"\"{claim.Sentence}\": arm {arm.Name}: {Headline(drift)}");
            }
            changes.AddRange(oldArms.Keys.Select(name => $"\"{claim.Sentence}\": arm {name} is gone"));
        }
        changes.AddRange(old.Keys.Select(sentence => $"claim \"{sentence}\" is no longer declared"));
        return new(changes.Count > 0 ? SnapshotStatus.Differs : SnapshotStatus.Matches, changes, drifts, tolerance);
    }

    static ArmDrift Drift(string claim, ArmSnapshot verified, ArmSnapshot received, SnapshotTolerance tolerance)
    {
        var sets = verified.AcceptedSets;
        var known = sets.FirstOrDefault(s => s.SameEnvironmentAs(received.Environments));
        var b = received.Finite;
        var sb = b.Length > 0 ? Summarise(b) : null;

        ArmDrift Result(EnvironmentValues reference, DriftCheck check, ArmFinding finding, TestResult? test, double allowed, IReadOnlyList<SeedChange> moved,
            IReadOnlyList<string> inputChanges)
        {
            var a = reference.Values.Where(double.IsFinite).ToArray();
            return new(claim, received.Name, received.Metric, a.Length > 0 ? Summarise(a) : null, sb, check, finding, test, allowed, moved,
                reference.Environments, received.Environments, inputChanges);
        }

        IReadOnlyList<string> InputChanges(EnvironmentValues reference) =>
            received.Inputs is { } now && reference.Inputs is { } then ? now.ChangesSince(then) : [];

        if (known is not null && SharedSeeds(known, received) is { Count: > 0 } pairs)
        {
            // Same machine environment: the engine is deterministic there, so a seed's value is a function of the inputs.
            var allowed = tolerance.For(Summarise(known.Values.Where(double.IsFinite).DefaultIfEmpty(0).ToArray()).Mean);
            var moved = pairs.Where(p => !Same(p.Verified, p.Received)).ToList();
            if (moved.Count == 0) return Result(known, DriftCheck.ExactPerSeed, ArmFinding.Identical, null, allowed, [], InputChanges(known));
            var changed = InputChanges(known);
            return Result(known, DriftCheck.ExactPerSeed, changed.Count > 0 ? ArmFinding.InputsChanged : ArmFinding.Nondeterministic, null, allowed, moved, changed);
        }

        // A machine the snapshot does not know (or fresh seeds on a known one): values bit-identical to an accepted set on
        // every shared seed need no test (a package upgrade that changed no number).
        foreach (var set in sets)
        {
            var shared = SharedSeeds(set, received);
            if (shared.Count > 0 && shared.Count == received.Seeds.Distinct().Count() && shared.All(p => Same(p.Verified, p.Received)))
                return Result(set, DriftCheck.ExactPerSeed, ArmFinding.Identical, null, tolerance.For(sb?.Mean ?? 0), [], InputChanges(set));
        }
        return Distributions(sets[0], received, tolerance, Result, InputChanges(sets[0]));
    }

    /// <summary>
    /// Another machine environment: the arm moved only if Welch's (1 − α) interval of the shift of the mean lies wholly
    /// beyond ± the tolerance (each one-sided error ≤ α/2 at a true shift equal to the tolerance). Seeds that moved by more
    /// than the tolerance are listed as information. With no spread on either side the shift is known exactly.
    /// </summary>
    static ArmDrift Distributions(EnvironmentValues reference, ArmSnapshot received, SnapshotTolerance tolerance,
        Func<EnvironmentValues, DriftCheck, ArmFinding, TestResult?, double, IReadOnlyList<SeedChange>, IReadOnlyList<string>, ArmDrift> result,
        IReadOnlyList<string> inputChanges)
    {
        var a = reference.Values.Where(double.IsFinite).ToArray();
        var b = received.Finite;
        var allowed = tolerance.For(a.Length > 0 ? a.Average() : 0);
        var pairs = SharedSeeds(reference, received);
        var moved = pairs.Where(p => !(Math.Abs(p.Difference) <= allowed)).ToList();
        // A seed that gave a usable value on one side and not on the other is a lost (or recovered) run, on any machine.
        var lost = pairs.Count(p => double.IsFinite(p.Verified) != double.IsFinite(p.Received));
        if (a.Length == 0 || b.Length == 0)
            return result(reference, DriftCheck.AnotherEnvironment, a.Length == b.Length ? ArmFinding.WithinTolerance : ArmFinding.RunsLost, null, allowed, moved, inputChanges);
        if (lost > 0) return result(reference, DriftCheck.AnotherEnvironment, ArmFinding.RunsLost, null, allowed, moved, inputChanges);

        TestResult? test = null;
        bool shifted;
        if (Spread(a) == 0 && Spread(b) == 0)
        {
            // Both constant: the shift is known without error.
            var shift = b[0] - a[0];
            test = new TestResult("exact (no spread on either side)", Alternative.TwoSided, 0, double.NaN, Math.Abs(shift) > allowed ? 0 : 1, null,
                new ConfidenceInterval(shift, shift, 1 - tolerance.Alpha), shift);
            shifted = Math.Abs(shift) > allowed;
        }
        else if (a.Length < 2 || b.Length < 2)
        {
            shifted = false; // a single run shows no noise: nothing can be shown to have moved
        }
        else
        {
            test = TwoSampleTests.Welch(b, a, Alternative.TwoSided, 0, 1 - tolerance.Alpha);
            shifted = test.DifferenceInterval.Low > allowed || test.DifferenceInterval.High < -allowed;
        }
        return result(reference, DriftCheck.AnotherEnvironment, shifted ? ArmFinding.Shifted : ArmFinding.WithinTolerance, test, allowed, moved, inputChanges);
    }

    static double Spread(double[] values) => values.Max() - values.Min();

    /// <summary>The seeds both sides hold, in the received order, with both values (a seed listed twice on one side pairs once).</summary>
    static List<SeedChange> SharedSeeds(EnvironmentValues verified, ArmSnapshot received)
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

    static SummarySnapshot Summarise(double[] values)
    {
        var s = Summary.Of(values);
        return new SummarySnapshot(s.N, s.Mean, s.StandardDeviation, s.Median, s.Min, s.Max);
    }

    /// <summary>One line saying what changed in an arm, for the list of changes.</summary>
    static string Headline(ArmDrift arm) => arm.Finding switch
    {
        ArmFinding.Nondeterministic => string.Create(Invariant,
            $"nondeterminism: {arm.Metric} differs on seeds {string.Join(", ", arm.Moved.Select(m => m.Seed))} with the same inputs on the same machine environment"),
        ArmFinding.InputsChanged => $"{arm.Metric} changed on {arm.Moved.Count} seed(s) because its inputs changed: {string.Join("; ", arm.InputChanges)}",
        ArmFinding.Shifted => string.Create(Invariant,
            $"{arm.Metric} shifted by more than the tolerance ±{arm.Tolerance:G3} on another machine environment (shown at α = {1 - (arm.Test?.DifferenceInterval.Level ?? double.NaN):G3})"),
        ArmFinding.RunsLost => $"{arm.Metric}: usable runs were lost or gained (NaN, diverged or failed runs changed)",
        _ => "unchanged",
    };

    /// <summary>The failure message: what changed, then per arm old vs new (mean ± sd, n), the rule with its numbers, the seeds that moved, and the machine environments.</summary>
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
        text.Append(Status == SnapshotStatus.Matches
            ? $"Distribution snapshot {Path.GetFileName(verifiedPath)}: the conclusion held.\n"
            : $"Distribution snapshot differs from {Path.GetFileName(verifiedPath)}:\n");
        foreach (var change in Status == SnapshotStatus.Matches ? [] : Changes) text.Append("  - ").Append(change).Append('\n');
        foreach (var arm in Arms)
        {
            text.Append(Invariant, $"  {Label(arm.Finding)}: {arm.Arm} {arm.Metric}: verified {Show(arm.Verified)} → received {Show(arm.Received)}; {Rule(arm, Tolerance)}\n");
            if (arm.InputChanges.Count > 0) text.Append("    inputs changed: ").Append(string.Join("; ", arm.InputChanges)).Append('\n');
            var header = arm.Check == DriftCheck.AnotherEnvironment ? "    seeds that moved by more than the tolerance (information: per-seed values are redrawn across machines)\n" : "";
            if (arm.Moved.Count > 0) text.Append(header);
            foreach (var seed in arm.Moved.Take(MovedShown))
                text.Append(Invariant, $"    seed {seed.Seed}: {seed.Verified:R} → {seed.Received:R} (Δ = {seed.Difference:G6})\n");
            if (arm.Moved.Count > MovedShown) text.Append(Invariant, $"    … and {arm.Moved.Count - MovedShown} more seed(s)\n");
            if (arm.EnvironmentChanged)
            {
                text.Append(Invariant, $"    machine environment: verified [{string.Join(", ", arm.VerifiedEnvironments)}] → received [{string.Join(", ", arm.ReceivedEnvironments)}]\n");
                foreach (var difference in EnvironmentDifferences(arm, manifest)) text.Append("      ").Append(difference).Append('\n');
            }
        }
        text.Append(Invariant, $"Received snapshot: {receivedPath}\n");
        text.Append(Status == SnapshotStatus.Matches
            ? "This machine environment is new to the snapshot: `reprospec accept` adds its values (the others stay), so runs here are checked seed by seed next time."
            : Advice());
        return text.ToString();
    }

    string Advice()
    {
        var findings = Arms.Where(a => a.Drifted).Select(a => a.Finding).ToHashSet();
        var advice = new List<string>();
        if (findings.Contains(ArmFinding.Nondeterministic))
            advice.Add("Nondeterminism: the same inputs on the same machine gave other values, so a seed does not fix the result. Find the unseeded source "
                       + "(threads, unordered reductions, an unseeded generator, wall-clock or environment input) and make the experiment deterministic; accepting does not fix it.");
        if (findings.Contains(ArmFinding.InputsChanged))
            advice.Add("Inputs changed (code, data, parameters or version): review the new values; if the change is intended, accept them with `reprospec accept` and commit the .verified.json.");
        if (findings.Contains(ArmFinding.Shifted) || findings.Contains(ArmFinding.RunsLost))
            advice.Add("On another machine environment the arm moved by more than the tolerance: the result depends on the machine. Compare the environments "
                       + "(`reprospec env --diff <verified id> <received id> --store <store>`); accept only if the new machine's values are the ones to keep.");
        if (advice.Count == 0) advice.Add("If the change is intended, accept it with `reprospec accept` and commit the .verified.json.");
        return string.Join("\n", advice);
    }

    /// <summary>What differs between the verified and the received machine environment, when the store has both.</summary>
    static IEnumerable<string> EnvironmentDifferences(ArmDrift arm, Func<string, EnvironmentManifest?>? manifest)
    {
        if (manifest is null || arm.VerifiedEnvironments.Count == 0 || arm.ReceivedEnvironments.Count == 0) return [];
        var before = manifest(arm.VerifiedEnvironments[0]);
        var after = manifest(arm.ReceivedEnvironments[0]);
        return before is null || after is null
            ? [$"(environment {(before is null ? arm.VerifiedEnvironments[0] : arm.ReceivedEnvironments[0])} is not in this store: `reprospec env --format json > env.json` on each machine, then `reprospec env --diff a.json b.json`)"]
            : EnvironmentManifest.Differences(before, after);
    }

    const int MovedShown = 10;

    static string Label(ArmFinding finding) => finding switch
    {
        ArmFinding.Identical => "identical",
        ArmFinding.WithinTolerance => "same conclusion",
        ArmFinding.Nondeterministic => "NONDETERMINISTIC",
        ArmFinding.InputsChanged => "CHANGED",
        ArmFinding.Shifted => "SHIFTED",
        _ => "RUNS LOST",
    };

    /// <summary>Which rule applied, and its numbers.</summary>
    static string Rule(ArmDrift arm, SnapshotTolerance tolerance) => arm.Check switch
    {
        DriftCheck.ExactPerSeed when !arm.VerifiedEnvironments.Order(StringComparer.Ordinal).SequenceEqual(arm.ReceivedEnvironments.Order(StringComparer.Ordinal)) =>
            "another machine environment, and every shared seed gave the same value bit for bit",
        DriftCheck.ExactPerSeed => string.Create(Invariant,
            $"a machine environment the snapshot knows, so every shared seed must give the same value: {arm.Moved.Count} seed(s) differ"),
        _ when arm.Test is { } t => string.Create(Invariant,
            $"another machine environment, compared as distributions: the shift of the mean is {t.Estimate:G4}, {t.DifferenceInterval.Level:P0} interval [{t.DifferenceInterval.Low:G4}, {t.DifferenceInterval.High:G4}] ({t.Test}); it counts as moved only if the whole interval lies beyond ±{arm.Tolerance:G3} (α = {tolerance.Alpha:G3} split over both sides)"),
        _ => string.Create(Invariant, $"another machine environment; fewer than 2 usable runs on a side, so no shift can be shown (tolerance ±{arm.Tolerance:G3})"),
    };

    static string Show(SummarySnapshot? s) => s is null ? "no usable runs" : string.Create(Invariant, $"{s.Mean:G4} ± {s.StandardDeviation:G3} (n = {s.N})");
}

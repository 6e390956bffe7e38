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

/// <summary>One arm compared with its verified values: the drift test and whether it counts as a change.</summary>
public sealed record ArmDrift(string Claim, string Arm, string Metric, SummarySnapshot? Verified, SummarySnapshot? Received,
    TestResult? Welch, double Tolerance, bool Drifted, IReadOnlyList<string> VerifiedEnvironments, IReadOnlyList<string> ReceivedEnvironments)
{
    public bool EnvironmentChanged => !VerifiedEnvironments.SequenceEqual(ReceivedEnvironments);
}

/// <summary>The statistical comparison of a received snapshot with a verified one (never bitwise).</summary>
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
                if (drift.Drifted) changes.Add($"\"{claim.Sentence}\": arm {arm.Name} drifted on {arm.Metric}");
            }
            changes.AddRange(oldArms.Keys.Select(name => $"\"{claim.Sentence}\": arm {name} is gone"));
        }
        changes.AddRange(old.Keys.Select(sentence => $"claim \"{sentence}\" is no longer declared"));
        return new(changes.Count > 0 ? SnapshotStatus.Differs : SnapshotStatus.Matches, changes, drifts, tolerance);
    }

    /// <summary>
    /// Welch's two-sided test of the means plus the practical tolerance. With fewer than 2 finite values on a
    /// side no test is possible and only the tolerance decides (a single run shows no noise to excuse a shift).
    /// </summary>
    static ArmDrift Drift(string claim, ArmSnapshot verified, ArmSnapshot received, SnapshotTolerance tolerance)
    {
        var a = verified.Finite;
        var b = received.Finite;
        var sa = a.Length > 0 ? Summarise(a) : null;
        var sb = b.Length > 0 ? Summarise(b) : null;
        TestResult? welch = null;
        bool drifted;
        var allowed = sa is null ? tolerance.Absolute : tolerance.For(sa.Mean);
        if (sa is null || sb is null)
        {
            drifted = (sa is null) != (sb is null);
        }
        else
        {
            var beyond = Math.Abs(sb.Mean - sa.Mean) > allowed;
            if (a.Length >= 2 && b.Length >= 2)
            {
                welch = TwoSampleTests.Welch(b, a, Alternative.TwoSided, 0, 1 - tolerance.Alpha);
                drifted = beyond && welch.PValue < tolerance.Alpha;
            }
            else
            {
                drifted = beyond;
            }
        }
        return new ArmDrift(claim, received.Name, received.Metric, sa, sb, welch, allowed, drifted, verified.Environments, received.Environments);
    }

    static SummarySnapshot Summarise(double[] values)
    {
        var s = Summary.Of(values);
        return new SummarySnapshot(s.N, s.Mean, s.StandardDeviation, s.Median, s.Min, s.Max);
    }

    /// <summary>The failure message: what changed, then per arm old vs new (mean ± sd, n), the test and p, and environment changes.</summary>
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
        text.Append(Invariant, $"Distribution snapshot differs from {Path.GetFileName(verifiedPath)} (drift = Welch two-sided p < {Tolerance.Alpha:G3} AND |Δmean| > tolerance):\n");
        foreach (var change in Changes) text.Append("  - ").Append(change).Append('\n');
        foreach (var arm in Arms)
        {
            var p = arm.Welch is { } w ? string.Create(Invariant, $"Welch t = {w.Statistic:G4}, p = {w.PValue:G3}") : "no test (fewer than 2 runs on a side)";
            text.Append(Invariant, $"  {(arm.Drifted ? "DRIFTED" : "within noise")}: {arm.Arm} {arm.Metric}: verified {Show(arm.Verified)} → received {Show(arm.Received)}; {p}; tolerance {arm.Tolerance:G3}\n");
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

    static string Show(SummarySnapshot? s) => s is null ? "no usable runs" : string.Create(Invariant, $"{s.Mean:G4} ± {s.StandardDeviation:G3} (n = {s.N})");
}

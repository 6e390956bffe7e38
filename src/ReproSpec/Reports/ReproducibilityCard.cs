using System.Globalization;
using ReproSpec.Provenance;

namespace ReproSpec.Reports;

/// <summary>Whether a re-runner gets an item of the card from this run: present, missing, or not used by any claim.</summary>
public enum CardStatus
{
    Present,
    Missing,
    NotUsed,
}

/// <summary>One line of the card: what a re-runner needs, whether this run had it, and what it was.</summary>
public sealed record CardItem(string Item, CardStatus Status, string Detail)
{
    public string StatusText => Status switch
    {
        CardStatus.Present => "present",
        CardStatus.Missing => "missing",
        _ => "not used",
    };
}

/// <summary>What the suite run saw, gathered by the test adapter: the inputs of <see cref="ReproducibilityCard.From"/>.</summary>
public sealed record CardFacts
{
    /// <summary>The environment manifest of each environment id the runs carry; null where the store has none.</summary>
    public IReadOnlyDictionary<string, EnvironmentManifest?> Manifests { get; init; } = new Dictionary<string, EnvironmentManifest?>();

    /// <summary>The README the repository ships, or null when there is none.</summary>
    public string? ReadmePath { get; init; }
    public string ReadmeText { get; init; } = "";

    /// <summary>NuGet lock files of the claims project (packages.lock.json) that exist.</summary>
    public IReadOnlyList<string> LockFiles { get; init; } = [];

    /// <summary>The run store's directory, or null when it does not exist.</summary>
    public string? StoreRoot { get; init; }

    /// <summary>Test names of the claims whose plot was drawn.</summary>
    public IReadOnlySet<string> Plotted { get; init; } = new HashSet<string>();
}

/// <summary>
/// The suite's reproducibility card: hardware, source code, instructions, software environment, data, tracking,
/// evaluations, figures and reported numbers, each marked present or missing from what this run saw.
/// </summary>
public sealed record ReproducibilityCard(IReadOnlyList<CardItem> Items)
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static ReproducibilityCard From(SuiteRecord suite, CardFacts facts)
    {
        var environmentIds = suite.Claims.SelectMany(c => c.Environments).Distinct().Order(StringComparer.Ordinal).ToList();
        var manifests = environmentIds.Select(id => facts.Manifests.TryGetValue(id, out var m) ? m : null).ToList();
        var known = manifests.OfType<EnvironmentManifest>().ToList();
        var allKnown = environmentIds.Count > 0 && known.Count == environmentIds.Count;
        var experiments = suite.Claims.SelectMany(Arms).Select(a => a.Experiment).Distinct().Order(StringComparer.Ordinal).ToList();
        var fingerprints = suite.Claims.SelectMany(c => c.CodeFingerprints).DistinctBy(p => p.Key).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var interpreters = suite.Claims.SelectMany(c => c.Interpreters).DistinctBy(p => p.Key).OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        return new ReproducibilityCard(
        [
            Hardware(environmentIds, known, allKnown),
            Source(known, allKnown, fingerprints),
            Instructions(facts),
            Software(facts, known, allKnown, interpreters),
            Data(experiments, known),
            new CardItem("tracking", facts.StoreRoot is not null && suite.RunsTrained + suite.RunsCached > 0 ? CardStatus.Present : CardStatus.Missing,
                facts.StoreRoot is null ? "no run store" : string.Create(Invariant, $"run store {facts.StoreRoot}: {suite.RunsTrained} runs trained, {suite.RunsCached} read back")),
            new CardItem("evaluations", suite.Claims.Count > 0 && suite.Errors.Count == 0 ? CardStatus.Present : CardStatus.Missing,
                string.Create(Invariant, $"{suite.Claims.Count} claims decided with their tests and seeds, {suite.Errors.Count} badly declared")),
            Figures(suite, facts),
            Reported(suite),
        ]);
    }

    static IEnumerable<ArmRecord> Arms(ClaimRecord claim) => claim.Arms.Concat(claim.Parts.SelectMany(Arms));

    static CardItem Hardware(IReadOnlyList<string> ids, IReadOnlyList<EnvironmentManifest> known, bool allKnown)
    {
        if (ids.Count == 0) return new CardItem("hardware", CardStatus.Missing, "no run carries an environment id");
        var machines = known.Select(m => string.Create(Invariant, $"{m.Cpu}, {m.Cores} cores, {m.MemoryBytes / (1024.0 * 1024 * 1024):F0} GiB, GPU {m.Gpu}, {m.Os}")).Distinct();
        return new CardItem("hardware", allKnown ? CardStatus.Present : CardStatus.Missing,
            (allKnown ? "" : $"{ids.Count - known.Count} of {ids.Count} environment manifests are not in the store; ") + string.Join("; ", machines));
    }

    /// <summary>The first 16 hex digits of SHA-256 over nothing: a fingerprint that saw no code at all, not a fingerprint of code.</summary>
    const string HashOfNothing = "e3b0c44298fc1c14";

    static CardItem Source(IReadOnlyList<EnvironmentManifest> known, bool allKnown, IReadOnlyList<KeyValuePair<string, string>> fingerprints)
    {
        var commits = known.Select(m => m.GitCommit).Distinct().ToList();
        // "unknown" is not "dirty": outside a git repository (or without git) nothing is known about uncommitted changes.
        var gitUnknown = known.Any(m => m.GitDirty is not ("yes" or "no") || m.GitCommit == "unknown");
        var dirty = known.Any(m => m.GitDirty == "yes");
        var committed = allKnown && !gitUnknown && commits.All(c => c.Length >= 7) && !dirty;
        var real = fingerprints.Where(p => !p.Value.StartsWith(HashOfNothing, StringComparison.Ordinal)).ToList();
        var empty = fingerprints.Where(p => p.Value.StartsWith(HashOfNothing, StringComparison.Ordinal)).Select(p => p.Key).ToList();
        var code = (real.Count == 0 ? "no code fingerprints" : "code fingerprints " + string.Join(", ", real.Select(p => $"{p.Key} {p.Value}")))
                   + (empty.Count == 0 ? "" : $"; no code seen for {string.Join(", ", empty)}");
        var why = !allKnown ? "commit unknown (environment manifest missing); "
            : gitUnknown ? "commit and uncommitted changes unknown (not run in a git repository, or git is not installed); "
            : dirty ? $"commit {string.Join(", ", commits)} with uncommitted changes (git dirty: the exact source is not in any commit); "
            : $"commit {string.Join(", ", commits)}; ";
        return new CardItem("source code", committed && real.Count > 0 && empty.Count == 0 ? CardStatus.Present : CardStatus.Missing, why + code);
    }

    static CardItem Instructions(CardFacts facts)
    {
        var commands = facts.ReadmeText.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("dotnet test", StringComparison.Ordinal)).Distinct().ToList();
        return facts.ReadmePath is null || commands.Count == 0
            ? new CardItem("instructions", CardStatus.Missing, facts.ReadmePath is null ? "no README.md in the repository or the claims project" : $"{facts.ReadmePath} names no `dotnet test` command")
            : new CardItem("instructions", CardStatus.Present, $"{facts.ReadmePath}: " + string.Join("; ", commands.Select(c => $"`{c}`")));
    }

    static CardItem Software(CardFacts facts, IReadOnlyList<EnvironmentManifest> known, bool allKnown, IReadOnlyList<KeyValuePair<string, string>> interpreters)
    {
        // The lock file pins every package version; the manifest adds what the run loaded (runtime, TorchSharp).
        var versions = known.Select(m => $"{m.Runtime}, TorchSharp {m.TorchSharp}, libtorch {m.LibTorch}, {m.Packages.Count} packages listed in the environment manifest").Distinct().ToList();
        var present = facts.LockFiles.Count > 0 && allKnown;
        // A script's interpreter is outside the .NET manifest: its probe says what it was.
        var scripts = interpreters.Select(p => $"{p.Key}: {string.Join(", ", p.Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}").ToList();
        var detail = (facts.LockFiles.Count == 0 ? "no packages.lock.json beside the claims project" : "lock files " + string.Join(", ", facts.LockFiles))
                     + (versions.Count == 0 ? "; package versions unknown (no environment manifest)" : "; " + string.Join("; ", versions))
                     + (scripts.Count == 0 ? "" : "; command arms' interpreters: " + string.Join("; ", scripts));
        return new CardItem("software environment", present ? CardStatus.Present : CardStatus.Missing, detail);
    }

    static CardItem Data(IReadOnlyList<string> experiments, IReadOnlyList<EnvironmentManifest> known)
    {
        // Manifests are per content, so one experiment type reading several tables appears in several manifests.
        var pairs = known.SelectMany(m => m.Datasets).ToList();
        var hashed = pairs.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var without = experiments.Where(e => !hashed.Contains(e)).ToList();
        var detail = string.Join(", ", pairs.Select(p => p.Value).Distinct().Order(StringComparer.Ordinal).Select(h => h.Length > 16 ? h[..16] : h));
        return without.Count == 0 && experiments.Count > 0
            ? new CardItem("data and preprocessing", CardStatus.Present,
                $"data hashes {detail} for {experiments.Count} experiment(s); splits and preprocessing are the experiments' code (fingerprinted)")
            : new CardItem("data and preprocessing", CardStatus.Missing,
                $"no data hash for {string.Join(", ", without)}" + (detail.Length > 0 ? $"; hashes seen: {detail}" : ""));
    }

    static CardItem Figures(SuiteRecord suite, CardFacts facts)
    {
        var without = suite.Claims.Where(c => !facts.Plotted.Contains(c.Test)).Select(c => c.Test).ToList();
        return without.Count == 0 && suite.Claims.Count > 0
            ? new CardItem("figures", CardStatus.Present, string.Create(Invariant, $"{suite.Claims.Count} plots drawn by ReproSpec from the runs"))
            : new CardItem("figures", CardStatus.Missing, $"no plot for {string.Join(", ", without)}");
    }

    static CardItem Reported(SuiteRecord suite)
    {
        var reported = suite.Claims.SelectMany(c => c.Parts.Prepend(c)).Where(c => c.ReportedSource is not null).ToList();
        if (reported.Count == 0) return new CardItem("competitors' reported numbers", CardStatus.NotUsed, "no claim compares with a reported result");
        // A reported result without a source is a declaration error (Reported.Problems): every one here names its paper.
        return new CardItem("competitors' reported numbers", CardStatus.Present, string.Join("; ", reported.Select(c => c.ReportedSource)));
    }
}

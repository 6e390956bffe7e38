using System.Globalization;

namespace ReproSpec.Sessions;

/// <summary>How a claim session runs (store, reports, workers, isolation, strictness, snapshots), read once from the environment; CLI flags override it.</summary>
/// <remarks>
/// Every entry point reads the same variables through <see cref="FromEnvironment"/>, so `dotnet test`, `reprospec plan/run`
/// and a Slurm job given the same environment run the same way. The table in docs/engine.md is <see cref="Variables"/>.
/// </remarks>
public sealed record SessionSettings
{
    /// <summary>Run store root; null: .reprospec/store at the claims' git root (or beside the claims project outside git).</summary>
    public string? Store { get; init; }

    /// <summary>Reports directory; null: .reprospec/reports beside the store's default place.</summary>
    public string? Reports { get; init; }

    /// <summary>Runs at once; null: one per core. Threads per run are cores / this (they are in the run keys of experiments that read them).</summary>
    public int? Workers { get; init; }

    /// <summary>
    /// Runs at once when a command's flag says so (`reprospec run --workers`), without changing threads per run: those
    /// follow <see cref="Workers"/>, so the runs trained are the ones `plan` and `dotnet test` key. Null: <see cref="Workers"/>.
    /// </summary>
    public int? RunsAtOnce { get; init; }

    /// <summary>Decide-only: nothing trains; runs come from the store and the published runs, and a missing run fails its claim.</summary>
    public bool TrainNever { get; init; }

    /// <summary>The published-runs folder; null: published-runs/ at the workspace root.</summary>
    public string? Published { get; init; }

    /// <summary>A run that takes longer is killed and stored as failed; null: no limit.</summary>
    public TimeSpan? RunTimeout { get; init; }

    /// <summary>Where runs execute: worker processes, threads of this process, or each experiment where it must (auto).</summary>
    public Isolation Isolation { get; init; } = Isolation.Auto;

    /// <summary>Train every run again, even when the store has it.</summary>
    public bool Retrain { get; init; }

    /// <summary>An Inconclusive claim fails (CI) instead of being reported inconclusive.</summary>
    public bool Strict { get; init; }

    /// <summary>Check distribution snapshots and pre-registered designs.</summary>
    public bool Snapshots { get; init; } = true;

    /// <summary>Read and write snapshots in this directory instead of beside each fixture's source file.</summary>
    public string? SnapshotsDirectory { get; init; }

    /// <summary>Running on CI: new snapshots fail and are never accepted, no diff tool opens, orphaned snapshots fail the claims beside them.</summary>
    public bool Ci { get; init; }

    /// <summary>Never open a diff tool on a changed snapshot.</summary>
    public bool NoDiffTool { get; init; }

    /// <summary>A file the suite's Markdown summary is appended to (GitHub Actions' step summary).</summary>
    public string? StepSummary { get; init; }

    /// <summary>Hand every claim of the test run to the engine at the start, so idle workers train the next claims' runs.</summary>
    public bool Prefetch { get; init; } = true;

    /// <summary>Seconds an unchanged lease heartbeat of another process is trusted before its run is taken over; null: 60.</summary>
    public TimeSpan? LeaseTimeout { get; init; }

    /// <summary>The torch device runs train on ("cpu", "cuda" or "auto"); null: the run's own request, else CUDA when torch sees a GPU.</summary>
    public string? Device { get; init; }

    /// <summary>A folder data files are looked for in first; null: the claims project's and the build output's data/.</summary>
    public string? Data { get; init; }

    /// <summary>The sandbox of command experiments: "bwrap", "off", or null for bubblewrap when it works here.</summary>
    public string? Sandbox { get; init; }

    /// <summary>The command line prints an error's stack trace.</summary>
    public bool Debug { get; init; }

    /// <summary>Each variable, the setting it sets and what it means: the one table of docs/engine.md.</summary>
    public static IReadOnlyList<(string Variable, string Setting, string Meaning)> Variables { get; } =
    [
        ("REPROSPEC_STORE", nameof(Store), "run store root (`--store` of plan/run/slurm overrides it)"),
        ("REPROSPEC_REPORTS", nameof(Reports), "reports directory (`--dir` of report)"),
        ("REPROSPEC_WORKERS", nameof(Workers), "runs at once, a positive whole number; threads per run = cores / this"),
        ("--workers", nameof(RunsAtOnce), "`reprospec run` only: runs at once, threads per run still from `REPROSPEC_WORKERS` (the keys `plan` lists)"),
        ("REPROSPEC_TRAIN", nameof(TrainNever), "`never`: decide-only, nothing trains, a missing run fails its claim (default `auto`)"),
        ("REPROSPEC_PUBLISHED", nameof(Published), "the published-runs folder (default `published-runs/` at the workspace root)"),
        ("REPROSPEC_RUN_TIMEOUT", nameof(RunTimeout), "seconds after which a run is killed and stored as failed"),
        ("REPROSPEC_ISOLATION", nameof(Isolation), "`auto` (default), `process` or `inprocess`"),
        ("REPROSPEC_RETRAIN", nameof(Retrain), "`1`: train every run again"),
        ("REPROSPEC_STRICT", nameof(Strict), "`1`: an inconclusive claim fails (also the runsettings parameter `ReproSpecStrict=true`)"),
        ("REPROSPEC_SNAPSHOTS", nameof(Snapshots), "`0`: no snapshot or design checks"),
        ("REPROSPEC_SNAPSHOTS_DIR", nameof(SnapshotsDirectory), "snapshots in this directory instead of beside the fixtures"),
        ("CI", nameof(Ci), "`true`: new snapshots fail, no diff tool, orphaned snapshots fail"),
        ("REPROSPEC_NO_DIFFTOOL", nameof(NoDiffTool), "`1`: never open a diff tool"),
        ("REPROSPEC_PREFETCH", nameof(Prefetch), "`0`: claims train their runs one claim after another"),
        ("GITHUB_STEP_SUMMARY", nameof(StepSummary), "the suite summary is appended to this file"),
        ("REPROSPEC_LEASE_TIMEOUT", nameof(LeaseTimeout), "seconds an unchanged lease heartbeat of another process is trusted (default 60)"),
        ("REPROSPEC_DEVICE", nameof(Device), "`cpu`, `cuda` or `auto`: the torch device, over the run's own request; recorded in the environment manifest"),
        ("REPROSPEC_DATA", nameof(Data), "a folder data files are looked for in first (ReproSpec.Torch's datasets, `ProjectFiles`)"),
        ("REPROSPEC_SANDBOX", nameof(Sandbox), "`bwrap`: command experiments require bubblewrap; `off`: never use it (default: when it works)"),
        ("REPROSPEC_DEBUG", nameof(Debug), "`1`: the command line prints an error's stack trace"),
    ];

    /// <summary>
    /// One setting as the process environment has it now, parsed as <see cref="FromEnvironment"/> parses it, without
    /// reading (or failing on) any other variable: for a default taken where no session is at hand, such as a run's
    /// device or data folder in a worker process (which inherits its parent's environment) or the CLI's env, report
    /// and export commands.
    /// </summary>
    /// <param name="setting">The setting's property name, e.g. <c>nameof(SessionSettings.Device)</c>.</param>
    public static SessionSettings FromEnvironmentOnly(string setting)
    {
        var variable = Variables.FirstOrDefault(v => v.Setting == setting).Variable
            ?? throw new ArgumentException($"{setting} is not a setting read from the environment.", nameof(setting));
        return FromEnvironment(name => name == variable ? Environment.GetEnvironmentVariable(name) : null);
    }

    /// <summary>The settings the environment gives; a malformed value throws <see cref="InvalidOperationException"/> naming the variable and the fix.</summary>
    /// <param name="read">Reads one variable; default the process environment.</param>
    public static SessionSettings FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        return new SessionSettings
        {
            Store = Text(read("REPROSPEC_STORE")),
            Reports = Text(read("REPROSPEC_REPORTS")),
            Workers = Positive(read, "REPROSPEC_WORKERS", "a number of parallel runs such as 2"),
            RunTimeout = Positive(read, "REPROSPEC_RUN_TIMEOUT", "a number of seconds such as 600") is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Isolation = ParseIsolation(read("REPROSPEC_ISOLATION")),
            TrainNever = ParseTrain(read("REPROSPEC_TRAIN")),
            Published = Text(read("REPROSPEC_PUBLISHED")),
            Retrain = IsTrue(read("REPROSPEC_RETRAIN")),
            Strict = IsTrue(read("REPROSPEC_STRICT")),
            Snapshots = read("REPROSPEC_SNAPSHOTS") is not ("0" or "false" or "off"),
            SnapshotsDirectory = Text(read("REPROSPEC_SNAPSHOTS_DIR")),
            Ci = IsTrue(read("CI")),
            NoDiffTool = IsTrue(read("REPROSPEC_NO_DIFFTOOL")),
            StepSummary = Text(read("GITHUB_STEP_SUMMARY")),
            Prefetch = read("REPROSPEC_PREFETCH") is not { } prefetch || !(prefetch == "0" || prefetch.Equals("false", StringComparison.OrdinalIgnoreCase)),
            LeaseTimeout = ParseLeaseTimeout(read("REPROSPEC_LEASE_TIMEOUT")),
            Device = Text(read("REPROSPEC_DEVICE")),
            Data = Text(read("REPROSPEC_DATA")),
            Sandbox = read("REPROSPEC_SANDBOX"),
            Debug = read("REPROSPEC_DEBUG") == "1",
        };
    }

    /// <summary>"1" or "true" (any case).</summary>
    public static bool IsTrue(string? value) => value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));

    static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    static int? Positive(Func<string, string?> read, string name, string expected)
    {
        var text = read(name);
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0) return value;
        throw new InvalidOperationException($"{name}='{text}' is not a positive whole number: set it to {expected}, or unset it for the default.");
    }

    /// <summary>Threads each run gets: cores / <see cref="Workers"/>, at least one.</summary>
    public int ThreadsPerRun() => Math.Max(1, Environment.ProcessorCount / (Workers ?? Environment.ProcessorCount));

    static TimeSpan? ParseLeaseTimeout(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && double.IsFinite(seconds))
            return TimeSpan.FromSeconds(seconds);
        throw new InvalidOperationException($"REPROSPEC_LEASE_TIMEOUT='{text}' is not a positive number of seconds: set it to e.g. 60, or unset it for the default.");
    }

    static bool ParseTrain(string? text) => (string.IsNullOrWhiteSpace(text) ? "auto" : text.Trim().ToLowerInvariant()) switch
    {
        "auto" => false,
        "never" or "0" or "false" or "no" => true,
        var value => throw new InvalidOperationException($"REPROSPEC_TRAIN='{value}' is not understood: use auto (default: train what the store lacks) or never (decide from the store and the published runs only)."),
    };

    static Isolation ParseIsolation(string? text) => (string.IsNullOrWhiteSpace(text) ? "auto" : text.Trim().ToLowerInvariant()) switch
    {
        "auto" => Isolation.Auto,
        "process" => Isolation.Process,
        "inprocess" => Isolation.InProcess,
        _ => throw new InvalidOperationException($"REPROSPEC_ISOLATION='{text}' is not understood: use auto (default), process or inprocess."),
    };
}

/// <summary>Where runs execute.</summary>
public enum Isolation
{
    /// <summary>Experiments that share process state (TorchSharp's global generator) in worker processes when more than one run trains at once; the rest on threads.</summary>
    Auto,

    /// <summary>Every run in a worker process.</summary>
    Process,

    /// <summary>Every run on a thread of this process.</summary>
    InProcess,
}

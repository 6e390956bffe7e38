using System.Text.Json.Serialization;
using ReproSpec.Execution;

namespace ReproSpec.Store;

/// <summary>How a run ended.</summary>
public enum RunStatus
{
    /// <summary>Finished with finite metrics.</summary>
    Succeeded,

    /// <summary>Finished, but a loss or metric was NaN or infinite.</summary>
    Diverged,

    /// <summary>Threw an exception or timed out; <see cref="RunRecord.Error"/> says why.</summary>
    Failed,
}

/// <summary>The stored result of one run of one experiment for one seed: what a claim is decided from.</summary>
public sealed record RunRecord
{
    /// <summary>Content address: a hash of everything the run depends on (see <c>RunIdentity</c>).</summary>
    public required string Key { get; init; }
    public required string Experiment { get; init; }
    public required string ExperimentType { get; init; }
    public required string Parameters { get; init; }
    public required int Seed { get; init; }
    public IReadOnlyList<string> FixedSources { get; init; } = [];
    public required RunStatus Status { get; init; }
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();
    public string? Error { get; init; }
    public double Seconds { get; init; }
    public string Device { get; init; } = "cpu";
    public int Threads { get; init; } = 1;
    public DateTimeOffset FinishedAt { get; init; }

    /// <summary>What the run printed and the environment its probe saw (a command's stdout and stderr tails); null when the experiment kept none.</summary>
    // Written only when present, so records of experiments that keep nothing keep their checksums.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RunOutput? Output { get; init; }

    /// <summary>The run failed because of this machine, not the experiment (a module missing, disk full): never stored, run again next time.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool EnvironmentFailure { get; init; }

    /// <summary>Identifier of the environment manifest the run was produced in.</summary>
    public string Environment { get; init; } = "";

    /// <summary>SHA-256 over the record's content without this field: a truncated or edited record is not trusted.</summary>
    public string Checksum { get; init; } = "";
}

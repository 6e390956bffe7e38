using System.Security.Cryptography;
using System.Text;
using ReproSpec.Claims;

namespace ReproSpec.Planning;

/// <summary>
/// What an arm's runs were computed from, apart from the seed and the machine: the experiment's code fingerprint, its
/// data fingerprint, its parameters (hashed) and its <see cref="Experiment.Version"/>. A snapshot keeps it per arm, so
/// a run that moved on a known machine says which of these changed.
/// </summary>
/// <param name="Experiment">The experiment type's name.</param>
/// <param name="Code">The code fingerprint (<see cref="CodeFingerprint.Of"/>).</param>
/// <param name="Data">The data fingerprint the experiment declares; empty when it reads no data file.</param>
/// <param name="Parameters">SHA-256 (16 hex digits) of the parameters' canonical JSON.</param>
/// <param name="Version">The experiment's declared version (salt).</param>
public sealed record RunInputs(string Experiment, string Code, string Data, string Parameters, string Version)
{
    /// <summary>The inputs of <paramref name="experiment"/>'s runs.</summary>
    public static RunInputs Of(Experiment experiment) => new(
        experiment.GetType().Name,
        CodeFingerprint.Of(experiment.GetType()),
        Short(experiment.DataFingerprint),
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(RunIdentity.ParametersOf(experiment))))[..16],
        experiment.Version);

    /// <summary>What differs from <paramref name="before"/>, one "what: a → b" item each; empty when nothing does.</summary>
    public IReadOnlyList<string> ChangesSince(RunInputs before)
    {
        var changes = new List<string>();
        if (Experiment != before.Experiment) changes.Add($"experiment type {before.Experiment} → {Experiment}");
        if (Code != before.Code) changes.Add($"code fingerprint {before.Code} → {Code}");
        if (Data != before.Data) changes.Add($"data fingerprint {Show(before.Data)} → {Show(Data)}");
        if (Parameters != before.Parameters) changes.Add($"parameters {before.Parameters} → {Parameters}");
        if (Version != before.Version) changes.Add($"Version {before.Version} → {Version}");
        return changes;
    }

    static string Show(string fingerprint) => fingerprint.Length == 0 ? "(none)" : fingerprint;

    static string Short(string fingerprint) => fingerprint.Length > 16 ? fingerprint[..16] : fingerprint;
}

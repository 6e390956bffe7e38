using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ReproSpec.Claims;
using ReproSpec.Provenance;

namespace ReproSpec.Planning;

/// <summary>The content address of a run: everything its result may depend on, hashed.</summary>
public static class RunIdentity
{
    /// <summary>The device kinds a run key can name.</summary>
    public static IReadOnlyList<string> Devices { get; } = ["cpu", "cuda"];

    /// <summary>The experiment's declared parameters in their canonical JSON form.</summary>
    public static string ParametersOf(Experiment experiment) => JsonSerializer.Serialize(experiment, experiment.GetType());

    public static string KeyOf(Experiment experiment, int seed, IReadOnlyCollection<string> fixedSources, string deviceKind)
    {
        var type = experiment.GetType();
        var identity = new StringBuilder()
            .Append("experiment=").Append(type.FullName).Append('\n')
            .Append("name=").Append(experiment.Name).Append('\n')
            .Append("version=").Append(experiment.Version).Append('\n')
            .Append("parameters=").Append(ParametersOf(experiment)).Append('\n')
            .Append("code=").Append(CodeFingerprint.Of(type)).Append('\n')
            .Append("data=").Append(experiment.DataFingerprint).Append('\n')
            .Append("seed=").Append(seed).Append('\n')
            .Append("fixed=").Append(string.Join(',', fixedSources.Order(StringComparer.Ordinal))).Append('\n')
            .Append("device=").Append(deviceKind).Append('\n')
            .Append("reprospec=").Append(typeof(RunIdentity).Assembly.GetName().Version).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity.ToString())));
    }
}

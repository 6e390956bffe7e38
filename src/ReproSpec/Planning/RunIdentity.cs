using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ReproSpec.Claims;

namespace ReproSpec.Planning;

/// <summary>The content address of a run: everything its result may depend on, hashed.</summary>
public static class RunIdentity
{
    /// <summary>The device kinds a run key can name.</summary>
    public static IReadOnlyList<string> Devices { get; } = ["cpu", "cuda"];

    /// <summary>The experiment's declared parameters in their canonical JSON form.</summary>
    public static string ParametersOf(Experiment experiment) => JsonSerializer.Serialize(experiment, experiment.GetType());

    /// <summary>
    /// The experiment's whole state (every instance field, runtime types of polymorphic values), which JSON can miss;
    /// state no text can stand for is refused before planning (ExperimentParameters), and keyed by its type here.
    /// </summary>
    static string StateOf(Experiment experiment)
    {
        try
        {
            return ParameterState.Of(experiment);
        }
        catch (ParameterState.Unrepresentable e)
        {
            return $"unrepresentable {e.Member}";
        }
    }

    /// <summary>
    /// The intra-op threads a run gets when nothing else says: cores / REPROSPEC_WORKERS (all cores when unset), as
    /// the NUnit runtime and `reprospec run` without --workers give each run.
    /// </summary>
    public static int DefaultThreadsPerRun()
    {
        var cores = Environment.ProcessorCount;
        var workers = int.TryParse(Environment.GetEnvironmentVariable("REPROSPEC_WORKERS"), System.Globalization.NumberStyles.Integer,
            System.Globalization.CultureInfo.InvariantCulture, out var w) && w > 0 ? w : cores;
        return Math.Max(1, cores / workers);
    }

    /// <summary>
    /// The run's key. <paramref name="threads"/> enters it when the experiment's code reads <see cref="Execution.RunContext.Threads"/>
    /// (TorchExperiment sets libtorch's thread count from it, and float sums change with it); other experiments keep one key for any count.
    /// Unset, it is <see cref="DefaultThreadsPerRun"/>.
    /// </summary>
    public static string KeyOf(Experiment experiment, int seed, IReadOnlyCollection<string> fixedSources, string deviceKind, int? threads = null)
    {
        threads ??= DefaultThreadsPerRun();
        var type = experiment.GetType();
        var code = CodeFingerprint.Describe(type);
        var identity = new StringBuilder()
            .Append("experiment=").Append(type.FullName).Append('\n')
            .Append("name=").Append(experiment.Name).Append('\n')
            .Append("version=").Append(experiment.Version).Append('\n')
            .Append("parameters=").Append(KeyParameters.Of(experiment)).Append('\n')
            .Append("state=").Append(StateOf(experiment)).Append('\n')
            .Append("code=").Append(code.Hash).Append('\n')
            .Append("data=").Append(experiment.DataFingerprint).Append('\n')
            .Append("seed=").Append(seed).Append('\n')
            .Append("fixed=").Append(string.Join(',', fixedSources.Order(StringComparer.Ordinal))).Append('\n')
            .Append("device=").Append(deviceKind).Append('\n')
            .Append(code.ReadsThreads ? $"threads={threads}\n" : "")
            .Append("reprospec=").Append(typeof(RunIdentity).Assembly.GetName().Version).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity.ToString())));
    }
}

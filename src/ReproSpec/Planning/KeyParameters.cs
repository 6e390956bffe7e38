using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ReproSpec.Claims;

namespace ReproSpec.Planning;

/// <summary>The parameters a run key sees: the experiment's JSON without its <see cref="RunControlAttribute"/> members.</summary>
public static class KeyParameters
{
    /// <summary>
    /// <see cref="RunIdentity.ParametersOf"/> without run-control members; byte for byte that JSON when the type has none,
    /// so the keys of every other experiment stay what they were.
    /// </summary>
    public static string Of(Experiment experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var json = RunIdentity.ParametersOf(experiment);
        var control = RunControlNames(experiment.GetType());
        if (control.Count == 0) return json;
        var node = JsonNode.Parse(json) as JsonObject ?? throw new JsonException($"the parameters of {experiment.GetType().Name} are not a JSON object: {json}");
        foreach (var name in control) node.Remove(name);
        return node.ToJsonString();
    }

    /// <summary>The JSON names of <paramref name="type"/>'s run-control properties.</summary>
    public static IReadOnlyList<string> RunControlNames(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<RunControlAttribute>(inherit: true) is not null)
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name)
            .ToList();
    }
}

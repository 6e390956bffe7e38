using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ReproSpec.Claims;

namespace ReproSpec.Planning;

/// <summary>
/// Checks that an experiment's parameters round-trip through System.Text.Json: written, read back and written
/// again they must give the same JSON. The JSON is part of every run's identity and rebuilds the experiment in
/// worker processes, so a parameter that cannot be written (a delegate, NaN, ∞), cannot be read back (an
/// interface, no usable constructor) or reads back different would key or rebuild runs wrongly.
/// </summary>
public static class ExperimentParameters
{
    const string Fix =
        "Experiment parameters (its public properties) are part of every run's identity and rebuild the experiment in worker processes, " +
        "so each must round-trip through System.Text.Json: use numbers (finite), strings, bools, enums, arrays or records of those, " +
        "set by the constructor; mark a property that is not a parameter [JsonIgnore] and bump Version when what it does changes.";

    /// <summary>What keeps <paramref name="experiment"/>'s parameters from round-tripping, naming each parameter and the fix; empty when they do.</summary>
    public static IReadOnlyList<string> Problems(Experiment experiment)
    {
        var type = experiment.GetType();
        var name = $"experiment {experiment.GetType().Name}";
        string json;
        try
        {
            json = RunIdentity.ParametersOf(experiment);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return [.. Unwritable(experiment, name, e)];
        }
        object? back;
        try
        {
            back = JsonSerializer.Deserialize(json, type);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return [.. Unreadable(type, name, json, e)];
        }
        if (back is not Experiment rebuilt) return [$"{name}: its parameters {json} read back as null. {Fix}"];
        string again;
        try
        {
            again = RunIdentity.ParametersOf(rebuilt);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return [$"{name}: read back from {json}, it cannot be written again ({e.GetType().Name}: {e.Message}). {Fix}"];
        }
        if (again != json) return [.. Changed(name, json, again)];
        return [.. StateProblems(experiment, rebuilt, name, json)];
    }

    /// <summary>
    /// The rebuilt experiment's state against the original's, field by field (backing fields included): JSON can agree
    /// with itself and still miss a public field, an internal property or a subtype written as its declared base.
    /// </summary>
    static IEnumerable<string> StateProblems(Experiment experiment, Experiment rebuilt, string name, string json)
    {
        IReadOnlyList<(string Member, string Text)> original, back;
        try
        {
            original = ParameterState.Members(experiment);
        }
        catch (ParameterState.Unrepresentable e)
        {
            return [$"{name}: member {e.Member} holds {e.What}, which no parameter text can stand for, so two runs with other values would share a key. " +
                    $"Make it a parameter that round-trips (a number, string, enum, array or record of those) or mark it [JsonIgnore] and bump Version when what it does changes."];
        }
        try
        {
            back = ParameterState.Members(rebuilt);
        }
        catch (ParameterState.Unrepresentable e)
        {
            return [$"{name}: rebuilt from {json}, its member {e.Member} holds {e.What}. {Fix}"];
        }
        var rebuiltByName = back.ToDictionary(m => m.Member, m => m.Text, StringComparer.Ordinal);
        return original
            .Where(m => !rebuiltByName.TryGetValue(m.Member, out var text) || text != m.Text)
            .Select(m => $"{name}: {Describe(experiment.GetType(), m.Member)} is {m.Text} but rebuilt from its parameters {json} it is {rebuiltByName.GetValueOrDefault(m.Member, "(absent)")}: " +
                         $"it is state the JSON form does not carry, so runs with other values would share a key and workers would run another experiment. {FixFor(experiment.GetType(), m.Member, m.Text)}")
            .ToList();
    }

    static string Describe(Type type, string member)
    {
        var property = type.GetProperty(member, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
        var field = type.GetField(member, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
        return property is not null ? $"{(property.GetMethod?.IsPublic == true ? "property" : "non-public property")} {member}"
            : field is not null ? $"{(field.IsPublic ? "public field" : "private field")} {member}" : $"member {member}";
    }

    static string FixFor(Type type, string member, string text)
    {
        if (text.StartsWith('<') && text.IndexOf('>', StringComparison.Ordinal) is var end and > 0)
        {
            var runtime = text[1..end];
            var shortName = runtime[(runtime.LastIndexOfAny(['.', '+']) + 1)..];
            return $"It holds a {shortName}, written as its declared type: declare [JsonDerivedType(typeof({shortName}), \"{shortName}\")] on the declared type " +
                   $"(with one for the base itself if it is not abstract), or declare {member} as {shortName}.";
        }
        var property = type.GetProperty(member, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
        if (property is not null && property.GetMethod?.IsPublic != true)
            return $"Make {member} public, or mark it [JsonInclude]; mark it [JsonIgnore] if it is not a parameter (and bump Version when what it does changes).";
        if (type.GetField(member, BindingFlags.Public | BindingFlags.Instance) is not null)
            return $"Make {member} a property set by the constructor (a positional record parameter), or mark the field [JsonInclude].";
        return $"Set {member} from the parameters (the constructor), or mark it [JsonIgnore] if it is a cache. {Fix}";
    }

    static IEnumerable<string> Unwritable(Experiment experiment, string name, Exception error)
    {
        var found = false;
        foreach (var property in Parameters(experiment.GetType()))
        {
            object? value = null;
            string? problem = null;
            try
            {
                value = property.GetValue(experiment);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                problem = $"{name}: parameter {property.Name} threw {e.InnerException.GetType().Name} when read: {e.InnerException.Message}. {Fix}";
            }
            if (problem is not null)
            {
                found = true;
                yield return problem;
                continue;
            }
            if (value is double or float && Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) is var number && !double.IsFinite(number))
            {
                found = true;
                yield return $"{name}: parameter {property.Name} is {(double.IsNaN(number) ? "NaN" : number > 0 ? "∞" : "-∞")}, which JSON cannot hold: use a finite number (or a nullable one set to null). {Fix}";
                continue;
            }
            if (typeof(Delegate).IsAssignableFrom(property.PropertyType))
            {
                // Said in our words: System.Text.Json's own message is a wall of assembly-qualified type names.
                found = true;
                yield return $"{name}: parameter {property.Name} ({Describe(property.PropertyType)}) cannot be written as JSON: it is a delegate, code rather than data; " +
                             $"declare what it computes as data (an enum or a name the experiment switches on). {Fix}";
                continue;
            }
            try
            {
                JsonSerializer.Serialize(value, property.PropertyType);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                problem = $"{name}: parameter {property.Name} ({Describe(property.PropertyType)}) cannot be written as JSON ({e.GetType().Name}: {FirstSentence(e.Message)}). {Fix}";
            }
            if (problem is null) continue;
            found = true;
            yield return problem;
        }
        if (!found) yield return $"{name}: its parameters cannot be written as JSON ({error.GetType().Name}: {FirstSentence(error.Message)}). {Fix}";
    }

    static IEnumerable<string> Unreadable(Type type, string name, string json, Exception error)
    {
        var found = false;
        var written = JsonNode.Parse(json) as JsonObject;
        foreach (var property in Parameters(type))
        {
            if (written?[property.Name] is not { } node) continue;
            string? problem = null;
            try
            {
                JsonSerializer.Deserialize(node.ToJsonString(), property.PropertyType);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                problem = $"{name}: parameter {property.Name} ({Describe(property.PropertyType)}) is written as {node.ToJsonString()} but cannot be read back ({e.GetType().Name}: {FirstSentence(e.Message)}). {Fix}";
            }
            if (problem is null) continue;
            found = true;
            yield return problem;
        }
        if (!found) yield return $"{name}: its parameters {json} cannot be read back ({error.GetType().Name}: {FirstSentence(error.Message)}). {Fix}";
    }

    static IEnumerable<string> Changed(string name, string json, string again)
    {
        var before = JsonNode.Parse(json) as JsonObject;
        var after = JsonNode.Parse(again) as JsonObject;
        var names = (before?.Select(p => p.Key) ?? []).Union(after?.Select(p => p.Key) ?? []).ToList();
        var changed = names.Where(p => before?[p]?.ToJsonString() != after?[p]?.ToJsonString()).ToList();
        if (changed.Count == 0) return [$"{name}: its parameters {json} read back as {again}. {Fix}"];
        return changed.Select(p => $"{name}: parameter {p} reads back different: written {before?[p]?.ToJsonString() ?? "(absent)"}, read back {after?[p]?.ToJsonString() ?? "(absent)"} " +
                                   $"(a property the constructor does not set, or a setter that changes the value). {Fix}");
    }

    /// <summary>The properties System.Text.Json writes by default: public, readable, not indexers, not [JsonIgnore].</summary>
    static IEnumerable<PropertyInfo> Parameters(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always });

    static string Describe(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>"
        : type.Name;

    static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }
}

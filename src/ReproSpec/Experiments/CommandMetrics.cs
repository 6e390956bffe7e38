using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ReproSpec.Execution;

namespace ReproSpec.Experiments;

/// <summary>One metric read from a command's stdout: the last match of <paramref name="Regex"/>; two groups give their ratio (e.g. <c>Accuracy: (\d+)/(\d+)</c>).</summary>
/// <param name="Name">The metric's name, e.g. "test_accuracy".</param>
/// <param name="Regex">A .NET regular expression with one capture group (the value) or two (numerator and denominator).</param>
/// <param name="Scale">Multiplies the value: 0.01 turns a percentage into a fraction.</param>
public sealed record MetricPattern(string Name, string Regex, double Scale = 1)
{
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
            throw new ArgumentException($"a {nameof(MetricPattern)} has no name; name the metric it reads, e.g. \"test_accuracy\".", nameof(Name));
        Regex expression;
        try
        {
            expression = new Regex(Regex ?? "", RegexOptions.None, TimeSpan.FromSeconds(5));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{nameof(MetricPattern)} \"{Name}\": `{Regex}` is not a valid regular expression ({e.Message}).", nameof(Regex), e);
        }
        var groups = expression.GetGroupNumbers().Length - 1;
        if (groups is not (1 or 2))
            throw new ArgumentException($"{nameof(MetricPattern)} \"{Name}\": `{Regex}` has {groups} capture groups; use one (the value) or two (numerator and denominator of a ratio).", nameof(Regex));
    }
}

/// <summary>Reads a command's metrics: the last JSON object on stdout, a JSON file, or patterns over stdout.</summary>
public static class CommandMetrics
{
    /// <summary>The numeric members of the last line of <paramref name="stdout"/> that is a JSON object.</summary>
    public static RunMetrics FromLastJsonObject(string stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var lines = stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            if (!lines[i].StartsWith('{') || !lines[i].EndsWith('}')) continue;
            try
            {
                using var document = JsonDocument.Parse(lines[i]);
                return FromObject(document.RootElement, "the last JSON object on stdout");
            }
            catch (JsonException)
            {
                // Not JSON after all (a Python dict repr): keep looking upwards.
            }
        }
        var last = lines.Length == 0 ? "nothing" : $"{lines.Length} lines, the last \"{Shorten(lines[^1])}\"";
        throw new CommandRunException(
            $"expected a JSON object of metrics on one line of stdout, such as {{\"test_accuracy\": 0.93}} (print(json.dumps(metrics)) in Python); the command printed {last}. " +
            "For a script that prints text, declare Patterns (e.g. new MetricPattern(\"test_accuracy\", @\"Accuracy: (\\d+)/(\\d+)\")).");
    }

    /// <summary>The numeric members of the JSON object <paramref name="json"/>, read from <paramref name="where"/> (for messages).</summary>
    public static RunMetrics FromJson(string json, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return FromObject(document.RootElement, where);
        }
        catch (JsonException e)
        {
            throw new CommandRunException($"{where} is not JSON ({e.Message}); expected one object of numbers such as {{\"test_accuracy\": 0.93}}.");
        }
    }

    /// <summary>Each pattern's value at its last match in <paramref name="stdout"/>; a pattern that never matches fails the run.</summary>
    public static RunMetrics FromPatterns(string stdout, IReadOnlyList<MetricPattern> patterns)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(patterns);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            pattern.Validate();
            var matches = Regex.Matches(stdout, pattern.Regex, RegexOptions.Multiline, TimeSpan.FromSeconds(5));
            if (matches.Count == 0)
                throw new CommandRunException(
                    $"metric \"{pattern.Name}\": the pattern `{pattern.Regex}` matched nothing in stdout ({Describe(stdout)}); expected a line the pattern matches.");
            var match = matches[^1];
            var value = Number(match.Groups[1].Value, pattern);
            if (match.Groups.Count > 2)
            {
                var denominator = Number(match.Groups[2].Value, pattern);
                if (denominator == 0)
                    throw new CommandRunException($"metric \"{pattern.Name}\": `{match.Value}` has a zero denominator.");
                value /= denominator;
            }
            values[pattern.Name] = value * pattern.Scale;
        }
        return new RunMetrics(values);
    }

    static double Number(string text, MetricPattern pattern) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CommandRunException($"metric \"{pattern.Name}\": the pattern `{pattern.Regex}` captured \"{text}\", which is not a number.");

    static RunMetrics FromObject(JsonElement root, string where)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new CommandRunException($"{where} is {root.ValueKind}, not a JSON object; expected one object of numbers such as {{\"test_accuracy\": 0.93}}.");
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            // Other members (names, lists, versions) are the script's own business: only numbers are metrics.
            if (property.Value.ValueKind == JsonValueKind.Number) values[property.Name] = property.Value.GetDouble();
        }
        if (values.Count == 0)
            throw new CommandRunException($"{where} has no numeric member; expected numbers such as {{\"test_accuracy\": 0.93}}.");
        return new RunMetrics(values);
    }

    static string Describe(string stdout)
    {
        var lines = stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 0 ? "it was empty" : $"{lines.Length} lines, the last \"{Shorten(lines[^1])}\"";
    }

    static string Shorten(string line) => line.Length <= 200 ? line : line[..200] + "…";
}

/// <summary>A command arm's run failed: non-zero exit, timeout, or no metrics where they were expected. The message says which.</summary>
public sealed class CommandRunException : Exception
{
    public CommandRunException(string message) : base(message) { }

    public CommandRunException() { }

    public CommandRunException(string message, Exception inner) : base(message, inner) { }
}

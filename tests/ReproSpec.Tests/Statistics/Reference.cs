using System.Text.Json;
using ReproSpec.Statistics;

namespace ReproSpec.Tests.Statistics;

/// <summary>The frozen scipy reference values of tests/reference/statistics_reference.json.</summary>
static class Reference
{
    public const double RelativeTolerance = 1e-6;

    static readonly Lazy<JsonDocument> Document = Frozen("statistics_reference.json");

    /// <summary>A frozen reference file of tests/reference (copied beside the test assembly), parsed on first use.</summary>
    public static Lazy<JsonDocument> Frozen(string file) =>
        new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "reference", file))));

    /// <summary>One NUnit case per entry of <paramref name="kind"/>, named by its index and inputs.</summary>
    public static IEnumerable<TestCaseData> Cases(string kind)
    {
        var cases = Document.Value.RootElement.GetProperty(kind);
        var index = 0;
        foreach (var c in cases.EnumerateArray())
        {
            yield return new TestCaseData(c).SetArgDisplayNames($"{kind}[{index}] {Describe(c)}");
            index++;
        }
    }

    static string Describe(JsonElement c)
    {
        var parts = new List<string>();
        foreach (var name in new[] { "alternative", "margin", "method", "paired", "statistic" })
        {
            if (c.TryGetProperty(name, out var v) && v.ValueKind is not JsonValueKind.Object and not JsonValueKind.Null) parts.Add($"{name}={v}");
        }
        foreach (var name in new[] { "a", "b", "x" })
        {
            if (c.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array) parts.Add($"n{name}={v.GetArrayLength()}");
        }
        return string.Join(' ', parts);
    }

    public static double[] Doubles(this JsonElement c, string name) => c.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static double Number(this JsonElement c, string name) => c.GetProperty(name).GetDouble();

    public static double? NullableNumber(this JsonElement c, string name) =>
        c.GetProperty(name).ValueKind == JsonValueKind.Null ? null : c.GetProperty(name).GetDouble();

    public static JsonElement Expected(this JsonElement c) => c.GetProperty("expected");

    public static Alternative Alternative(this JsonElement c) => Enum.Parse<Alternative>(c.GetProperty("alternative").GetString()!);

    /// <summary>
    /// Asserts agreement to <paramref name="relative"/> (default <see cref="RelativeTolerance"/>), or to
    /// <paramref name="absolute"/> for values that are zero up to rounding.
    /// </summary>
    public static void Close(double actual, double expected, string what, double relative = RelativeTolerance, double absolute = 0) =>
        Assert.That(actual, Is.EqualTo(expected).Within(Math.Max(relative * Math.Abs(expected), absolute)), what);
}

using System.Text.Json;
using System.Text.Json.Serialization;
using ReproSpec.Snapshots;

namespace ReproSpec.Reports;

/// <summary>The one JSON form of saved claim records and snapshots: LF line endings, NaN kept, enums by name.</summary>
public static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        IgnoreReadOnlyProperties = true,
        NewLine = "\n",
        // Committed snapshots are read by people: keep "−", "≥" and quotes as they are (the files are UTF-8).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(ClaimRecord record) => JsonSerializer.Serialize(record, Options) + "\n";

    public static string Serialize(DistributionSnapshot snapshot) => JsonSerializer.Serialize(snapshot, Options) + "\n";

    public static string Serialize(DeclarationError error) => JsonSerializer.Serialize(error, Options) + "\n";

    public static string Serialize(SuiteTotals totals) => JsonSerializer.Serialize(totals, Options) + "\n";

    /// <summary>Reads a saved declaration error; a file that is not one throws <see cref="InvalidDataException"/> naming the file.</summary>
    public static DeclarationError ReadError(string path) => Read<DeclarationError>(path, "a saved declaration error (*.error.json)");

    public static SuiteTotals ReadTotals(string path) => Read<SuiteTotals>(path, "a run summary (summary.json)");

    public static string Serialize(ReproducibilityCard card) => JsonSerializer.Serialize(card, Options) + "\n";

    /// <summary>Reads a saved reproducibility card (card.json); a file that is not one throws <see cref="InvalidDataException"/>.</summary>
    public static ReproducibilityCard ReadCard(string path) => Read<ReproducibilityCard>(path, "a saved reproducibility card (card.json)");

    /// <summary>Reads a saved claim record; a file that is not one throws <see cref="InvalidDataException"/> naming the file.</summary>
    public static ClaimRecord ReadClaim(string path) => Read<ClaimRecord>(path, "a saved claim outcome (*.outcome.json)");

    public static DistributionSnapshot ReadSnapshot(string path)
    {
        var snapshot = Read<DistributionSnapshot>(path, "a distribution snapshot (*.verified.json)");
        if (Snapshots.SnapshotFiles.Problem(snapshot) is { } problem)
            throw new InvalidDataException($"{path} is not a distribution snapshot: {problem}.");
        return snapshot;
    }

    static T Read<T>(string path, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options)
                   ?? throw new InvalidDataException($"{path} is empty: expected {what}.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not {what}: {e.Message} Delete it and re-run the claims to write it again.", e);
        }
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReproSpec.Store;

/// <summary>The one JSON form of records: diverged metrics (NaN, ∞) must survive a round trip.</summary>
public static class RecordJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static string Serialize(RunRecord record) => JsonSerializer.Serialize(record, Options);

    public static RunRecord? Deserialize(string json) => JsonSerializer.Deserialize<RunRecord>(json, Options);

    /// <summary>The checksum a record must carry: SHA-256 of its JSON with an empty checksum field.</summary>
    public static string ChecksumOf(RunRecord record)
    {
        var json = Serialize(record with { Checksum = "" });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }

    public static RunRecord Seal(RunRecord record) => record with { Checksum = ChecksumOf(record) };

    public static bool IsIntact(RunRecord record) => record.Checksum == ChecksumOf(record);
}

using System.Globalization;

namespace ReproSpec.Planning;

/// <summary>
/// Share <see cref="Index"/> of <see cref="Count"/> of a plan's runs. A run belongs to a share by its key
/// alone (key mod count), so every shard agrees on the split even when each plans at a different time and
/// other shards have stored some runs in between.
/// </summary>
public sealed record RunShard
{
    public RunShard(int index, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "a shard count is at least 1");
        if (index < 0 || index >= count) throw new ArgumentOutOfRangeException(nameof(index), index, $"a shard index is between 0 and {count - 1}");
        Index = index;
        Count = count;
    }

    public int Index { get; }
    public int Count { get; }

    /// <summary>The whole plan as one share.</summary>
    public static RunShard All { get; } = new(0, 1);

    /// <summary>Parses "i/N" (0 ≤ i &lt; N), as Slurm's $SLURM_ARRAY_TASK_ID/N gives it; null with a reason when malformed.</summary>
    public static RunShard? TryParse(string text, out string? problem)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            problem = $"'{text}' is not a shard: write i/N, e.g. 0/4 for the first of 4 shares.";
            return null;
        }
        if (count < 1 || index >= count)
        {
            problem = $"'{text}' is not a shard: N must be at least 1 and i between 0 and N-1 (Slurm array task ids start at 0).";
            return null;
        }
        problem = null;
        return new RunShard(index, count);
    }

    /// <summary>Whether the run with this key (lowercase hex, as <see cref="RunIdentity.KeyOf"/> makes it) is in this share.</summary>
    public bool Contains(string key)
    {
        // The first 15 hex digits (60 bits) of a SHA-256 are uniform, so shares are even in expectation.
        var prefix = ulong.Parse(key.AsSpan(0, Math.Min(15, key.Length)), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return (int)(prefix % (ulong)Count) == Index;
    }

    public override string ToString() => $"{Index}/{Count}";
}

using System.Security.Cryptography;
using System.Text;

namespace ReproSpec.Execution;

/// <summary>
/// Independent seeds for each source of variance of one run (data split, initialisation, data order,
/// dropout...), all derived from the run's seed. A source declared fixed gets the seed of run 0 on every run,
/// so a claim can vary initialisation while holding the split constant.
/// </summary>
public sealed class SeedSet
{
    readonly IReadOnlySet<string> fixedSources;

    public SeedSet(int seed, IEnumerable<string>? fixedSources = null)
    {
        Seed = seed;
        this.fixedSources = new HashSet<string>(fixedSources ?? [], StringComparer.Ordinal);
    }

    /// <summary>The run's seed.</summary>
    public int Seed { get; }

    /// <summary>Sources of variance held at their run-0 value.</summary>
    public IReadOnlySet<string> FixedSources => fixedSources;

    /// <summary>A non-negative 31-bit seed for <paramref name="source"/>, stable across platforms and versions.</summary>
    public int For(string source)
    {
        var seed = fixedSources.Contains(source) ? 0 : Seed;
        // A hash, not seed + offset: neighbouring seeds must not give overlapping streams between sources.
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{source}:{seed}"));
        return (int)(BitConverter.ToUInt32(bytes, 0) & 0x7FFF_FFFF);
    }

    /// <summary>A fresh <see cref="Random"/> for <paramref name="source"/>.</summary>
    public Random Random(string source) => new(For(source));

    /// <summary>Well-known names of sources of variance.</summary>
    public static class Sources
    {
        public const string Split = "split";
        public const string Init = "init";
        public const string Order = "order";
        public const string Dropout = "dropout";
        public const string Augmentation = "augmentation";
    }
}

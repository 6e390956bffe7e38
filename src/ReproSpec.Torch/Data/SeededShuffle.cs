namespace ReproSpec.Torch.Data;

/// <summary>Seeded permutations that are identical on every platform and .NET version (SplitMix64, unbiased bounds).</summary>
/// <remarks>
/// System.Random does not promise the same sequence across runtime versions and torch's generator differs
/// between CPU and CUDA, so data splits and data order draw from this instead: integer arithmetic only.
/// </remarks>
public sealed class SeededShuffle
{
    ulong state;

    public SeededShuffle(long seed) => state = unchecked((ulong)seed);

    /// <summary>The next 64 random bits (SplitMix64, Steele, Lea and Flood 2014).</summary>
    public ulong NextUInt64()
    {
        unchecked
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), without modulo bias (Lemire 2019).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        var range = (ulong)bound;
        var product = (UInt128)NextUInt64() * range;
        if ((ulong)product < range)
        {
            var threshold = unchecked(0UL - range) % range;
            while ((ulong)product < threshold)
                product = (UInt128)NextUInt64() * range;
        }
        return (int)(product >> 64);
    }

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher–Yates).</summary>
    public void ShuffleInPlace<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A random ordering of 0..count-1.</summary>
    public int[] Permutation(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var order = new int[count];
        for (var i = 0; i < count; i++) order[i] = i;
        ShuffleInPlace(order.AsSpan());
        return order;
    }
}

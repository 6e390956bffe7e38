namespace ReproSpec.Statistics;

/// <summary>A small, fast random stream (SplitMix64) whose output for a given seed is fixed across platforms and .NET versions.</summary>
/// <remarks>
/// Resampling results (bootstrap intervals, Monte-Carlo p-values) are part of stored verdicts, so they must not
/// change when System.Random's algorithm does. Streams with different <c>stream</c> numbers are independent
/// for practical purposes, so one user seed can drive several resampling steps.
/// </remarks>
public sealed class SeededRandom
{
    const ulong Golden = 0x9E37_79B9_7F4A_7C15;
    ulong state;

    public SeededRandom(ulong seed, ulong stream = 0) => state = Mix(seed ^ Mix(stream * Golden + Golden));

    public ulong NextUInt64()
    {
        state += Golden;
        return Mix(state);
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="bound"/>) without modulo bias (Lemire's multiply-and-reject).</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound), bound, "The bound must be positive.");
        var range = (ulong)bound;
        var high = Math.BigMul(NextUInt64(), range, out var low);
        if (low < range)
        {
            var threshold = (0 - range) % range;
            while (low < threshold) high = Math.BigMul(NextUInt64(), range, out low);
        }
        return (int)high;
    }

    static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
        return z ^ (z >> 31);
    }
}

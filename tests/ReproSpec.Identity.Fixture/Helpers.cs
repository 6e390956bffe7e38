namespace ReproSpec.Identity.Fixture;

/// <summary>A helper in the claims assembly, with a lambda (compiler-generated names carry method ordinals).</summary>
public static class LocalMath
{
    public static double Shift(int seed) => Enumerable.Range(0, seed + 1).Select(i => i * 0.01).Sum();
}

/// <summary>The data loader: an iterator.</summary>
public static class DataLoader
{
    public static IEnumerable<double> Rows(int seed)
    {
        yield return 0.01;
        yield return seed * 0.01;
    }
}

/// <summary>The evaluation code: an async method (another state machine) with a local function.</summary>
public static class Evaluation
{
    public static async Task<double> ScoreAsync(double[] values)
    {
        await Task.Yield();
        return Mean(values);

        static double Mean(double[] values) => values.Sum() / values.Length;
    }
}

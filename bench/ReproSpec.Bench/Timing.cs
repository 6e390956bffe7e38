using System.Diagnostics;

namespace ReproSpec.Bench;

/// <summary>Wall-clock helpers: every figure is a median over repetitions, and ratios are taken within one repetition.</summary>
static class Timing
{
    public static double Seconds(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Wall time and this process's CPU time (all threads): CPU time is less disturbed by other processes on a shared machine.</summary>
    public static (double Wall, double Cpu) WallAndCpu(Action action)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Seconds(action);
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static string TempDirectory(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), $"reprospec-bench-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A worker may still hold a file for a moment; a leftover temp folder is harmless.
        }
    }
}

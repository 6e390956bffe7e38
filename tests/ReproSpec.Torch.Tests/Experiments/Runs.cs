using ReproSpec.Claims;
using ReproSpec.Execution;

namespace ReproSpec.Torch.Tests.Experiments;

/// <summary>Running experiments in tests.</summary>
internal static class Runs
{
    public static RunMetrics Run(Experiment experiment, int seed, IEnumerable<string>? fixedSources = null, int threads = 1,
        IProgress<string>? progress = null, CancellationToken cancellation = default) =>
        experiment.Run(new RunContext(new SeedSet(seed, fixedSources), threads: threads, progress: progress, cancellation: cancellation));

    /// <summary>Every metric but wall-clock seconds, the one that is not a function of the seed.</summary>
    public static IDictionary<string, double> Seeded(RunMetrics metrics) =>
        metrics.Where(m => m.Key != "seconds").ToDictionary(m => m.Key, m => m.Value);

    /// <summary>Reports on the calling thread, so a test sees every message before the run continues.</summary>
    public sealed class Recorder(Action<string>? onReport = null) : IProgress<string>
    {
        public List<string> Messages { get; } = [];

        public void Report(string value)
        {
            Messages.Add(value);
            onReport?.Invoke(value);
        }
    }
}

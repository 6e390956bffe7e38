using System.Globalization;
using ReproSpec.Execution;
using ReproSpec.Sessions;
using ReproSpec.Planning;
using ReproSpec.Store;

namespace ReproSpec.Engine.Tests;

/// <summary>The child process the process-level tests start: a suite against a store, or a fingerprint.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        switch (args)
        {
            case ["suite", var store, var seeds, var workers, var milliseconds]:
            {
                var requests = Suite(int.Parse(seeds, CultureInfo.InvariantCulture), int.Parse(milliseconds, CultureInfo.InvariantCulture));
                // As a claim session opens its store: the lease timeout comes from the settings (REPROSPEC_LEASE_TIMEOUT).
                var root = Path.GetFullPath(store);
                using var engine = new RunEngine(new RunStore(root, new RunLeases(root, SessionSettings.FromEnvironment().LeaseTimeout)), new InProcessExecutor(int.Parse(workers, CultureInfo.InvariantCulture), 1, ""),
                    warn: message => Console.Error.WriteLine(message));
                var trainedKeys = new List<string>();
                engine.EnsureAsync(requests, new Trained(trainedKeys)).GetAwaiter().GetResult();
                Console.WriteLine($"trained={engine.TrainedTotal} cached={engine.CachedTotal}");
                Console.WriteLine($"trained-keys={string.Join(',', trainedKeys)}");
                return 0;
            }
            case ["fingerprint"]:
                Console.WriteLine(CodeFingerprint.Of(typeof(GlobalGenerator)));
                Console.WriteLine(new RunRequest(new GlobalGenerator(), 7, []).Key);
                return 0;
            default:
                Console.Error.WriteLine("usage: suite <store> <seeds> <workers> <milliseconds per run> | fingerprint");
                return 2;
        }
    }

    /// <summary>The suite the child runs: one slow pure-C# experiment over seeds 0..n-1.</summary>
    public static IReadOnlyList<RunRequest> Suite(int seeds, int milliseconds) =>
        Enumerable.Range(0, seeds).Select(seed => new RunRequest(new Sleeps(milliseconds, InWorker: false), seed, [])).ToList();
}

/// <summary>Collects the keys of the runs this process trained (not read from the store).</summary>
sealed class Trained(List<string> keys) : IProgress<RunProgress>
{
    public void Report(RunProgress value)
    {
        if (value.Last is { } record && !value.LastFromStore) keys.Add(record.Key);
    }
}

using ReproSpec.Claims;
using ReproSpec.Execution;

namespace ReproSpec.Engine.Tests;

/// <summary>
/// A stand-in for TorchSharp: seeds a process-global generator (like torch.manual_seed) and then draws
/// from it step by step. Two such runs on threads of one process interleave their draws.
/// </summary>
public sealed record GlobalGenerator(int Steps = 25) : Experiment
{
    static Random global = new(0);

    public override bool SharesProcessState => true;

    public override RunMetrics Run(RunContext context)
    {
        global = new Random(context.Seeds.For(SeedSet.Sources.Init));
        var sum = 0.0;
        for (var step = 0; step < Steps; step++)
        {
            sum += global.NextDouble();
            Thread.Sleep(2);
        }
        return RunMetrics.Of(("score", sum), ("pid", Environment.ProcessId));
    }
}

/// <summary>Ends its process (like a native crash) on one seed.</summary>
public sealed record ExitsOnSeed(int ExitSeed) : Experiment
{
    public override bool SharesProcessState => true;

    public override RunMetrics Run(RunContext context)
    {
        if (context.Seed == ExitSeed)
        {
            Console.Error.WriteLine("simulated native crash");
            Environment.Exit(3);
        }
        return RunMetrics.Of(("score", context.Seed));
    }
}

/// <summary>Takes <see cref="Milliseconds"/> per run; its score is the seed.</summary>
public sealed record Sleeps(int Milliseconds, bool InWorker = true) : Experiment
{
    public override bool SharesProcessState => InWorker;

    public override RunMetrics Run(RunContext context)
    {
        Thread.Sleep(Milliseconds);
        return RunMetrics.Of(("score", context.Seed));
    }
}

/// <summary>Prints to stdout, including text that looks like a protocol line.</summary>
public sealed record Chatty : Experiment
{
    public override bool SharesProcessState => true;

    public override RunMetrics Run(RunContext context)
    {
        Console.WriteLine("epoch 1 loss 0.3");
        Console.WriteLine("{\"record\":null,\"error\":\"not from the worker\"}");
        Console.Out.Flush();
        return RunMetrics.Of(("score", context.Seed), ("threads", context.Threads));
    }
}

/// <summary>A parameter that does not survive System.Text.Json (private setter): workers must refuse it.</summary>
public sealed record Lossy(int Width) : Experiment
{
    public int Depth { get; private set; }

    public override bool SharesProcessState => true;

    public Lossy WithDepth(int depth) => new(Width) { Depth = depth };

    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", Width * 10 + Depth));
}

/// <summary>Reports whether the worker runtime runs without background JIT and GC threads (1) or with them (0).</summary>
public sealed record ReadsRuntimeSettings : Experiment
{
    public override bool SharesProcessState => true;

    public override RunMetrics Run(RunContext context) => RunMetrics.Of(
        ("tiered_compilation_off", Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") == "0" ? 1 : 0),
        ("concurrent_gc_off", System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.Batch ? 1 : 0));
}

namespace ReproSpec.Execution;

/// <summary>Everything one run may depend on: its seeds, device, thread budget, cancellation and progress.</summary>
public sealed class RunContext
{
    public RunContext(SeedSet seeds, string device = "cpu", int threads = 1, IProgress<string>? progress = null, CancellationToken cancellation = default)
    {
        Seeds = seeds;
        Device = device;
        Threads = threads;
        Cancellation = cancellation;
        Progress = progress;
    }

    public int Seed => Seeds.Seed;
    public SeedSet Seeds { get; }

    /// <summary>"cpu" or "cuda" (see REPROSPEC_DEVICE).</summary>
    public string Device { get; }

    /// <summary>Intra-op threads this run may use (workers × threads ≤ cores).</summary>
    public int Threads { get; }
    public CancellationToken Cancellation { get; }
    public IProgress<string>? Progress { get; }

    /// <summary>What the run printed, kept with its record (see <see cref="Keep"/>); null when the experiment kept nothing.</summary>
    public RunOutput? Output { get; private set; }

    /// <summary>Keeps <paramref name="output"/> (bounded) with the run's record, whether the run then succeeds or fails.</summary>
    public void Keep(RunOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Output = RunOutput.Bounded(output.Stdout, output.Stderr, output.Environment);
    }
}

using ReproSpec.Execution;
using TorchSharp;

namespace ReproSpec.Torch;

/// <summary>A run's context plus the torch device chosen for it.</summary>
public sealed class TorchRunContext
{
    internal TorchRunContext(RunContext run, torch.Device device)
    {
        Run = run;
        Device = device;
    }

    public RunContext Run { get; }
    public torch.Device Device { get; }
    public SeedSet Seeds => Run.Seeds;
    public CancellationToken Cancellation => Run.Cancellation;
    public IProgress<string>? Progress => Run.Progress;
}

using System.Text.Json.Serialization;
using ReproSpec.Claims;
using ReproSpec.Execution;
using TorchSharp;
using static TorchSharp.torch;

namespace ReproSpec.Torch;

/// <summary>An experiment that trains a TorchSharp model: seeding, threads, device and tensor disposal are handled here.</summary>
/// <remarks>
/// A run: check cancellation, <see cref="Validate"/>, set torch's thread count, pick the device, seed torch's
/// global generator from the "init" source, <see cref="BuildModel"/> (on the CPU, so a seed gives the same
/// initial weights on every device), move it to the device, re-seed from the "dropout" source, then
/// <see cref="Train"/>. Every tensor created in between is disposed when the run ends.
/// Draw any other randomness (split, data order) from <see cref="TorchRunContext.Seeds"/>, not from torch.
/// </remarks>
public abstract record TorchExperiment : Experiment
{
    static readonly Lock ThreadsLock = new();
    static bool interopThreadsSet;

    /// <summary>Runs share torch's global generator and thread settings: only one at a time per process.</summary>
    // The base's [JsonIgnore] does not carry over to an override: without it this would join the run identity.
    [JsonIgnore]
    public override bool SharesProcessState => true;

    /// <summary>"cuda" when torch sees a GPU (or REPROSPEC_DEVICE says so), else "cpu": part of every run's identity.</summary>
    [JsonIgnore] // the run key adds the device itself; as a parameter it would also load libtorch to serialise
    public override string Device => Devices.Select().type == DeviceType.CUDA ? "cuda" : "cpu";

    public sealed override RunMetrics Run(RunContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Cancellation.ThrowIfCancellationRequested();
        Validate();
        UseThreads(context.Threads);
        var device = Devices.Select(context.Device);
        var run = new TorchRunContext(context, device);

        using var scope = torch.NewDisposeScope();
        Seed(context.Seeds.For(SeedSet.Sources.Init), device);
        using var model = BuildModel(run);
        model.to(device);
        Seed(context.Seeds.For(SeedSet.Sources.Dropout), device);
        return Train(run, model);
    }

    /// <summary>Throws ArgumentException naming any parameter that is out of range, before anything is trained.</summary>
    protected virtual void Validate() { }

    /// <summary>Builds the model; torch's global generator has just been seeded from the "init" source.</summary>
    protected abstract nn.Module<Tensor, Tensor> BuildModel(TorchRunContext context);

    /// <summary>Trains and evaluates <paramref name="model"/>; torch's global generator has just been seeded from the "dropout" source.</summary>
    protected abstract RunMetrics Train(TorchRunContext context, nn.Module<Tensor, Tensor> model);

    static void Seed(int seed, Device device)
    {
        torch.manual_seed(seed).Dispose();
        if (device.type == DeviceType.CUDA) torch.cuda.manual_seed_all(seed);
    }

    static void UseThreads(int threads)
    {
        if (threads < 1)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "RunContext.Threads must be at least 1.");
        lock (ThreadsLock)
        {
            if (torch.get_num_threads() != threads) torch.set_num_threads(threads);
            // libtorch accepts the inter-op pool size once, before any inter-op work; later runs keep it.
            if (!interopThreadsSet)
            {
                interopThreadsSet = true;
                try
                {
                    torch.set_num_interop_threads(threads);
                }
                catch (System.Runtime.InteropServices.ExternalException)
                {
                    // Someone (the host or another library) already started or sized the pool: nothing to do.
                }
            }
        }
    }
}

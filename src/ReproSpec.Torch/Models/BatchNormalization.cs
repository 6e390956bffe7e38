using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ReproSpec.Torch.Models;

/// <summary>Batch normalisation of [N, features] inputs (Ioffe and Szegedy 2015), as torch.nn.BatchNorm1d with momentum 0.1 and eps 1e-5.</summary>
/// <remarks>
/// TorchSharp 0.107's BatchNorm1d counts batches with <c>num_batches_tracked.add_(1)</c>, which hands libtorch
/// temporary Scalars a garbage collection can finalise mid-call ("Unknown scalar type", "alpha must not be a
/// floating point number" in our stress runs). That counter only matters when momentum is unset, so this
/// module omits it and calls the Scalar-free functional batch_norm.
/// </remarks>
public sealed class BatchNormalization : Module<Tensor, Tensor>
{
    const double Momentum = 0.1, Epsilon = 1e-5;
    readonly Parameter weight;
    readonly Parameter bias;
    readonly Tensor running_mean;
    readonly Tensor running_var;

    public BatchNormalization(long features) : base(nameof(BatchNormalization))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        Features = features;
        weight = new Parameter(ones(features));
        bias = new Parameter(zeros(features));
        running_mean = zeros(features);
        running_var = ones(features);
        RegisterComponents();
    }

    public long Features { get; }

    /// <summary>Training: normalise with the batch's statistics and update the running ones. Evaluation: use the running ones.</summary>
    public override Tensor forward(Tensor input) =>
        functional.batch_norm(input, running_mean, running_var, weight, bias, training, Momentum, Epsilon);
}

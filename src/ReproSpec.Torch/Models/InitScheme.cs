using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ReproSpec.Torch.Models;

/// <summary>How weights are initialised: TorchSharp's default, He (Kaiming) normal for ReLU, or Xavier (Glorot) uniform.</summary>
public enum InitScheme
{
    /// <summary>TorchSharp's layer default (Kaiming uniform with a = √5, as in PyTorch).</summary>
    Default,

    /// <summary>He et al. 2015: N(0, 2/fan_in), keeps ReLU activations' scale through depth; biases zero.</summary>
    He,

    /// <summary>Glorot and Bengio 2010: U(±√(6/(fan_in+fan_out))); biases zero.</summary>
    Xavier,
}

/// <summary>Parses and applies <see cref="InitScheme"/>.</summary>
public static class InitSchemes
{
    /// <summary>"default", "he" (or "kaiming"), "xavier" (or "glorot"), in any case.</summary>
    public static InitScheme Parse(string value, string parameter = "Init") =>
        value?.Trim().ToLowerInvariant() switch
        {
            "default" => InitScheme.Default,
            "he" or "kaiming" => InitScheme.He,
            "xavier" or "glorot" => InitScheme.Xavier,
            _ => throw new ArgumentException($"{parameter} is \"{value}\"; use \"default\", \"he\" (Kaiming) or \"xavier\" (Glorot).", parameter),
        };

    /// <summary>Re-initialises a layer's weight (and zeroes its bias) from torch's global generator.</summary>
    public static void Apply(InitScheme scheme, Tensor weight, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (scheme == InitScheme.Default) return;
        using (no_grad())
        {
            if (scheme == InitScheme.He)
                init.kaiming_normal_(weight, mode: init.FanInOut.FanIn, nonlinearity: init.NonlinearityType.ReLU);
            else
                init.xavier_uniform_(weight);
            if (bias is not null) init.zeros_(bias);
        }
    }
}

using System.Text.Json.Serialization;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ReproSpec.Torch.Models;

/// <summary>The nonlinearity after each hidden layer of an <see cref="Mlp"/>: ReLU (the default), the logistic sigmoid or tanh.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Activation>))]
public enum Activation
{
    /// <summary>max(0, x).</summary>
    ReLU,

    /// <summary>1 / (1 + e^−x), as in Ioffe and Szegedy 2015's MNIST net (Sec. 4.1).</summary>
    Sigmoid,

    /// <summary>tanh(x).</summary>
    Tanh,
}

/// <summary>Builds the TorchSharp module of an <see cref="Activation"/>.</summary>
public static class Activations
{
    /// <summary>The module and the name it gets in a model: "relu", "sigmoid" or "tanh".</summary>
    public static (string Name, Module<Tensor, Tensor> Module) Create(Activation activation) => activation switch
    {
        Activation.ReLU => ("relu", ReLU()),
        Activation.Sigmoid => ("sigmoid", Sigmoid()),
        Activation.Tanh => ("tanh", Tanh()),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Use Activation.ReLU, Sigmoid or Tanh."),
    };
}

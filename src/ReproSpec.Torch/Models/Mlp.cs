using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ReproSpec.Torch.Models;

/// <summary>A multilayer perceptron: Linear layers with a nonlinearity (ReLU by default) between them, optional batch norm and dropout.</summary>
/// <remarks>
/// Inputs of any shape [N, ...] are flattened to [N, features] first. Each hidden layer is Linear, then batch norm
/// (if asked), then the activation, then dropout (if asked); input dropout, if asked, comes before the first Linear.
/// The defaults (ReLU, no input dropout) build the same modules in the same order as before these options existed,
/// so a seed gives the same weights and the same dropout masks.
/// </remarks>
public sealed class Mlp : Module<Tensor, Tensor>
{
    readonly Sequential layers;

    /// <param name="sizes">Input features, then each hidden width, then the number of classes: [784, 256, 10] is one hidden layer.</param>
    /// <param name="dropout">Dropout probability after each hidden layer's activation; 0 for none.</param>
    /// <param name="batchNorm">Batch norm between each hidden Linear and its activation.</param>
    /// <param name="init">Weight initialisation for every Linear layer.</param>
    /// <param name="activation">The nonlinearity of every hidden layer.</param>
    /// <param name="inputDropout">Dropout probability on the input features (Srivastava et al. 2014 drop 0.2 of MNIST pixels); 0 for none.</param>
    public Mlp(IReadOnlyList<int> sizes, double dropout = 0, bool batchNorm = false, InitScheme init = InitScheme.Default,
        Activation activation = Activation.ReLU, double inputDropout = 0) : base(nameof(Mlp))
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Count < 2 || sizes.Any(s => s < 1))
            throw new ArgumentException($"An MLP needs at least an input and an output size, all positive; got [{string.Join(", ", sizes)}].", nameof(sizes));
        if (!(dropout >= 0 && dropout < 1))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout is a probability in [0, 1).");
        if (!(inputDropout >= 0 && inputDropout < 1))
            throw new ArgumentOutOfRangeException(nameof(inputDropout), inputDropout, "Input dropout is a probability in [0, 1).");
        if (!Enum.IsDefined(activation))
            throw new ArgumentOutOfRangeException(nameof(activation), activation, "Use Activation.ReLU, Sigmoid or Tanh.");

        var modules = new List<(string, Module<Tensor, Tensor>)> { ("flatten", Flatten()) };
        if (inputDropout > 0) modules.Add(("dropout_input", Dropout(inputDropout)));
        for (var i = 0; i + 1 < sizes.Count; i++)
        {
            var linear = Linear(sizes[i], sizes[i + 1]);
            InitSchemes.Apply(init, linear.weight, linear.bias);
            modules.Add(($"linear{i}", linear));
            if (i + 2 == sizes.Count) break;
            if (batchNorm) modules.Add(($"norm{i}", new BatchNormalization(sizes[i + 1])));
            var (name, nonlinearity) = Activations.Create(activation);
            modules.Add(($"{name}{i}", nonlinearity));
            if (dropout > 0) modules.Add(($"dropout{i}", Dropout(dropout)));
        }
        layers = Sequential(modules);
        Sizes = sizes.ToArray();
        Activation = activation;
        RegisterComponents();
    }

    public IReadOnlyList<int> Sizes { get; }

    /// <summary>The nonlinearity of the hidden layers.</summary>
    public Activation Activation { get; }

    /// <summary>Number of Linear layers.</summary>
    public int Depth => Sizes.Count - 1;

    /// <summary>Multinomial logistic regression: one Linear layer, no hidden units.</summary>
    public static Mlp SoftmaxRegression(int inputs, int classes, InitScheme init = InitScheme.Default) => new([inputs, classes], init: init);

    /// <summary>A deep plain ReLU network (no batch norm, no skips) of <paramref name="depth"/> Linear layers, as in He et al. 2015's depth experiments.</summary>
    public static Mlp DeepPlain(int inputs, int width, int depth, int classes, InitScheme init)
    {
        if (depth < 2)
            throw new ArgumentOutOfRangeException(nameof(depth), depth, "A deep MLP needs at least 2 Linear layers.");
        return new Mlp([inputs, .. Enumerable.Repeat(width, depth - 1), classes], init: init);
    }

    public override Tensor forward(Tensor input) => layers.forward(input);
}

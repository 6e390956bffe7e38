using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ReproSpec.Torch.Models;

/// <summary>A multilayer perceptron: Linear layers with ReLU between them, optional batch norm and dropout after each hidden layer.</summary>
/// <remarks>Inputs of any shape [N, ...] are flattened to [N, features] first.</remarks>
public sealed class Mlp : Module<Tensor, Tensor>
{
    readonly Sequential layers;

    /// <param name="sizes">Input features, then each hidden width, then the number of classes: [784, 256, 10] is one hidden layer.</param>
    /// <param name="dropout">Dropout probability after each hidden ReLU; 0 for none.</param>
    /// <param name="batchNorm">Batch norm between each hidden Linear and its ReLU.</param>
    /// <param name="init">Weight initialisation for every Linear layer.</param>
    public Mlp(IReadOnlyList<int> sizes, double dropout = 0, bool batchNorm = false, InitScheme init = InitScheme.Default) : base(nameof(Mlp))
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Count < 2 || sizes.Any(s => s < 1))
            throw new ArgumentException($"An MLP needs at least an input and an output size, all positive; got [{string.Join(", ", sizes)}].", nameof(sizes));
        if (!(dropout >= 0 && dropout < 1))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Dropout is a probability in [0, 1).");

        var modules = new List<(string, Module<Tensor, Tensor>)> { ("flatten", Flatten()) };
        for (var i = 0; i + 1 < sizes.Count; i++)
        {
            var linear = Linear(sizes[i], sizes[i + 1]);
            InitSchemes.Apply(init, linear.weight, linear.bias);
            modules.Add(($"linear{i}", linear));
            if (i + 2 == sizes.Count) break;
            if (batchNorm) modules.Add(($"norm{i}", new BatchNormalization(sizes[i + 1])));
            modules.Add(($"relu{i}", ReLU()));
            if (dropout > 0) modules.Add(($"dropout{i}", Dropout(dropout)));
        }
        layers = Sequential(modules);
        Sizes = sizes.ToArray();
        RegisterComponents();
    }

    public IReadOnlyList<int> Sizes { get; }

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

using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ReproSpec.Torch.Models;

/// <summary>A LeNet-5-style CNN for single-channel images: two 5×5 conv + ReLU + 2×2 max-pool stages, then 120-84-classes.</summary>
/// <remarks>Modernised as is usual today: ReLU and max pooling instead of tanh and subsampling. Inputs [N, H, W] or [N, 1, H, W].</remarks>
public sealed class LeNet5 : Module<Tensor, Tensor>
{
    readonly Sequential features;
    readonly Sequential classifier;
    readonly long height;
    readonly long width;

    public LeNet5(int classes = 10, int height = 28, int width = 28, InitScheme init = InitScheme.Default) : base(nameof(LeNet5))
    {
        if (height < 16 || width < 16)
            throw new ArgumentOutOfRangeException(nameof(height), $"LeNet-5 needs images of at least 16×16; got {height}×{width}.");
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        this.height = height;
        this.width = width;

        var conv1 = Conv2d(1, 6, 5, padding: 2);
        var conv2 = Conv2d(6, 16, 5);
        features = Sequential(
            ("conv1", conv1), ("relu1", ReLU()), ("pool1", MaxPool2d(2)),
            ("conv2", conv2), ("relu2", ReLU()), ("pool2", MaxPool2d(2)),
            ("flatten", Flatten()));
        // 'same' padding, pool, 5×5 valid conv, pool.
        var flat = 16 * ((height / 2 - 4) / 2) * ((width / 2 - 4) / 2);
        var fc1 = Linear(flat, 120);
        var fc2 = Linear(120, 84);
        var fc3 = Linear(84, classes);
        classifier = Sequential(("fc1", fc1), ("relu3", ReLU()), ("fc2", fc2), ("relu4", ReLU()), ("fc3", fc3));
        foreach (var (weight, bias) in new[] { (conv1.weight, conv1.bias), (conv2.weight, conv2.bias), (fc1.weight, fc1.bias), (fc2.weight, fc2.bias), (fc3.weight, fc3.bias) })
            InitSchemes.Apply(init, weight!, bias);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var images = input.reshape(-1, 1, height, width);
        using var x = features.forward(images);
        return classifier.forward(x);
    }
}

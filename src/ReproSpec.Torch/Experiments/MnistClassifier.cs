using System.Text.Json.Serialization;
using ReproSpec.Execution;
using ReproSpec.Torch.Data;
using ReproSpec.Torch.Models;
using ReproSpec.Torch.Training;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ReproSpec.Torch.Experiments;

/// <summary>Trains a classifier on the vendored 10,000 MNIST digits (seeded stratified split, pixels scaled to [0, 1]) and reports test accuracy.</summary>
/// <param name="Architecture">"mlp" (784-Hidden-10), "linear" (softmax regression), "cnn" (LeNet-5-style) or "deep-mlp" (Depth Linear layers, the hidden ones of width Hidden).</param>
/// <param name="Hidden">Hidden width of "mlp" and "deep-mlp".</param>
/// <param name="Depth">Number of Linear layers of "deep-mlp": 4 is three hidden layers.</param>
/// <param name="Dropout">Dropout after each hidden layer of "mlp" and "deep-mlp"; 0 for none.</param>
/// <param name="BatchNorm">Batch norm before each hidden layer's activation in "mlp" and "deep-mlp".</param>
/// <param name="Init">"default", "he" or "xavier" weight initialisation.</param>
/// <param name="Optimizer">"adam" or "sgd".</param>
/// <param name="LearningRate">Optimiser step size.</param>
/// <param name="Momentum">SGD momentum; 0 for plain SGD.</param>
/// <param name="BatchSize">Examples per mini-batch.</param>
/// <param name="Epochs">Passes over the training set.</param>
/// <param name="TestFraction">Share of the examples held out for testing, stratified by class.</param>
/// <param name="Subset">Train and test on a stratified subset of this many examples (0 = all 10,000), e.g. for quick checks.</param>
/// <param name="Activation">The hidden layers' nonlinearity in "mlp" and "deep-mlp" (ReLU unless set).</param>
/// <param name="InputDropout">Dropout on the input pixels of "mlp" and "deep-mlp"; 0 for none.</param>
/// <param name="BinaryInputs">Binary images: a pixel is 1 from grey level 128 up, else 0 (false: grey levels scaled to [0, 1]).</param>
/// <remarks>
/// <see cref="Activation"/>, <see cref="InputDropout"/> and <see cref="BinaryInputs"/> are left out of the parameters' JSON at their defaults, so
/// the run identity and the recorded design of every experiment declared before they existed are unchanged.
/// </remarks>
/// <example>
/// Ioffe and Szegedy 2015's MNIST net, three hidden layers of 100 sigmoid units with batch norm:
/// <code>new MnistClassifier(Architecture: "deep-mlp", Hidden: 100, Depth: 4, Activation: Activation.Sigmoid, BatchNorm: true)</code>
/// </example>
public sealed record MnistClassifier(
    string Architecture = "mlp",
    int Hidden = 256,
    int Depth = 30,
    double Dropout = 0,
    bool BatchNorm = false,
    string Init = "default",
    string Optimizer = "adam",
    double LearningRate = 1e-3,
    double Momentum = 0,
    int BatchSize = 64,
    int Epochs = 3,
    double TestFraction = 0.2,
    int Subset = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] Activation Activation = Activation.ReLU,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] double InputDropout = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool BinaryInputs = false) : TorchExperiment
{
    static readonly string[] Architectures = ["mlp", "linear", "cnn", "deep-mlp"];

    [JsonIgnore] // not inherited from the base's declaration
    public override string DataFingerprint => Datasets.Fingerprint(Datasets.Mnist10kName);

    /// <summary>The (unscaled) train/test split a run with these seeds uses: a function of the "split" source only.</summary>
    public DatasetSplit SplitFor(SeedSet seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var seed = seeds.For(SeedSet.Sources.Split);
        var data = Datasets.Mnist10k();
        if (Subset > 0) data = data.StratifiedSample(Subset, seed);
        return data.StratifiedSplit(TestFraction, seed);
    }

    protected override void Validate()
    {
        var architecture = ArchitectureKey();
        if (!Architectures.Contains(architecture))
            throw new ArgumentException($"{nameof(MnistClassifier)}.{nameof(Architecture)} is \"{Architecture}\"; use one of {string.Join(", ", Architectures.Select(a => $"\"{a}\""))}.", nameof(Architecture));
        if (architecture is "mlp" or "deep-mlp" && Hidden < 1)
            throw new ArgumentException($"{nameof(MnistClassifier)}.{nameof(Hidden)} is {Hidden}; use a positive width such as 256.", nameof(Hidden));
        if (architecture == "deep-mlp" && Depth < 2)
            throw new ArgumentException($"{nameof(MnistClassifier)}.{nameof(Depth)} is {Depth}; a deep MLP has at least 2 Linear layers (30 is usual).", nameof(Depth));
        if (!(Dropout >= 0 && Dropout < 1))
            throw new ArgumentException($"{nameof(MnistClassifier)}.{nameof(Dropout)} is {Dropout}; use a probability in [0, 1).", nameof(Dropout));
        if (!(InputDropout >= 0 && InputDropout < 1))
            throw new ArgumentException($"{nameof(MnistClassifier)}.{nameof(InputDropout)} is {InputDropout}; use a probability in [0, 1).", nameof(InputDropout));
        if (!Enum.IsDefined(Activation))
            throw new ArgumentException($"{nameof(MnistClassifier)}.{nameof(Activation)} is {Activation}; use Activation.ReLU, Sigmoid or Tanh.", nameof(Activation));
        if (architecture is not ("mlp" or "deep-mlp") && (Dropout > 0 || BatchNorm || InputDropout > 0 || Activation != Activation.ReLU))
            throw new ArgumentException($"{nameof(MnistClassifier)}: {nameof(Dropout)}, {nameof(InputDropout)}, {nameof(BatchNorm)} and {nameof(Activation)} apply to the \"mlp\" and \"deep-mlp\" architectures only, not \"{Architecture}\"; leave them at 0, 0, false and ReLU.", nameof(Architecture));
        if (Subset < 0 || Subset > 10_000)
            throw new ArgumentException($"{nameof(MnistClassifier)}.{nameof(Subset)} is {Subset}; use 0 for all 10,000 examples or a count up to 10,000.", nameof(Subset));
        if (!(TestFraction > 0 && TestFraction < 1))
            throw new ArgumentException($"{nameof(MnistClassifier)}.{nameof(TestFraction)} is {TestFraction}; use a fraction strictly between 0 and 1 such as 0.2.", nameof(TestFraction));
        InitSchemes.Parse(Init, $"{nameof(MnistClassifier)}.{nameof(Init)}");
        Options().Validate();
    }

    protected override Module<Tensor, Tensor> BuildModel(TorchRunContext context)
    {
        const int Pixels = 28 * 28, Classes = 10;
        var init = InitSchemes.Parse(Init, nameof(Init));
        return ArchitectureKey() switch
        {
            "mlp" => new Mlp([Pixels, Hidden, Classes], Dropout, BatchNorm, init, Activation, InputDropout),
            "linear" => Mlp.SoftmaxRegression(Pixels, Classes, init),
            "cnn" => new LeNet5(Classes, 28, 28, init),
            "deep-mlp" => new Mlp([Pixels, .. Enumerable.Repeat(Hidden, Depth - 1), Classes], Dropout, BatchNorm, init, Activation, InputDropout),
            _ => throw new InvalidOperationException($"Unvalidated architecture \"{Architecture}\"."),
        };
    }

    protected override RunMetrics Train(TorchRunContext context, Module<Tensor, Tensor> model)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Grey levels 0-255 to [0, 1]: a fixed scale, so nothing is learned from the test set.
        var split = SplitFor(context.Seeds).Scaled(1f / 255);
        // Binary images (a pixel is 1 from grey level 128 up), as in Ioffe & Szegedy's Sec. 4.1: a fixed threshold, learned from nothing.
        if (BinaryInputs) split = new(Binarised(split.Train), Binarised(split.Test));
        return ClassifierTraining.Run(context, model, split, Options());
    }

    static LabelledDataset Binarised(LabelledDataset data) => data.WithFeatures(data.Features.Select(v => v >= 0.5f ? 1f : 0f).ToArray());

    TrainingOptions Options() =>
        new(TrainingOptions.ParseOptimizer(Optimizer, $"{nameof(MnistClassifier)}.{nameof(Optimizer)}"), LearningRate, Momentum, BatchSize, Epochs);

    string ArchitectureKey() => Architecture?.Trim().ToLowerInvariant() ?? "";
}

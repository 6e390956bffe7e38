using System.Text.Json.Serialization;
using ReproSpec.Execution;
using ReproSpec.Torch.Data;
using ReproSpec.Torch.Models;
using ReproSpec.Torch.Training;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ReproSpec.Torch.Experiments;

/// <summary>Trains a classifier on a vendored UCI table (seeded stratified split, features standardised with training statistics) and reports test accuracy.</summary>
/// <param name="Dataset">"breast_cancer", "wine", "digits" or "iris".</param>
/// <param name="Model">"mlp" (one hidden layer of Hidden units) or "linear" (softmax regression).</param>
/// <param name="Hidden">Hidden width of "mlp".</param>
/// <param name="Dropout">Dropout after the hidden layer of "mlp"; 0 for none.</param>
/// <param name="BatchNorm">Batch norm in the hidden layer of "mlp".</param>
/// <param name="Init">"default", "he" or "xavier" weight initialisation.</param>
/// <param name="Optimizer">"adam" or "sgd".</param>
/// <param name="LearningRate">Optimiser step size.</param>
/// <param name="Momentum">SGD momentum; 0 for plain SGD.</param>
/// <param name="BatchSize">Examples per mini-batch.</param>
/// <param name="Epochs">Passes over the training set.</param>
/// <param name="TestFraction">Share of the examples held out for testing, stratified by class.</param>
public sealed record TabularClassifier(
    string Dataset = "breast_cancer",
    string Model = "mlp",
    int Hidden = 64,
    double Dropout = 0,
    bool BatchNorm = false,
    string Init = "default",
    string Optimizer = "adam",
    double LearningRate = 1e-3,
    double Momentum = 0,
    int BatchSize = 32,
    int Epochs = 50,
    double TestFraction = 0.2) : TorchExperiment
{
    static readonly string[] Tables = [Datasets.BreastCancerName, Datasets.WineName, Datasets.DigitsName, Datasets.IrisName];

    [JsonIgnore] // not inherited from the base's declaration
    public override string DataFingerprint => Datasets.Fingerprint(DatasetKey());

    /// <summary>The (unstandardised) train/test split a run with these seeds uses: a function of the "split" source only.</summary>
    public DatasetSplit SplitFor(SeedSet seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        return Datasets.Load(DatasetKey()).StratifiedSplit(TestFraction, seeds.For(SeedSet.Sources.Split));
    }

    protected override void Validate()
    {
        if (!Tables.Contains(DatasetKey()))
            throw new ArgumentException($"{nameof(TabularClassifier)}.{nameof(Dataset)} is \"{Dataset}\"; use one of {string.Join(", ", Tables.Select(t => $"\"{t}\""))}.", nameof(Dataset));
        var model = ModelKey();
        if (model is not ("mlp" or "linear"))
            throw new ArgumentException($"{nameof(TabularClassifier)}.{nameof(Model)} is \"{Model}\"; use \"mlp\" or \"linear\".", nameof(Model));
        if (model == "mlp" && Hidden < 1)
            throw new ArgumentException($"{nameof(TabularClassifier)}.{nameof(Hidden)} is {Hidden}; use a positive width such as 64.", nameof(Hidden));
        if (!(Dropout >= 0 && Dropout < 1))
            throw new ArgumentException($"{nameof(TabularClassifier)}.{nameof(Dropout)} is {Dropout}; use a probability in [0, 1).", nameof(Dropout));
        if (model == "linear" && (Dropout > 0 || BatchNorm))
            throw new ArgumentException($"{nameof(TabularClassifier)}: {nameof(Dropout)} and {nameof(BatchNorm)} apply to the \"mlp\" model only; leave them at 0 and false for \"linear\".", nameof(Model));
        if (!(TestFraction > 0 && TestFraction < 1))
            throw new ArgumentException($"{nameof(TabularClassifier)}.{nameof(TestFraction)} is {TestFraction}; use a fraction strictly between 0 and 1 such as 0.2.", nameof(TestFraction));
        InitSchemes.Parse(Init, $"{nameof(TabularClassifier)}.{nameof(Init)}");
        Options().Validate();
    }

    protected override Module<Tensor, Tensor> BuildModel(TorchRunContext context)
    {
        var data = Datasets.Load(DatasetKey());
        var init = InitSchemes.Parse(Init, nameof(Init));
        return ModelKey() == "linear"
            ? Mlp.SoftmaxRegression(data.FeatureCount, data.ClassCount, init)
            : new Mlp([data.FeatureCount, Hidden, data.ClassCount], Dropout, BatchNorm, init);
    }

    protected override RunMetrics Train(TorchRunContext context, Module<Tensor, Tensor> model)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Mean and deviation from the training rows only: the test set must not leak into preprocessing.
        var split = SplitFor(context.Seeds).Standardised();
        return ClassifierTraining.Run(context, model, split, Options());
    }

    TrainingOptions Options() =>
        new(TrainingOptions.ParseOptimizer(Optimizer, $"{nameof(TabularClassifier)}.{nameof(Optimizer)}"), LearningRate, Momentum, BatchSize, Epochs);

    string DatasetKey() => Dataset?.Trim().ToLowerInvariant() ?? "";

    string ModelKey() => Model?.Trim().ToLowerInvariant() ?? "";
}

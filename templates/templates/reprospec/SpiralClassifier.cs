using System.Globalization;
using System.Text.Json.Serialization;
using ReproSpec.Execution;
using ReproSpec.Experiments;
using ReproSpec.Torch;
using ReproSpec.Torch.Data;
using ReproSpec.Torch.Models;
using ReproSpec.Torch.Training;
using static TorchSharp.torch;

namespace ReproSpecClaims;

#region experiment
/// <summary>An MLP (or, with Hidden = 0, softmax regression) trained on data/two_spirals.csv; reports test accuracy.</summary>
/// <param name="Hidden">Units in the one hidden layer; 0 for a linear model.</param>
/// <param name="Epochs">Passes over the training set.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="TestFraction">Share of the rows held out for testing, stratified by class.</param>
public sealed record SpiralClassifier(int Hidden = 32, int Epochs = 60, double LearningRate = 0.01, double TestFraction = 0.25) : TorchExperiment
{
    const string DataFile = "data/two_spirals.csv";

    // The data's content hash joins every run's identity: edit the CSV and the stored runs are not reused.
    [JsonIgnore]
    public override string DataFingerprint => ProjectFiles.ContentHash(ProjectFiles.Find(DataFile, GetType()));

    protected override void Validate()
    {
        if (Hidden < 0) throw new ArgumentException($"Hidden is {Hidden}; use 0 (linear) or a positive width such as 32.", nameof(Hidden));
        if (Epochs < 1) throw new ArgumentException($"Epochs is {Epochs}; use at least 1.", nameof(Epochs));
        if (!(TestFraction > 0 && TestFraction < 1)) throw new ArgumentException($"TestFraction is {TestFraction}; use a fraction such as 0.25.", nameof(TestFraction));
    }

    protected override nn.Module<Tensor, Tensor> BuildModel(TorchRunContext context) =>
        Hidden == 0 ? Mlp.SoftmaxRegression(2, 2) : new Mlp([2, Hidden, 2]);

    protected override RunMetrics Train(TorchRunContext context, nn.Module<Tensor, Tensor> model)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The split is drawn from the "split" source only, so every arm of a claim sees the same split for a seed.
        var split = Load().StratifiedSplit(TestFraction, context.Seeds.For(SeedSet.Sources.Split)).Standardised();
        return ClassifierTraining.Run(context, model, split, new TrainingOptions(OptimizerKind.Adam, LearningRate, BatchSize: 32, Epochs: Epochs));
    }

    /// <summary>Rows of "x,y,label" after a header line.</summary>
    LabelledDataset Load()
    {
        var path = ProjectFiles.Find(DataFile, GetType());
        var rows = File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        var features = rows.SelectMany(r => new[] { float.Parse(r[0], CultureInfo.InvariantCulture), float.Parse(r[1], CultureInfo.InvariantCulture) }).ToArray();
        var labels = rows.Select(r => int.Parse(r[2], CultureInfo.InvariantCulture)).ToArray();
        return new LabelledDataset("two_spirals", features, [2], labels, ["arm 0", "arm 1"], DataFingerprint);
    }
}
#endregion

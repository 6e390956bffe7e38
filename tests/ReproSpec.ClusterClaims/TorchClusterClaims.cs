using NUnit.Framework;
using ReproSpec.Claims;
using ReproSpec.NUnit;
using ReproSpec.Torch.Experiments;

namespace ReproSpec.ClusterClaims;

/// <summary>
/// A real TorchSharp claim for the Slurm end-to-end, kept tiny (3 seeds, 1 epoch of 1,600 digits, well under a second a run):
/// its runs load libtorch in the cluster's worker processes, through the build's native fix.
/// </summary>
[TestFixture]
public class TorchClusterClaims
{
    static readonly MnistClassifier SmallMlp = new(Architecture: "mlp", Hidden: 32, LearningRate: 3e-3, BatchSize: 32, Epochs: 1, Subset: 2000);

    [Claim(Seeds = 3, Snapshot = false)]
    public void A_small_mlp_reaches_60_percent_after_one_epoch() =>
        Claim.That(SmallMlp).On("test_accuracy").IsAtLeast(0.6).AssumingNearNormal();
}

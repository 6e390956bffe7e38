using NUnit.Framework;
using ReproSpec.Claims;
using ReproSpec.NUnit;
using ReproSpec.Torch.Experiments;

namespace ReproSpec.Samples.LeftThePaperList;

/// <summary>
/// Dodge, Ilharco, Schwartz, Farhadi, Hajishirzi, Smith (2020), "Fine-tuning pretrained language models: weight
/// initializations, data orders, and early stopping", arXiv:2002.06305. The abstract: varying only the random seed
/// of the weight initialisation (of the classifier layer) or only that of the training-data order, over hundreds of
/// BERT fine-tuning runs on four GLUE tasks, both "contribute comparably to the variance of out-of-sample
/// performance". A seed-sensitivity finding; we quote no numbers from it.
/// Restated for a small supervised net, pre-registered before the first run: a 784-256-10 MLP on a stratified
/// 2,000-digit subset of the vendored MNIST (1,600 train / 400 test, split held at seed 0), Adam 1e-3, batch 64,
/// 3 epochs; 10 runs vary only the initialisation, 10 only the data order (dropout off). "Comparably" is read as:
/// neither variance is shown to exceed the other (one-sided Brown–Forsythe test each way, α = 0.05), so the claim
/// is declared Inconclusive. That is consistent with the paper, not a proof of equality: with 10 runs per source
/// the test detects a ratio of standard deviations of 2 (variances 4) only about 45 % of the time (normal samples,
/// by simulation), so a Supported or Refuted verdict here would say one source clearly dominates.
/// Left the paper list (issue #26): "contribute comparably" is an equivalence of two variances, and the variance-by-source
/// shape tests only that one exceeds the other (Brown–Forsythe, one-sided both ways), so the claim could be declared only
/// as "neither test rejects", Inconclusive by design at about 45 % power. An equivalence bound on the variance ratio
/// (e.g. a ratio within [1/2, 2], shown) needs a claim shape the engine does not have yet. The paper also varies only the
/// classifier layer's initialisation of a pretrained model; here the whole net's initialisation varies (no pretrained
/// model is vendored). Kept as the sample of a two-sided look at variance by source. Explicit: compiled in CI, run on
/// demand (`dotnet test samples/ReproSpec.Samples --filter "FullyQualifiedName~DodgeEtAl2020"`), no snapshot.
/// </summary>
[TestFixture, Explicit("a sample: 20 runs; see the summary for why it left the paper list")]
public class DodgeEtAl2020
{
    static readonly Arm Mlp = new("MLP 784-256-10 (2,000 digits)", new MnistClassifier(Architecture: "mlp", Hidden: 256, Subset: 2000));

    [Claim(Seeds = 10, Snapshot = false, Expect = ExpectedVerdict.Inconclusive,
        Because = "the paper finds initialisation and data order comparable sources of variance; neither one-sided test is expected to reject at 10 runs per source")]
    public void Initialisation_and_data_order_vary_the_accuracy_comparably() =>
        Claim.That(Mlp).VarianceFrom("init").Exceeds("order").On("test_accuracy");
}

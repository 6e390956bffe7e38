using NUnit.Framework;
using ReproSpec.Claims;
using ReproSpec.NUnit;
using ReproSpec.Torch.Experiments;

namespace ReproSpec.Samples.LeftThePaperList;

/// <summary>
/// "Iris Classification: A Tight Benchmark Study with Honest Caveats", a public write-up at
/// https://d8maldon.github.io/projects/machine-learning/iris-classification/ (author and date not printed in
/// the part we read): five scikit-learn classifiers on Fisher's 150 flowers, "Stratified 5-fold
/// cross-validation on all four features", table row "Logistic Regression | 0.953 ± 0.051". That is the
/// reported result here: mean 0.953, sd 0.051 over n = 5 folds (120 training and 30 test flowers per fold).
/// Not a peer-reviewed paper: no paper we could read prints a mean ± sd over runs for a model we train on one
/// of the vendored tables; this is a competitor's reported numbers, with their caveats (the page does not say
/// whether its sd divides by n or n − 1; we take 0.051 as the sample sd).
/// Here: softmax regression on the standardised features, a seeded stratified 120/30 split per seed (the
/// same sizes as a 5-fold split), 10 seeds. scikit-learn's LogisticRegression fits to convergence with L-BFGS;
/// the project's default budget (50 epochs of 4 Adam steps at 1e-3) is known to stop far short of that on
/// iris (see LinearSeparabilityOfUciTables), so the budget was fixed before this claim's first run at
/// 200 epochs with Adam at 1e-2, about 800 steps, and not changed after it.
/// Tolerance ±0.05, pre-registered: 1.5 of 30 test flowers, and wider than the spread between all five
/// classifiers on the page (0.953 to 0.973). With only 5 reported folds the reported mean alone has a
/// standard error of 0.051/√5 ≈ 0.023, so equivalence within ±0.05 can be shown only if our mean lands close
/// to 0.953; an Inconclusive verdict is the expected outcome of too small a reported n, not of our runs.
/// Measured (first, cold run): 0.9633 ± 0.0189 over 10 seeds, difference +0.010, 90 % CI [−0.038, +0.059],
/// TOST p = 0.079: Inconclusive, declared as such. More seeds cannot decide it: even with our spread at 0 the
/// interval's half-width is t(0.95, 4) · 0.051/√5 ≈ 0.049, so only a mean within about 0.001 of 0.953 would
/// show equivalence within ±0.05. The page would need to print more folds (or repeats) for a decision.
/// Left the paper list (issue #26): a reproduction of a reported mean ± sd over 5 folds cannot be decided at any number
/// of our seeds (below), so as a claim it was Inconclusive by construction. Kept as the sample of `Reproduces` against a
/// competitor's reported numbers, and of what too small a reported n does to it. Explicit: compiled in CI, run on demand
/// (`dotnet test samples/ReproSpec.Samples --filter "FullyQualifiedName~TightIrisBenchmark"`), no snapshot.
/// </summary>
[TestFixture, Explicit("a sample: 10 short runs, undecidable by design (see the summary)")]
public class TightIrisBenchmark
{
    const string Source = "d8maldon.github.io, Iris Classification: A Tight Benchmark Study, stratified 5-fold CV table, Logistic Regression";

    static readonly Arm Linear = new("softmax regression (iris, 200 epochs, Adam 1e-2)",
        new TabularClassifier(Dataset: "iris", Model: "linear", LearningRate: 1e-2, Epochs: 200));

    [Claim(Seeds = 10, Snapshot = false, Expect = ExpectedVerdict.Inconclusive,
        Because = "our mean 0.963 is within 0.010 of the reported 0.953, but 5 reported folds (standard error 0.023) leave the 90 % interval [-0.038, +0.059] wider than ±0.05 whatever our number of seeds")]
    public void Softmax_regression_reproduces_the_reported_iris_accuracy() =>
        Claim.That(Linear).On("test_accuracy").Reproduces(Reported.MeanSd(0.953, 0.051, 5, Source)).Within(0.05);
}

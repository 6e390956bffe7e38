namespace PaperClaims;

/// <summary>
/// Aeberhard, Coomans, de Vel (1992), "Comparison of classifiers in high dimensional settings", Tech. Rep.
/// 92-02, James Cook University, as quoted in the UCI wine.names: on the 178 wines, z-transformed, leave-one-out,
/// LDA (a linear classifier) is 98.9 % correct, QDA 99.4 %, RDA 100 %, 1-NN 96.1 %. Here: softmax regression on
/// the standardised 13 features, a seeded stratified 142/36 split, Adam 1e-3, 50 epochs. One test error costs
/// 2.8 pp on 36 wines, so the declared check is a mean test accuracy of at least 95 %, about one error below the
/// reported LDA figure. Measured: 95.0 % ± 4.3 pp over 10 seeds, exactly on the threshold, so the claim is
/// declared Inconclusive at this scale.
/// </summary>
[TestFixture]
public class Aeberhard1992
{
    static readonly Arm Linear = new("softmax regression (wine)", new TabularClassifier(Dataset: "wine", Model: "linear"));

    [Claim(Seeds = 10, Expect = ExpectedVerdict.Inconclusive,
        Because = "the mean test accuracy over 10 splits is 95.0 % (sd 4.3 pp), on the threshold: with 36 test wines per split one error moves a run by 2.8 pp, and 50 Adam epochs of 5 steps may leave softmax regression short of the LDA solution")]
    public void A_linear_classifier_separates_the_wines() =>
        Claim.That(Linear).On("test_accuracy").IsAtLeast(0.95);
}

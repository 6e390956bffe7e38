namespace PaperClaims;

/// <summary>
/// A claim across three classic UCI tables, each with a published linear result: on breast cancer (WDBC),
/// Street, Wolberg &amp; Mangasarian (1993) separate benign from malignant with one plane, 97.5 % correct in
/// cross-validation (UCI wdbc.names); on wine, Aeberhard, Coomans &amp; de Vel (1992) report LDA at 98.9 %
/// (leave-one-out, UCI wine.names); on iris, Fisher's (1936) linear discriminant misclassifies 3 of 150
/// flowers (98 %, resubstitution). The claim checked here is the common part, at the scale of a seeded
/// stratified 80/20 split: softmax regression on the standardised features has a mean test accuracy of at
/// least 90 % on each table, family-wise (every condition must be supported; Holm over refutations).
/// Measured (first run, declared before it): breast cancer 98.0 ± 1.9 % and wine 95.0 ± 4.3 % are supported,
/// iris 67.3 ± 13.8 % is refuted (10 seeds each). The iris failure is this setting's, not Fisher's: with 120
/// training flowers, batch 32 and 50 epochs, Adam at 1e-3 takes only 200 small steps from its initial
/// weights, and softmax regression is still far from the discriminant. The training budget was fixed before
/// the run, so the claim is kept as declared and documented as a non-reproduction at this budget.
/// </summary>
[TestFixture]
public class LinearSeparabilityOfUciTables
{
    static readonly string[] Tables = ["breast_cancer", "wine", "iris"];

    [Claim(Seeds = 10, Expect = ExpectedVerdict.Refuted,
        Because = "on iris the pre-registered budget (50 epochs of 4 Adam steps at 1e-3) leaves softmax regression at 67 %: the optimiser, not linear separability, fails; breast cancer and wine are supported")]
    public void A_linear_classifier_reaches_90_percent_on_each_table() =>
        Claim.Across(Tables, table =>
            Claim.That(new Arm($"softmax regression ({table})", new TabularClassifier(Dataset: table, Model: "linear")))
                .On("test_accuracy").IsAtLeast(0.90));
}

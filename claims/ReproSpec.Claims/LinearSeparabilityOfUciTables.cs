namespace PaperClaims;

/// <summary>
/// A claim across three classic UCI tables, each with a published linear result: on breast cancer (WDBC), the UCI
/// description file wdbc.names reports one separating plane (Street, Wolberg &amp; Mangasarian's work) at an
/// estimated 97.5 % accuracy under repeated 10-fold cross-validation (the figure is wdbc.names's; we did not find it
/// in the 1993 SPIE paper itself); on wine, Aeberhard, Coomans &amp; de Vel (1992) report LDA at 98.9 %
/// (leave-one-out, as quoted in UCI wine.names); on iris, Fisher (1936) introduced the linear discriminant on these
/// very measurements (his paper derives the discriminant; it prints no three-class error count, and the "3 of 150
/// misclassified" often quoted is a later resubstitution figure for three-class LDA, not Fisher's). The claim checked
/// here is the common part, at the scale of a seeded stratified 80/20 split: softmax regression on the standardised
/// features has a mean test accuracy of at least 90 % on each table, family-wise (every condition must be
/// supported; Holm over refutations).
/// Measured (first run, declared before it): breast cancer 98.0 ± 1.9 % and wine 95.0 ± 4.3 % are supported,
/// iris 67.3 ± 13.8 % is refuted (10 seeds each). The iris failure is this setting's, not the linear model's: with
/// 120 training flowers, batch 32 and 50 epochs, Adam at 1e-3 takes only 200 small steps from its initial weights,
/// and softmax regression is still far from a separating solution (TightIrisBenchmark, with 800 steps at 1e-2,
/// reaches 96 %). The training budget was fixed before the run, so the claim is kept as declared and documented as
/// a non-reproduction at this budget.
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

namespace PaperClaims;

/// <summary>
/// A claim across three classic UCI tables, each with a published linear result: on breast cancer (WDBC), the UCI
/// description file wdbc.names (donated by Nick Street, November 1995) says the "sets are linearly separable using all
/// 30 input features" and reports one separating plane at an estimated 97.5 % accuracy under repeated 10-fold
/// cross-validation; on wine, Aeberhard, Coomans &amp; de Vel (1992) report LDA at 98.9 % (leave-one-out, as quoted in
/// UCI wine.names); on iris, Fisher (1936) introduced the linear discriminant on these very measurements (his paper
/// derives the discriminant; it prints no three-class error count, and the "3 of 150 misclassified" often quoted is a
/// later resubstitution figure for three-class LDA, not Fisher's). The claim checked here is the common part, at the
/// scale of a seeded stratified 80/20 split: softmax regression on the standardised features has a mean test accuracy
/// of at least 90 % on each table, family-wise (every condition must be supported; Holm over refutations).
/// Budget: 200 epochs of Adam at 1e-2, batch 32 (800 to 2,900 steps), so that the linear model converges: the earlier
/// design (50 epochs at 1e-3, 200 steps on iris) left softmax regression at 67 % on iris and was Refuted by its
/// optimiser, not by linear separability (seeds 0–9). At this budget softmax regression reached 96 % on iris
/// (TightIrisBenchmark's runs, seeds 0–9, now a sample); no run of it on the other two tables had been made.
/// Pre-registered (issue #26) in a commit of its own before its run, on seeds 2000 and up. Expected: Supported.
/// Measured (its pre-registered run, cold, AMD EPYC AVX2, 2026-12-07, seeds 2000–2009): breast cancer 0.957 ± 0.013,
/// wine 0.992 ± 0.013, iris 0.957 ± 0.035; each member Supported (exact sign-flip with the binomial bound, p = 0.00098,
/// 0.00098, 0.0020), so the family is Supported (p = 0.0020), as pre-registered. (Breast cancer at this budget is below
/// WdbcNames1995's 0.984 at 50 epochs of 1e-3: a larger step may overfit 30 features; it does not bear on the 90 %
/// claimed.)
/// Re-registered (issue #25) in a commit of its own, before its run, on seeds 5000–5099, its old snapshot deleted:
/// a threshold claim on values in [0, 1] is now judged by the betting test on [0, 1], valid for every distribution
/// there, instead of the sign-flip test with the binomial bound. On values like the earlier run's, breast cancer and
/// iris need about 80 seeds each (re-decided and resampled before this commit); hence a fixed 100 seeds per table
/// (about 20 s of training). Expected: Supported, on the earlier run's means; this re-run replicates it.
/// Measured (its re-registered run, cold, AMD EPYC native and with ATEN_CPU_CAPABILITY=avx2, bit-identical, 2026-12-07,
/// seeds 5000–5099): breast cancer 0.968 ± 0.015, wine 0.978 ± 0.023, iris 0.952 ± 0.037; each member Supported by the
/// betting test on [0, 1] (p = 0.0039, 0.0018, 0.0154), so the family is Supported (p = 0.0154), as re-registered.
/// </summary>
[TestFixture]
public class LinearSeparabilityOfUciTables
{
    static readonly string[] Tables = ["breast_cancer", "wine", "iris"];

    [Paper("UCI wdbc.names (\"linearly separable using all 30 input features\"); Aeberhard et al. 1992 via UCI wine.names; Fisher 1936, Ann. Eugenics 7(2)", Reported = "WDBC 97.5 % (repeated 10-fold CV); wine: LDA 98.9 % (leave-one-out); iris: no error count in Fisher 1936")]
    [Competitor("wine: LDA, leave-one-out", "98.9 %", Source = "Aeberhard et al. 1992 via UCI wine.names")]
    [Competitor("WDBC: MSM-T, one plane, 3 features", "97.5 %", Source = "UCI wdbc.names")]
    [Claim(Seeds = 100, FirstSeed = 5000)]
    public void A_converged_linear_classifier_reaches_90_percent_on_each_table() =>
        Claim.Across(Tables, table =>
            Claim.That(new Arm($"softmax regression ({table}, 200 epochs, Adam 1e-2)",
                    new TabularClassifier(Dataset: table, Model: "linear", LearningRate: 1e-2, Epochs: 200)))
                .On("test_accuracy").IsAtLeast(0.90));
}

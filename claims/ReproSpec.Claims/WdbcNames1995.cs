namespace PaperClaims;

/// <summary>
/// The UCI description file of the Wisconsin Diagnostic Breast Cancer data, wdbc.names (donated by Nick Street,
/// November 1995; creators Wolberg, Street and Mangasarian), "Results": "sets are linearly separable using all 30
/// input features"; "best predictive accuracy obtained using one separating plane in the 3-D space of Worst Area,
/// Worst Smoothness and Mean Texture. Estimated accuracy 97.5% using repeated 10-fold crossvalidations. Classifier has
/// correctly diagnosed 176 consecutive new patients as of November 1995." The file lists Street, Wolberg and
/// Mangasarian's 1993 SPIE paper ("Nuclear feature extraction for breast tumor diagnosis") and their 1995 papers among
/// its references without saying which one the 97.5 % comes from; we could not read the 1993 paper, so the figure is
/// the description file's (1995), and this class is named after it (it was StreetWolbergMangasarian1993, a name
/// that tied the 1995 figure to the 1993 paper).
/// Here: softmax regression on all 30 standardised features, a seeded stratified 455/114 split, Adam 1e-3, 50 epochs;
/// the declared check is a mean test accuracy of at least 95 % (the reported 97.5 % less 2.5 pp, about three of 114
/// test tumours); seeds are added five at a time up to 20. Stated deviations: all 30 features with softmax regression
/// instead of three features with one MSM-T plane; a held-out split instead of repeated 10-fold cross-validation.
/// The same design, under the old name, was Supported at 10 seeds (0.980 ± 0.019, seeds 0–9). Pre-registered
/// (issue #26) in a commit of its own before this run, on seeds 3000 and up (not the UCI-tables claim's 2000 and up).
/// Expected: Supported.
/// Measured (its pre-registered run, cold, AMD EPYC AVX2, 2026-12-07): 0.9842 ± 0.0136 over seeds 3000–3009, decided at
/// look 2 of 4 (exact sign-flip with the binomial bound on shares of 114 items, p = 0.00098 at nominal 0.0051; 99.0 %
/// repeated CI [0.969, 1]): Supported, as pre-registered.
/// Re-registered (issue #25) in a commit of its own, before its run, on seeds 7000–7159, its old snapshot deleted:
/// a threshold claim on values in [0, 1] is now judged by the betting test on [0, 1], valid for every distribution
/// there, instead of the sign-flip test with the binomial bound. From values like the earlier run's (0.984 ± 0.014)
/// it needs about 130 seeds (re-decided and resampled before this commit); hence a fixed 160 seeds (about 10 s of
/// training). Expected: Supported, on the earlier run's mean; this re-run replicates it.
/// Measured (its re-registered run, cold, AMD EPYC native and with ATEN_CPU_CAPABILITY=avx2, bit-identical, 2026-12-07):
/// 0.9779 ± 0.0137 over seeds 7000–7159, betting test on [0, 1] p = 0.0311, 90 % CI [0.954, 0.990]: Supported, as
/// re-registered.
/// </summary>
[TestFixture]
public class WdbcNames1995
{
    static readonly Arm Linear = new("softmax regression (breast_cancer)", new TabularClassifier(Dataset: "breast_cancer", Model: "linear"));

    [Paper("UCI wdbc.names, \"Results\" (donated by Nick Street, November 1995)", Reported = "97.5 % accuracy estimated by repeated 10-fold cross-validation (one separating plane, 3 features, MSM-T)")]
    [Claim(Seeds = 160, FirstSeed = 7000)]
    public void A_linear_classifier_separates_benign_from_malignant() =>
        Claim.That(Linear).On("test_accuracy").IsAtLeast(0.95);
}

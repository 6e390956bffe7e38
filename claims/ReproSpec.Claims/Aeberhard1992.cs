namespace PaperClaims;

/// <summary>
/// Aeberhard, Coomans, de Vel (1992), "Comparison of classifiers in high dimensional settings", Tech. Rep.
/// 92-02, James Cook University, as quoted in the UCI wine.names: on the 178 wines, z-transformed, leave-one-out,
/// LDA (a linear classifier) is 98.9 % correct, QDA 99.4 %, RDA 100 %, 1-NN 96.1 %. Here: softmax regression on
/// the standardised 13 features, a seeded stratified 142/36 split, Adam 1e-2, 200 epochs (about 1,000 steps, a
/// budget at which the linear model converges; the earlier design's 50 epochs at 1e-3 did not), seeds added five at a
/// time from 5 to 20. The declared check is a mean test accuracy of at least 95 %: on 36 test wines that is 1.8
/// errors per split against LDA's 0.4 (98.9 %), so it allows 1.4 errors more than the reported LDA figure.
/// Stated deviations: a held-out split instead of leave-one-out, softmax regression trained by Adam instead of LDA.
/// The earlier claim (50 epochs at 1e-3, seeds 0–9) measured 95.0 % ± 4.3 pp, exactly on the threshold, and was
/// declared Inconclusive after that run. Pre-registered (issue #26) in a commit of its own before this run, on seeds
/// 3000 and up (not the UCI-tables claim's 2000 and up, so that the two claims' wine runs are independent). Expected:
/// Supported: a converged linear model on these nearly separable wines should err on about one wine in 36 or fewer.
/// Measured (its pre-registered run, cold, AMD EPYC AVX2, 2026-12-07): 0.9778 ± 0.0188 over seeds 3000–3014 (0.8 errors
/// per 36 wines), decided at look 3 of 4 (exact sign-flip with the binomial bound on shares of 36 items, p = 0.00081 at
/// nominal 0.021; 95.8 % repeated CI [0.961, 0.989]): Supported, as pre-registered.
/// Re-registered (issue #25) in a commit of its own, before its run, on seeds 6000–6199, its old snapshot deleted:
/// a threshold claim on values in [0, 1] is now judged by the betting test on [0, 1], valid for every distribution
/// there (a split that fails badly now and then included), instead of the sign-flip test with the binomial bound, which
/// assumed symmetric values or independent items. That test cannot support "≥ 0.95" from 15 seeds near 0.978: the bet
/// it may place per seed is capped so that one wine-split at 0 accuracy cannot ruin it, and re-deciding the committed
/// values and resampling them put the seeds it needs at about 160; hence a fixed 200 seeds (about 15 s of training).
/// Expected: Supported, on the earlier run's mean; the expectation rests on that run, so this re-run replicates it.
/// Measured (its re-registered run, cold, AMD EPYC native and with ATEN_CPU_CAPABILITY=avx2, bit-identical, 2026-12-07):
/// 0.9786 ± 0.0227 over seeds 6000–6199 (0.889 to 1), betting test on [0, 1] p = 0.0118, 90 % CI [0.959, 0.990]:
/// Supported, as re-registered.
/// </summary>
[TestFixture]
public class Aeberhard1992
{
    static readonly Arm Linear = new("softmax regression (wine, 200 epochs, Adam 1e-2)",
        new TabularClassifier(Dataset: "wine", Model: "linear", LearningRate: 1e-2, Epochs: 200));

    [Paper("Aeberhard, Coomans & de Vel 1992, Tech. Rep. 92-02 (James Cook University), as quoted in UCI wine.names", Reported = "leave-one-out classification of the 178 wines")]
    [Competitor("LDA, leave-one-out", "98.9 %", Source = "Aeberhard et al. 1992 via UCI wine.names")]
    [Competitor("QDA, leave-one-out", "99.4 %", Source = "Aeberhard et al. 1992 via UCI wine.names")]
    [Competitor("RDA, leave-one-out", "100 %", Source = "Aeberhard et al. 1992 via UCI wine.names")]
    [Competitor("1-NN (z-transformed data), leave-one-out", "96.1 %", Source = "Aeberhard et al. 1992 via UCI wine.names")]
    [Claim(Seeds = 200, FirstSeed = 6000)]
    public void A_linear_classifier_separates_the_wines() =>
        Claim.That(Linear).On("test_accuracy").IsAtLeast(0.95);
}

using ReproSpec.Torch.Models;

namespace PaperClaims;

/// <summary>
/// Srivastava, Hinton, Krizhevsky, Sutskever, Salakhutdinov (2014), "Dropout: a simple way to prevent neural
/// networks from overfitting", JMLR 15. The paper's same-architecture comparison on MNIST is Fig. 4 ("Test error for
/// different architectures with and without dropout"; App. B.1: "all combinations of 2, 3, and 4 layer networks with
/// 1024 and 2048 units in each layer", "p = 0.5 in all hidden layers and p = 0.8 in the input layer", p being the
/// probability of keeping a unit): test error against weight updates for six nets, each with and without dropout.
/// We could not view the figure; a stored summary (apaperaday.com) describes the dropout runs as a separate cluster
/// with the advantage, and the caption names no exception. Reading checked: the same MLP, trained alike, has the
/// higher test accuracy with dropout.
/// Here: one net, 784-256-256-10 ReLU (two hidden layers as in Fig. 4's smallest nets, a quarter of their width; the
/// activation is ours), dropout 0.5 after each hidden layer and 0.2 on the input pixels (the paper's keep rates 0.5
/// and 0.8), no max-norm, Adam 1e-3 for both arms (the paper used SGD with momentum and a larger rate for the dropout
/// nets), batch 64, 15 epochs on the vendored 10,000 digits (8k/2k split). Stated deviations: the width, the
/// optimiser, no max-norm, 8k training digits and 15 epochs instead of the paper's long schedules.
/// Table 2's rows ("Standard Neural Net (Simard et al., 2003)", logistic 2×800, 1.60 %; "Dropout NN", ReLU 3×1024,
/// 1.25 %) differ in activation, depth and width as well as dropout, so their 0.35 pp is not a dropout effect; the
/// earlier claim that tested it as a same-architecture margin is retired (issue #26), not restated.
/// History: at 5 → 10 seeds (seeds 0–9) this claim was Inconclusive on its first machine (gain 0.15 pp, p = 0.12)
/// and Supported on the next two (gain 0.27 and 0.31 pp, p = 0.014 and 0.015), its expectation set after each:
/// 10 seeds put it on the decision boundary. Its first pre-registered design (issue #26: seeds 2000 and up, 10 → 25
/// by 5) was Supported with libtorch's AVX-512 kernels (gain 0.27 pp, p = 0.0103 at look 3) and Inconclusive with
/// its AVX2 kernels on the same seeds (p(for) = 0.0463 at look 4, nominal 0.040): still a knife edge, decided by the
/// CPU's rounding, which is not a portable verdict.
/// Re-registered (this declaration, committed before any run of it) on fresh seeds 4000 and up with a budget that
/// decides a gain of that size on any CPU: 20 → 80 seeds by 20 (O'Brien–Fleming looks at 20, 40, 60, 80). The two
/// earlier runs give a standardised paired gain d (mean gain / sd of the per-seed gains) of 0.56 and 0.35; at d = 0.35
/// the design has about 93 % power by 80 seeds, at d = 0.45 about 99 % (normal approximation). Expected: Supported,
/// on both kernel sets.
/// Measured (its pre-registered run, cold, 2026-12-07, AMD EPYC, seeds 4000–4039, look 2 of 4, nominal level 0.00545):
/// with libtorch's AVX-512 kernels, dropout 0.9588 ± 0.0039 vs plain 0.9572 ± 0.0043, gain 0.16 pp, 98.9 % repeated CI
/// [0.02, 0.31] pp, p = 0.0025; with ATEN_CPU_CAPABILITY=avx2, 0.9590 ± 0.0040 vs 0.9570 ± 0.0044, gain 0.20 pp,
/// [0.07, 0.34] pp, p = 0.00021. Supported under both, as pre-registered; the snapshot keeps both sets of values.
/// The gain is smaller than the earlier runs' (0.27 pp), and far below the paper's (its Fig. 4 nets are 4 to 8 times
/// wider and trained much longer): the direction reproduces at this scale, not the size.
/// </summary>
[TestFixture]
public class Srivastava2014
{
    static readonly Arm TwoLayerDropout = new("MLP 784-256-256-10, dropout 0.2 in / 0.5 hidden", TwoLayerNet(inputDropout: 0.2, dropout: 0.5));
    static readonly Arm TwoLayerPlain = new("MLP 784-256-256-10", TwoLayerNet(inputDropout: 0, dropout: 0));

    [Paper("Srivastava, Hinton, Krizhevsky, Sutskever & Salakhutdinov 2014, JMLR 15, Fig. 4 and App. B.1", Reported = "test-error curves of six MNIST nets (2-4 layers of 1024 or 2048 units) with and without dropout; the dropout runs are the lower cluster")]
    [Competitor("Standard neural net, logistic 2x800 (Simard et al. 2003), Table 2", "1.60 % test error", Source = "Srivastava et al. 2014, Table 2")]
    [Competitor("Dropout NN, ReLU 3x1024, Table 2", "1.25 % test error", Source = "Srivastava et al. 2014, Table 2")]
    [Claim(MinSeeds = 20, MaxSeeds = 80, Batch = 20, FirstSeed = 4000)]
    public void The_same_mlp_is_better_with_dropout() =>
        Claim.That(TwoLayerDropout).Beats(TwoLayerPlain).On("test_accuracy");

    static MnistClassifier TwoLayerNet(double inputDropout, double dropout) =>
        new(Architecture: "deep-mlp", Hidden: 256, Depth: 3, Activation: Activation.ReLU, Dropout: dropout, InputDropout: inputDropout, Epochs: 15);
}

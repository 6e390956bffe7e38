using ReproSpec.Claims;
using ReproSpec.NUnit;
using ReproSpec.Statistics;

namespace ReproSpec.KnownVerdicts;

/// <summary>Claims whose verdicts are known from their distributions; ReproSpec.NUnit.Tests asserts each outcome.</summary>
public class KnownVerdictClaims
{
    static readonly Gaussian High = new(1.0, 0.1, "high");
    static readonly Gaussian Low = new(0.0, 0.1, "low");
    static readonly Gaussian NoisyA = new(0.05, 1.0, "noisy-a");
    static readonly Gaussian NoisyB = new(0.0, 1.0, "noisy-b");

    // 8 seeds: the default skew-robust paired t needs a larger t than Student's at 5 (3.73 against 2.13 at α = 0.05).
    [Claim(Seeds = 8)]
    public void Supported_beats() => Claim.That(High).Beats(Low).On("score").ByAtLeast(0.5);

    [Claim(Seeds = 5)]
    public void Refuted_beats() => Claim.That(Low).Beats(High).On("score").ByAtLeast(0.0);

    [Claim(Seeds = 5)]
    public void Inconclusive_beats() => Claim.That(NoisyA).Beats(NoisyB).On("score");

    [Claim(Seeds = 5, Test = TestKind.Welch)]
    public void Supported_lower_is_better() => Claim.That(High).Beats(Low).On("loss").ByAtLeast(0.5);

    [Claim(Seeds = 5, Expect = ExpectedVerdict.Refuted, Because = "a documented non-reproduction: the low arm does not beat the high one")]
    public void Expected_refutation() => Claim.That(Low).Beats(High).On("score");

    [Claim(Seeds = 5, Expect = ExpectedVerdict.Refuted, Because = "expected to fail, but the claim is supported")]
    public void Expected_refutation_that_is_supported() => Claim.That(High).Beats(Low).On("score");

    [Claim(Seeds = 8)]
    public void Supported_threshold() => Claim.That(High).On("score").IsAtLeast(0.9);

    [Claim(Seeds = 20)]
    public void Supported_quantile_threshold() => Claim.That(High).On("score").IsAtLeast(0.7).InFractionOfSeeds(0.7);

    [Claim(Seeds = 10)]
    public void Supported_equivalence() => Claim.That(High).IsEquivalentTo(High with { Label = "high-again", Sd = 0.1000001 }).On("score").Within(0.3);

    [Claim(Seeds = 8)]
    public void Refuted_equivalence() => Claim.That(High).IsEquivalentTo(Low).On("score").Within(0.2);

    [Claim(Seeds = 10)]
    public void Supported_reproduction() => Claim.That(High).On("score").Reproduces(Reported.MeanSd(1.0, 0.1, 5, "synthetic paper, Table 1")).Within(0.25);

    [Claim(Seeds = 5)]
    public void Refuted_reproduction() => Claim.That(Low).On("score").Reproduces(Reported.MeanSd(1.0, 0.1, 5, "synthetic paper, Table 1")).Within(0.2);

    [Claim(Seeds = 5)]
    public void Supported_ranking() => Claim.Ranking(High, new Gaussian(0.5, 0.1, "mid"), Low).On("score");

    [Claim(Seeds = 5)]
    public void Supported_across() =>
        Claim.Across(["easy", "hard"], condition => Claim.That(new Gaussian(1.0, 0.1, $"high-{condition}")).Beats(new Gaussian(0.0, 0.1, $"low-{condition}")).On("score"));

    [Claim(Seeds = 5)]
    public void Refuted_across() =>
        Claim.Across(["easy", "reversed"], condition =>
        {
            var (better, worse) = condition == "easy" ? (1.0, 0.0) : (0.0, 1.0);
            Claim.That(new Gaussian(better, 0.1, $"first-{condition}")).Beats(new Gaussian(worse, 0.1, $"second-{condition}")).On("score");
        });

    [Claim(Seeds = 30)]
    public void Supported_stable() => Claim.That(High).BeatsOnMostSeeds(Low, probability: 0.8).On("score");

    [Claim(Seeds = 30)]
    public void Supported_divergence() => Claim.That(new Diverging(1.0, [])).DivergesAtMost(0.2);

    // 32 seeds: the fewest with which "at most 10 % diverge" could be Supported at all (fewer is a declaration error).
    [Claim(Seeds = 32)]
    public void Refuted_divergence() => Claim.That(new Diverging(1.0, [0, 1, 2, 3, 4, 5, 6])).DivergesAtMost(0.1);

    [Claim(MinSeeds = 3, MaxSeeds = 30, Batch = 3)]
    public void Sequential_stops_early() => Claim.That(High).Beats(Low).On("score").ByAtLeast(0.5);

    [Claim(MinSeeds = 3, MaxSeeds = 30, Batch = 3, Spending = SpendingFunction.Pocock)]
    public void Sequential_pocock_stops_earlier() => Claim.That(High).Beats(Low).On("score").ByAtLeast(0.5);

    // A first attempt that keeps 20 % of α back, and the continuation its Inconclusive message prints (fresh seeds, combined).
    static readonly Gaussian Modest = new(0.6, 1.0, "modest");
    static readonly Gaussian Plain = new(0.0, 1.0, "plain");

    [Claim(Seeds = 5, ContinuationShare = 0.2)]
    public void Inconclusive_keeping_alpha_back() => Claim.That(Modest).Beats(Plain).On("score");

    [Claim(Seeds = ContinuationSeeds, FirstSeed = 5, Continues = EarlierAttempt)]
    public void Continuation_combined_with_the_first_attempt() => Claim.That(Modest).Beats(Plain).On("score");

    /// <summary>What <see cref="Inconclusive_keeping_alpha_back"/> prints; ReproSpec.NUnit.Tests checks that it still does.</summary>
    public const int ContinuationSeeds = 107;
    public const string EarlierAttempt = "5 of 5 seeds, p(for) 0.307356, p(against) 0.854237, level 0.010000000000000002";

    [Claim(Seeds = 5, Continues = "EarlierAttempt(5, 5, 0.1, 0.9, 0.01)")]
    public void Continues_text_that_is_not_an_earlier_attempt() => Claim.That(Modest).Beats(Plain).On("score");

    [Claim(Seeds = 9, Divergence = DivergencePolicy.Exclude)]
    public void Diverged_runs_are_excluded() => Claim.That(new Diverging(1.0, [2])).Beats(Low).On("score").ByAtLeast(0.5);
}

using ReproSpec.Claims;
using ReproSpec.NUnit;
using ReproSpec.Statistics;

namespace ReproSpec.KnownVerdicts;

/// <summary>Badly declared claims: each must give one clear error on its own test and leave the others alone.</summary>
public class BadDeclarations
{
    static readonly Gaussian High = new(1.0, 0.1, "high");
    static readonly Gaussian Low = new(0.0, 0.1, "low");

    [Claim(Alpha = 1.5)]
    public void Alpha_outside_unit_interval() => Claim.That(High).Beats(Low).On("score");

    [Claim(Seeds = 1)]
    public void Fewer_than_two_seeds() => Claim.That(High).Beats(Low).On("score");

    [Claim(MinSeeds = 10, MaxSeeds = 5)]
    public void Max_seeds_below_min_seeds() => Claim.That(High).Beats(Low).On("score");

    [Claim(Seeds = 5, Spending = SpendingFunction.Pocock)]
    public void Spending_on_a_fixed_number_of_seeds() => Claim.That(High).Beats(Low).On("score");

    [Claim(Expect = ExpectedVerdict.Refuted)]
    public void Expectation_without_reason() => Claim.That(High).Beats(Low).On("score");

    [Claim]
    public void Unknown_metric() => Claim.That(High).Beats(Low).On("acuracy");

    [Claim(Seeds = 4)]
    public void Metric_absent_from_some_runs() => Claim.That(new Patchy()).On("score").IsAtLeast(0.5);

    [Claim]
    public void Arm_throws_on_every_seed() => Claim.That(new Throwing()).Beats(Low).On("score");

    [Claim]
    public void Duplicate_arm_names() => Claim.That(High).Beats(new Gaussian(0.0, 0.1, "high")).On("score");

    [Claim]
    public void Same_arm_twice() => Claim.That(High).Beats(High).On("score");

    [Claim]
    public void Negative_margin() => Claim.That(High).Beats(Low).On("score").ByAtLeast(-0.1);

    [Claim]
    public void Reported_sd_not_positive() => Claim.That(High).On("score").Reproduces(Reported.MeanSd(1.0, 0, 3, "paper")).Within(0.1);

    [Claim]
    public void Reported_n_below_two() => Claim.That(High).On("score").Reproduces(Reported.MeanSd(1.0, 0.1, 1, "paper")).Within(0.1);

    [Claim]
    public void No_metric_named() => Claim.That(High).Beats(Low);

    [Claim]
    public void No_claim_declared()
    {
    }

    // Exclude leaves one usable run of five: too few to decide (the default, CountAsWorst, would keep all five).
    [Claim(Seeds = 5, Divergence = DivergencePolicy.Exclude)]
    public void Too_many_diverged_runs() => Claim.That(new Diverging(1.0, [0, 1, 2, 3])).Beats(Low).On("score");

    [Claim(Seeds = 5, Divergence = DivergencePolicy.Error)]
    public void Divergence_policy_error() => Claim.That(new Diverging(1.0, [3])).Beats(Low).On("score");

    [Claim(Seeds = 5, MaxSeeds = 20)]
    public void Seeds_with_max_seeds() => Claim.That(High).Beats(Low).On("score");

    [Claim(MinSeeds = 5, Seeds = 10)]
    public void Seeds_with_min_seeds() => Claim.That(High).Beats(Low).On("score");

    [Claim(Because = "a reason without an expectation")]
    public void Because_without_expectation() => Claim.That(High).Beats(Low).On("score");

    [Claim(Seeds = 28)]
    public void Most_seeds_claim_with_too_few_seeds() => Claim.That(High).BeatsOnMostSeeds(Low, probability: 0.9).On("score");

    [Claim(Seeds = 58)]
    public void Divergence_claim_with_too_few_seeds() => Claim.That(High).DivergesAtMost(0.05);

    [Claim(Seeds = 28)]
    public void Fraction_of_seeds_claim_with_too_few_seeds() => Claim.That(High).On("score").IsAtLeast(0.5).InFractionOfSeeds(0.9);
}

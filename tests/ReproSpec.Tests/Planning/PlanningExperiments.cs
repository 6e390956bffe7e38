using ReproSpec.Claims;
using ReproSpec.Execution;

namespace ReproSpec.Tests.Planning;

/// <summary>Score = Level + Spread × (±1 alternating by seed): the mean is Level, the noise as large as Spread.</summary>
public sealed record Alternating(double Level, double Spread) : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", Level + Spread * (context.Seed % 2 == 0 ? 1 : -1) * (1 + 0.1 * context.Seed)));
}

/// <summary>A claim-marking attribute that is not NUnit's: discovery goes through <see cref="IClaimSettingsSource"/> only.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PlannedClaimAttribute : Attribute, IClaimSettingsSource
{
    public int MinSeeds { get; set; } = 3;
    public int MaxSeeds { get; set; } = 3;

    public ClaimSettings Settings => new() { MinSeeds = MinSeeds, MaxSeeds = MaxSeeds, Batch = 3 };
}

/// <summary>Claim methods the discovery tests find in this assembly.</summary>
public class PlanningFixture
{
    public static readonly Alternating Clear = new(10, 0.01);
    public static readonly Alternating Noisy = new(0.05, 1);

    [PlannedClaim(MinSeeds = 3, MaxSeeds = 9)]
    public void Clear_is_positive() => Claim.That(Clear).On("score").IsAtLeast(0);

    [PlannedClaim(MinSeeds = 3, MaxSeeds = 6)]
    public void Noisy_is_positive() => Claim.That(Noisy).On("score").IsAtLeast(0);

    [PlannedClaim]
    public static void Two_claims_in_one_method()
    {
        Claim.That(Clear).On("score").IsAtLeast(5);
        Claim.That(Clear).Beats(Noisy).On("score");
    }
}

/// <summary>Claim methods the planner cannot declare, each for a reason it must name.</summary>
public class BrokenPlanningFixture
{
    [PlannedClaim]
    public void Takes_a_parameter(int seeds) => Claim.That(new Alternating(seeds, 1)).On("score").IsAtLeast(0);

    [PlannedClaim]
    public void Declares_nothing() { }

    [PlannedClaim]
    public void Throws() => throw new InvalidOperationException("dataset not downloaded");

    [PlannedClaim]
    public void Reproduction_without_tolerance() => Claim.That(PlanningFixture.Clear).On("score").Reproduces(Reported.MeanSd(10, 0.1, 5, "paper"));
}

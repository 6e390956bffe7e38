using ReproSpec.Claims;
using ReproSpec.Execution;
using ReproSpec.NUnit;

namespace ReproSpec.PortableVerdict.Sample;

/// <summary>A run whose "score" is Normal(Mean, Sd) from the run's init seed; the end-to-end test edits this code.</summary>
public sealed record Scored(double Mean, double Sd, string Label) : Experiment
{
    public override string Name => Label;

    public override RunMetrics Run(RunContext context)
    {
        var random = context.Seeds.Random(SeedSet.Sources.Init + ":" + Label);
        var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return RunMetrics.Of(("score", Mean + Sd * z));
    }
}

/// <summary>A run whose "score" carries noise from an unseeded generator: same inputs, other values, every time it trains.</summary>
public sealed record Jittery(double Mean) : Experiment
{
    public override RunMetrics Run(RunContext context) =>
        RunMetrics.Of(("score", Mean + context.Seed * 0.01 + Random.Shared.NextDouble() * 1e-9));
}

public class PortableClaims
{
    [Claim(Seeds = 10)]
    public void Wide_beats_narrow() =>
        Claim.That(new Scored(0.9, 0.002, "wide")).Beats(new Scored(0.5, 0.002, "narrow")).On("score").ByAtLeast(0.1);

    [Claim(Seeds = 5)]
    public void Jittery_reaches_its_floor() =>
        Claim.That(new Jittery(0.9)).On("score").IsAtLeast(0.5).AssumingNearNormal();
}

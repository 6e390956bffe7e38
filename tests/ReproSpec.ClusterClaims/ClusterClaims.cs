using NUnit.Framework;
using ReproSpec.Claims;
using ReproSpec.Execution;
using ReproSpec.NUnit;

namespace ReproSpec.ClusterClaims;

/// <summary>A run whose "score" is Normal(Mean, Sd) from its init seed, after a short busy wait so shards overlap.</summary>
public sealed record NoisyScore(double Mean, double Sd, string Label) : Experiment
{
    public override string Name => Label;

    // Process state: the planner's runs go to worker processes, as TorchSharp runs would.
    public override bool SharesProcessState => true;

    public override RunMetrics Run(RunContext context)
    {
        var random = context.Seeds.Random(SeedSet.Sources.Init + ":" + Name);
        Thread.Sleep(200);
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return RunMetrics.Of(("score", Mean + Sd * z));
    }
}

/// <summary>
/// Claims decided in one look (fixed seeds) and in a later look (sequential), so a cluster run needs two
/// rounds. Snapshots are off: the e2e script checks verdicts and training counts, not drift.
/// </summary>
[TestFixture]
public class ClusterClaims
{
    static readonly NoisyScore Strong = new(1.0, 0.1, "strong");
    static readonly NoisyScore Weak = new(0.0, 0.1, "weak");
    static readonly NoisyScore Modest = new(0.6, 0.5, "modest");
    static readonly NoisyScore Baseline = new(0.0, 0.5, "baseline");

    // The paired t (declared): at 4 seeds the default skew-robust paired t asks for a t of 4.7; this fixture tests scheduling.
    [Claim(Seeds = 4, Test = TestKind.PairedT, Snapshot = false)]
    public void Strong_beats_weak()
    {
        Declaring(nameof(Strong_beats_weak));
        Claim.That(Strong).Beats(Weak).On("score").ByAtLeast(0.5);
    }

    [Claim(Seeds = 4, Snapshot = false)]
    public void Strong_is_at_least_0_8()
    {
        Declaring(nameof(Strong_is_at_least_0_8));
        Claim.That(Strong).On("score").IsAtLeast(0.8).AssumingNearNormal();
    }

    [Claim(MinSeeds = 3, MaxSeeds = 12, Batch = 3, Test = TestKind.Welch, Snapshot = false)]
    public void Modest_beats_baseline_sequentially()
    {
        Declaring(nameof(Modest_beats_baseline_sequentially));
        Claim.That(Modest).Beats(Baseline).On("score");
    }

    /// <summary>Appends the claim method's name to the file CLUSTER_CLAIMS_DECLARATIONS names: how often each method ran (SuiteScheduleEndToEndTests).</summary>
    static void Declaring(string method)
    {
        if (Environment.GetEnvironmentVariable("CLUSTER_CLAIMS_DECLARATIONS") is { Length: > 0 } log)
            File.AppendAllText(log, method + "\n");
    }
}

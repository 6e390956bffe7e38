using ReproSpec.Claims;
using ReproSpec.Execution;

namespace ReproSpec.KnownVerdicts;

/// <summary>A run whose metric "score" is Normal(Mean, Sd) drawn from the run's init seed: a known distribution.</summary>
public sealed record Gaussian(double Mean, double Sd, string Label = "") : Experiment
{
    public override string Name => Label.Length > 0 ? Label : $"N({Mean}, {Sd})";

    public override RunMetrics Run(RunContext context)
    {
        // Each arm draws from its own stream: arms sharing one stream would be perfectly correlated.
        var random = context.Seeds.Random(SeedSet.Sources.Init + ":" + Name);
        // Box–Muller: two uniforms give one standard normal.
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return RunMetrics.Of(("score", Mean + Sd * z), ("loss", -Mean - Sd * z));
    }
}

/// <summary>A run that diverges (NaN loss) on the seeds listed, and otherwise behaves like <see cref="Gaussian"/>.</summary>
public sealed record Diverging(double Mean, int[] DivergingSeeds) : Experiment
{
    public override RunMetrics Run(RunContext context)
    {
        if (DivergingSeeds.Contains(context.Seed)) return RunMetrics.Of(("score", double.NaN), ("loss", double.NaN));
        return new Gaussian(Mean, 0.1).Run(context);
    }
}

/// <summary>A run that always throws, like an experiment with a bug.</summary>
public sealed record Throwing : Experiment
{
    public override RunMetrics Run(RunContext context) => throw new InvalidOperationException("CUDA out of memory (simulated)");
}

/// <summary>A run that reports "score" only on even seeds: an experiment whose metrics depend on the seed.</summary>
public sealed record Patchy : Experiment
{
    public override RunMetrics Run(RunContext context) =>
        context.Seed % 2 == 0 ? RunMetrics.Of(("score", 1.0 + context.Seed * 0.01)) : RunMetrics.Of(("other", 1.0));
}

/// <summary>A Gaussian whose noise is shaped by a delegate: a parameter System.Text.Json cannot write.</summary>
public sealed record Shaped(double Mean, Func<double, double> Shape) : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", Shape(Mean + context.Seed * 0.01)));
}

/// <summary>A Gaussian whose spread is declared as NaN or ∞: a number JSON cannot hold.</summary>
public sealed record Spread(double Mean, double Sd) : Experiment
{
    public override RunMetrics Run(RunContext context) => new Gaussian(Mean, 0.1, "spread").Run(context);
}

/// <summary>A parameter typed as an interface: written as JSON, but System.Text.Json cannot read it back.</summary>
public sealed record Weighted(double Mean, IComparable Weight) : Experiment
{
    public override RunMetrics Run(RunContext context) => new Gaussian(Mean, 0.1, "weighted").Run(context);
}

/// <summary>A parameter the constructor does not set: it is written, but reads back as its default.</summary>
public sealed record Tuned(double Mean) : Experiment
{
    public double LearningRate { get; private set; } = 0.1;

    public Tuned WithLearningRate(double rate) => this with { LearningRate = rate };

    public override RunMetrics Run(RunContext context) => new Gaussian(Mean * LearningRate * 10, 0.1, "tuned").Run(context);
}

using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Execution;
using ReproSpec.Statistics;
using ReproSpec.Store;

namespace ReproSpec.Simulation;

/// <summary>One simulated seed of one arm: its metric value, or a divergence or a crash.</summary>
public readonly record struct SimulatedRun(double Value, RunStatus Status = RunStatus.Succeeded);

/// <summary>Draws the runs of every arm (by arm name) for seeds 0 … maxSeeds − 1 of one simulated replication.</summary>
public delegate IReadOnlyDictionary<string, SimulatedRun[]> ReplicationSampler(SeededRandom random, int maxSeeds);

/// <summary>How often a claim ended Supported and Refuted over seeded simulated replications, and the seeds it used.</summary>
public sealed record ClaimErrorRates(PowerEstimate Supported, PowerEstimate Refuted, double MeanSeedsPerArm);

/// <summary>An arm whose runs come from a <see cref="ReplicationSampler"/>: never trained, only decided on.</summary>
/// <param name="ArmName">The name the sampler knows the arm by.</param>
public sealed record SimulatedExperiment(string ArmName) : Claims.Experiment
{
    public override string Name => ArmName;

    public override RunMetrics Run(RunContext context) =>
        throw new InvalidOperationException("A simulated arm is decided by ClaimSimulation, never run.");
}

/// <summary>
/// Decides a declared claim many times on simulated runs, through the same <see cref="ClaimDecider"/> a real claim
/// goes through (divergence policy, evidence rules, sequential looks, families): the error rates of docs/calibration.md.
/// </summary>
public static class ClaimSimulation
{
    /// <summary>An arm named <paramref name="name"/> whose runs the sampler draws.</summary>
    public static Arm Arm(string name) => new(name, new SimulatedExperiment(name));

    /// <summary>Shares of <paramref name="replications"/> seeded replications that ended Supported and Refuted.</summary>
    public static ClaimErrorRates Run(ClaimDeclaration claim, ClaimSettings settings, string metric, ReplicationSampler sampler,
        int replications, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(sampler);
        if (replications < 1)
            throw new ArgumentOutOfRangeException(nameof(replications), replications, "Simulate at least one replication.");
        var random = new SeededRandom(seed, stream: 0xC1A1_4);
        int supported = 0, refuted = 0;
        double seeds = 0;
        for (var r = 0; r < replications; r++)
        {
            var outcome = Decide(claim, settings, metric, sampler(random, settings.MaxSeeds), plan: false);
            if (outcome.Verdict == Verdict.Supported) supported++;
            if (outcome.Verdict == Verdict.Refuted) refuted++;
            seeds += outcome.SeedsPerArm;
        }
        return new ClaimErrorRates(PowerEstimate.From(supported, replications), PowerEstimate.From(refuted, replications), seeds / replications);
    }

    /// <summary>
    /// Decides <paramref name="claim"/> once on the given runs (by arm name, seeds 0 … MaxSeeds − 1), as a user's claim
    /// is decided; <paramref name="plan"/> false skips an Inconclusive outcome's continuation plan (error rates only).
    /// </summary>
    public static ClaimOutcome Decide(ClaimDeclaration claim, ClaimSettings settings, string metric, IReadOnlyDictionary<string, SimulatedRun[]> runs, bool plan = true) =>
        new ClaimDecider((requests, _) => Task.FromResult(Batch(requests, runs, metric))) { PlansContinuations = plan }
            .DecideAsync(claim, settings).GetAwaiter().GetResult();

    static RunBatch Batch(IReadOnlyList<RunRequest> requests, IReadOnlyDictionary<string, SimulatedRun[]> runs, string metric)
    {
        var records = requests.Select(request =>
        {
            var name = request.Experiment.Name;
            var run = runs[name][request.Seed];
            return new RunRecord
            {
                Key = $"{name}/{request.Seed}",
                Experiment = name,
                ExperimentType = nameof(SimulatedExperiment),
                Parameters = "",
                Seed = request.Seed,
                Status = run.Status,
                Metrics = run.Status == RunStatus.Failed ? new Dictionary<string, double>() : new Dictionary<string, double> { [metric] = run.Value },
                Error = run.Status == RunStatus.Failed ? "simulated crash" : run.Status == RunStatus.Diverged ? "simulated divergence" : null,
            };
        }).ToList();
        return new RunBatch(records, records.Count, 0, TimeSpan.Zero);
    }
}

using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Execution;
using ReproSpec.Simulation;
using ReproSpec.Store;

namespace ReproSpec.Tests.Decisions;

/// <summary>
/// A run stored as Diverged because of a metric the claim does not decide on (a late epoch's loss) still gives
/// the claim its finite value: under the default CountAsWorst it used to turn every such run into the worst
/// value, and with no finite value left the test statistics threw "Sample x has a non-finite value".
/// </summary>
public class UndecidedMetricTests
{
    static readonly Arm A = ClaimSimulation.Arm("A");
    static readonly ClaimSettings Ten = new() { MinSeeds = 10, MaxSeeds = 10 };

    static ClaimOutcome Decide(ClaimDeclaration claim, Func<int, IReadOnlyDictionary<string, double>> metrics) =>
        new ClaimDecider((requests, _) =>
        {
            var records = requests.Select(request =>
            {
                var values = metrics(request.Seed);
                return new RunRecord
                {
                    Key = $"{request.Experiment.Name}/{request.Seed}",
                    Experiment = request.Experiment.Name,
                    ExperimentType = "simulated",
                    Parameters = "",
                    Seed = request.Seed,
                    // What RunOnce stores: Diverged as soon as any reported metric is non-finite.
                    Status = values.Values.All(double.IsFinite) ? RunStatus.Succeeded : RunStatus.Diverged,
                    Metrics = values,
                };
            }).ToList();
            return Task.FromResult(new RunBatch(records, records.Count, 0, TimeSpan.Zero));
        }).DecideAsync(claim, Ten).GetAwaiter().GetResult();

    [Test]
    public void A_non_finite_metric_the_claim_does_not_use_never_fails_it()
    {
        var outcome = Decide(new ThresholdClaim(A, Metric.Named("accuracy"), 0.5, AtLeast: true),
            seed => new Dictionary<string, double> { ["accuracy"] = 0.9 + seed * 0.001, ["train_loss_epoch50"] = double.NaN });
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Verdict, Is.EqualTo(Verdict.Supported), outcome.Reason);
            Assert.That(outcome.Reason, Does.Contain("no run diverged or failed"), "the claim's own metric never diverged");
        });
    }

    [Test]
    public void A_non_finite_value_of_the_decided_metric_still_counts_as_the_worst()
    {
        var outcome = Decide(new ThresholdClaim(A, Metric.Named("accuracy"), 0.5, AtLeast: true),
            seed => new Dictionary<string, double> { ["accuracy"] = seed < 2 ? double.NaN : 0.9 + seed * 0.001, ["loss"] = 0.1 });
        Assert.That(outcome.Reason, Does.Contain("2 diverged (counted as the worst value seen)"), outcome.Reason);
    }
}

using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Execution;

namespace ReproSpec.Tests.Decisions;

/// <summary>A data file that cannot be fingerprinted (missing, altered) is said before anything trains, not stored as failed runs.</summary>
public class DataCheckTests
{
    public sealed record AlteredData : Experiment
    {
        public override string DataFingerprint => throw new IOException("Data file 'wine_data.csv' has SHA-256 1234, expected 10e8.");

        public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", 1));
    }

    [Test]
    public async Task An_altered_data_file_stops_the_claim_before_any_run_is_requested()
    {
        var requested = 0;
        var decider = new ClaimDecider((requests, _) =>
        {
            requested += requests.Count;
            return Task.FromResult(new RunBatch([], 0, 0, TimeSpan.Zero));
        });
        var claim = new ThresholdClaim(new Arm("altered", new AlteredData()), Metric.Named("score"), 0.5, AtLeast: true);
        var error = await Assert.ThrowsAsync<ClaimDeclarationException>(async () => await decider.DecideAsync(claim, new ClaimSettings { MinSeeds = 3, MaxSeeds = 3 }).ConfigureAwait(false)).ConfigureAwait(false);
        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("experiment AlteredData: its data cannot be used: Data file 'wine_data.csv' has SHA-256 1234, expected 10e8."));
            Assert.That(requested, Is.Zero, "nothing was trained or stored");
        });
    }
}

using ReproSpec.Claims;
using ReproSpec.Decisions;

namespace ReproSpec.Execution;

/// <summary>
/// Keeps W workers busy across a whole suite: every claim is decided once in the background, in suite
/// order, at a priority below any claim being decided for real, so while one claim waits for its look the
/// free workers train the next claims' runs (and their later looks, as soon as a look is known to be
/// needed). The claims' own deciders then find those runs stored or in flight: the engine shares one
/// execution per run key. Only timing changes: each verdict is still computed by its claim's own decider
/// from the same records.
/// </summary>
public sealed class SuiteSchedule
{
    readonly Task[] claims;

    SuiteSchedule(Task[] claims) => this.claims = claims;

    /// <summary>Starts deciding <paramref name="claims"/> in the background; the first is the most urgent.</summary>
    public static SuiteSchedule Start(RunEngine engine, IReadOnlyList<(ClaimDeclaration Claim, ClaimSettings Settings)> claims)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var tasks = claims.Select((c, order) => Task.Run(async () =>
        {
            var decider = new ClaimDecider((requests, cancellation) => engine.EnsureAsync(requests, order, progress: null, cancellation));
            try
            {
                await decider.DecideAsync(c.Claim, c.Settings).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // A bad declaration or a failed execution is the claim's own test to report; a prefetch only saves time.
            }
        })).ToArray();
        return new SuiteSchedule(tasks);
    }

    /// <summary>Completes when every claim's background decision has ended (for tests and benchmarks).</summary>
    public Task Completion => Task.WhenAll(claims);
}

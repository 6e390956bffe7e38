using ReproSpec.Claims;

namespace ReproSpec.Execution;

/// <summary>
/// Keeps W workers busy across a whole suite: every claim is decided once in the background (the longest
/// chains of looks first, then suite order), at a priority below any claim being decided for real, so while
/// one claim waits for its look the free workers train the next claims' runs (and their later looks, as soon
/// as a look is known to be needed). The claims' own deciders then find those runs stored or in flight: the engine shares one
/// execution per run key. Only timing changes: each verdict is still computed by its claim's own decider
/// from the same records.
/// </summary>
public sealed class SuiteSchedule
{
    readonly Task[] claims;

    SuiteSchedule(Task[] claims) => this.claims = claims;

    /// <summary>
    /// Starts deciding <paramref name="claims"/> in the background through <paramref name="decide"/>, which asks for
    /// each look's runs through the function it is given; the first claim is the most urgent.
    /// </summary>
    /// <remarks>Decisions adds <c>SuiteSchedule.Start(engine, claims)</c>, which decides with the claims' own decider.</remarks>
    public static SuiteSchedule Start(RunEngine engine, IReadOnlyList<(ClaimDeclaration Claim, ClaimSettings Settings)> claims,
        Func<ClaimDeclaration, ClaimSettings, Func<IReadOnlyList<RunRequest>, CancellationToken, Task<RunBatch>>, Task> decide)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(decide);
        var tasks = claims.Select((c, order) => Task.Run(async () =>
        {
            try
            {
                // The decider asks for one look at a time. A claim's remaining looks form a chain that no number of
                // workers shortens, so the look with the most looks possibly after it goes first, then suite order:
                // on 16 simulated workers this took the suite from 1.09× to 1.05× of Σ run seconds / W.
                var looks = c.Settings.Looks().Count;
                var asked = 0;
                int Priority() => order - (looks - 1 - Math.Min(asked++, looks - 1)) * claims.Count;
                await decide(c.Claim, c.Settings, (requests, cancellation) => engine.EnsureAsync(requests, Priority(), progress: null, cancellation)).ConfigureAwait(false);
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

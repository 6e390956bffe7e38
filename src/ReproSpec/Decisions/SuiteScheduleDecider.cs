using ReproSpec.Claims;
using ReproSpec.Execution;

namespace ReproSpec.Decisions;

/// <summary>The suite schedule with each claim decided by its own <see cref="ClaimDecider"/>.</summary>
/// <remarks>
/// An extension rather than a member of SuiteSchedule: Execution comes before Decisions in the pipeline, so the
/// schedule takes the decision as a function and this stage supplies it.
/// </remarks>
public static class SuiteScheduleDecider
{
    extension(SuiteSchedule)
    {
        /// <summary>Starts deciding <paramref name="claims"/> in the background; the first is the most urgent.</summary>
        public static SuiteSchedule Start(RunEngine engine, IReadOnlyList<(ClaimDeclaration Claim, ClaimSettings Settings)> claims) =>
            SuiteSchedule.Start(engine, claims, (claim, settings, runs) => new ClaimDecider(runs).DecideAsync(claim, settings));
    }
}

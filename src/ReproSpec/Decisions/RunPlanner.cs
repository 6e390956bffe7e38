using ReproSpec.Execution;
using ReproSpec.Planning;
using ReproSpec.Store;

namespace ReproSpec.Decisions;

/// <summary>What one claim needs next: nothing (decided, or badly declared) or the runs of its next look.</summary>
public sealed record ClaimPlan(DiscoveredClaim Claim, ClaimOutcome? Outcome, IReadOnlyList<RunRequest> Missing, string? Problem)
{
    public bool Decided => Outcome is not null;
}

/// <summary>A run some claims need and the store lacks; <see cref="Claims"/> are the test names that need it.</summary>
public sealed record PlannedRun(RunRequest Request, IReadOnlyList<string> Claims)
{
    public string Key => Request.Key;
}

/// <summary>Every claim's plan, and the distinct runs they are missing, ordered by key.</summary>
public sealed record RunPlan(IReadOnlyList<ClaimPlan> Claims, IReadOnlyList<PlannedRun> Missing)
{
    /// <summary>The missing runs that fall in <paramref name="shard"/>.</summary>
    public IReadOnlyList<PlannedRun> In(RunShard shard) => Missing.Where(r => shard.Contains(r.Key)).ToList();
}

/// <summary>
/// Plans the runs of each claim's next look from the store alone (here, not in Planning, since it asks the decider): the claim's decider is run against the
/// stored records, look by look, and stops at the first look with runs the store lacks. A claim the stored
/// runs already decide needs nothing; a sequential claim asks only for its next look's seeds.
/// </summary>
public static class RunPlanner
{
    public static async Task<RunPlan> NextLookAsync(IReadOnlyList<DiscoveredClaim> claims, RunStore store, Action<string>? warn = null, CancellationToken cancellation = default)
    {
        var plans = new List<ClaimPlan>();
        foreach (var claim in claims)
        {
            var decider = new ClaimDecider((requests, _) =>
            {
                var records = requests.Select(r => store.TryGet(r.Key, warn)).ToList();
                var missing = requests.Where((_, i) => records[i] is null).DistinctBy(r => r.Key).ToList();
                if (missing.Count > 0) throw new RunsMissing(missing);
                return Task.FromResult(new RunBatch(records!, records.Count, 0, TimeSpan.Zero));
            });
            try
            {
                var outcome = await decider.DecideAsync(claim.Declaration, claim.Settings, cancellation).ConfigureAwait(false);
                plans.Add(new ClaimPlan(claim, outcome, [], null));
            }
            catch (RunsMissing e)
            {
                plans.Add(new ClaimPlan(claim, null, e.Runs, null));
            }
            catch (ClaimDeclarationException e)
            {
                plans.Add(new ClaimPlan(claim, null, [], e.Message));
            }
            catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
            {
                // One claim that cannot be planned (an experiment whose name or key throws) must not stop the others.
                plans.Add(new ClaimPlan(claim, null, [], $"planning it threw {e.GetType().Name}: {e.Message}"));
            }
        }
        var missingRuns = plans.SelectMany(p => p.Missing.Select(r => (Request: r, p.Claim.Test)))
            .GroupBy(x => x.Request.Key)
            .Select(g => new PlannedRun(g.First().Request, g.Select(x => x.Test).Distinct().ToList()))
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .ToList();
        return new RunPlan(plans, missingRuns);
    }

    /// <summary>Stops a look that needs runs the store does not have; the planner's answer is the list.</summary>
    sealed class RunsMissing(IReadOnlyList<RunRequest> runs) : Exception("runs missing from the store")
    {
        public IReadOnlyList<RunRequest> Runs { get; } = runs;
    }
}

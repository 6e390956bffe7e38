using System.CommandLine;
using System.Reflection;
using ReproSpec.Cli.Commands;
using ReproSpec.Planning;
using ReproSpec.Store;

namespace ReproSpec.Cli.Input;

/// <summary>A claims assembly loaded and planned against a store: what plan, run and slurm share.</summary>
public sealed record PlannedClaims(Assembly Assembly, string AssemblyPath, RunStore Store, Discovery Discovery, RunPlan Plan);

/// <summary>The --claims and --store options and the one way the commands load claims and plan their runs.</summary>
public static class ClaimsPlanInput
{
    public static Option<FileInfo> ClaimsOption() => new("--claims")
    {
        Description = "The built claims assembly, e.g. claims/MyClaims/bin/Release/net10.0/MyClaims.dll (its .deps.json must be beside it).",
        Required = true,
    };

    public static Option<DirectoryInfo?> StoreOption() => new("--store")
    {
        Description = "Run store root; default REPROSPEC_STORE, else .reprospec/store at the claims' git root (as dotnet test uses).",
    };

    /// <summary>Loads, discovers and plans; bad input (missing file, no claims) throws <see cref="BadInputException"/>.</summary>
    public static PlannedClaims Plan(FileInfo claims, DirectoryInfo? store, TextWriter error)
    {
        Assembly assembly;
        Discovery discovery;
        try
        {
            assembly = ClaimsAssembly.Load(claims.FullName);
            discovery = ClaimDiscovery.Discover(assembly);
        }
        catch (ClaimsLoadException e)
        {
            throw new BadInputException($"--claims: {e.Message}", e);
        }
        foreach (var problem in discovery.Problems) error.WriteLine($"reprospec: skipped {problem.Test}: {problem.Problem}");
        if (discovery.Claims.Count == 0)
            throw new BadInputException($"--claims: {claims.FullName} declares no claims: no method carries [Claim] (or another IClaimSettingsSource attribute){(discovery.Problems.Count > 0 ? " that could be declared" : "")}.");
        var root = store?.FullName ?? RunStore.DefaultRoot(claims.DirectoryName ?? Directory.GetCurrentDirectory());
        RunStore runStore;
        try
        {
            runStore = new RunStore(root);
        }
        catch (InvalidOperationException e)
        {
            // A malformed REPROSPEC_LEASE_TIMEOUT: the message names it and says what to set.
            throw new BadInputException(e.Message, e);
        }
        var plan = RunPlanner.NextLookAsync(discovery.Claims, runStore, warn: m => error.WriteLine("reprospec: " + m)).GetAwaiter().GetResult();
        foreach (var bad in plan.Claims.Where(c => c.Problem is not null)) error.WriteLine($"reprospec: skipped {bad.Claim.Test}: bad claim declaration: {bad.Problem}");
        if (plan.Claims.All(c => c.Problem is not null))
            throw new BadInputException($"--claims: every claim of {claims.FullName} is badly declared ({plan.Claims.Count}, listed above): fix them, then plan again.");
        return new PlannedClaims(assembly, claims.FullName, runStore, discovery, plan);
    }
}

using System.CommandLine;
using System.Reflection;
using ReproSpec.Cli.Commands;
using ReproSpec.Decisions;
using ReproSpec.Planning;
using ReproSpec.Sessions;
using ReproSpec.Store;

namespace ReproSpec.Cli.Input;

/// <summary>A claims assembly loaded and planned against a store, with the claim session that planned it: what plan, run and slurm share.</summary>
public sealed record PlannedClaims(ClaimSession Session, string AssemblyPath, Discovery Discovery, RunPlan Plan) : IDisposable
{
    public Assembly Assembly => Session.Claims!;

    public RunStore Store => Session.Store;

    public void Dispose() => Session.Dispose();
}

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
        Description = "Run store root; default REPROSPEC_STORE, else .reprospec/store at the claims' git root, or beside the claims project outside git (as dotnet test uses).",
    };

    /// <summary>
    /// Loads, discovers and plans through the claim session `dotnet test` uses, with the settings the environment gives
    /// (<paramref name="flags"/> overrides them); bad input (missing file, no claims, a malformed variable) throws
    /// <see cref="BadInputException"/>. <paramref name="log"/> receives the session's lines (default: <paramref name="error"/>).
    /// </summary>
    public static PlannedClaims Plan(FileInfo claims, DirectoryInfo? store, TextWriter error, Func<SessionSettings, SessionSettings>? flags = null, Action<string>? log = null)
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
        ClaimSession session;
        try
        {
            var settings = SessionSettings.FromEnvironment();
            settings = (flags ?? (s => s))(settings) with { Store = store?.FullName ?? settings.Store };
            session = new ClaimSession(assembly, settings, new SessionHost { Log = log ?? error.WriteLine });
        }
        catch (InvalidOperationException e)
        {
            // A malformed REPROSPEC_* variable: the message names it and says what to set.
            throw new BadInputException(e.Message, e);
        }
        var plan = session.PlanAsync(discovery.Claims).GetAwaiter().GetResult();
        foreach (var bad in plan.Claims.Where(c => c.Problem is not null)) error.WriteLine($"reprospec: skipped {bad.Claim.Test}: bad claim declaration: {bad.Problem}");
        if (plan.Claims.All(c => c.Problem is not null))
        {
            session.Dispose();
            throw new BadInputException($"--claims: every claim of {claims.FullName} is badly declared ({plan.Claims.Count}, listed above): fix them, then plan again.");
        }
        return new PlannedClaims(session, claims.FullName, discovery, plan);
    }
}

using System.Collections.Concurrent;
using System.Reflection;
using NUnit.Framework;
using NUnit.Framework.Interfaces;
using ReproSpec.Claims;
using ReproSpec.Planning;

namespace ReproSpec.NUnit;

/// <summary>
/// At the start of a test run, declares the claims NUnit is about to run (after filters) and hands them to a
/// <see cref="Execution.SuiteSchedule"/>, in NUnit's order; each claim's test then takes its declaration from here
/// instead of running the claim method a second time. REPROSPEC_PREFETCH=0 turns it off (claims then train
/// their runs one claim after another, as the tests reach them).
/// </summary>
static class SuitePrefetch
{
    // By test id: the claims a test's method declared ahead, taken (once) by the test's ClaimCommand.
    static readonly ConcurrentDictionary<string, IReadOnlyList<ClaimDeclaration>> declared = new(StringComparer.Ordinal);

    public static void Start(ITest assembly)
    {
        // A test run of claims after another in one process (FixtureRunner) starts from nothing declared.
        declared.Clear();
        try
        {
            // Before any claim method runs to declare: with prefetch off, each runs once, as its test.
            if (!ClaimRuntime.Shared.Settings.Prefetch) return;
        }
        catch (InvalidOperationException e)
        {
            // A bad REPROSPEC_* setting: every claim's own test reports it.
            TestContext.Progress.WriteLine($"[reprospec] suite prefetch off: {e.Message}");
            return;
        }
        // NUnit 5's public list of the tests that will run under this suite, after filters (set in a suite's one-time
        // set-up, where a suite-level action's BeforeTest runs). Without it nothing is prefetched: a filtered-out claim
        // must never train.
        if (TestContext.CurrentContext.ActiveTests is not { } active) return;
        var claims = new List<(ClaimDeclaration, ClaimSettings)>();
        var ahead = new Dictionary<string, IReadOnlyList<ClaimDeclaration>>(StringComparer.Ordinal);
        foreach (var test in active.Where(t => !t.IsSuite && t.RunState is RunState.Runnable or RunState.Explicit))
        {
            if (test.Method?.MethodInfo is not { } method || test.TypeInfo?.Type is not { } type) continue;
            if (method.GetCustomAttributes(inherit: false).OfType<IClaimSettingsSource>().FirstOrDefault() is not { } source) continue;
            // The planner constructs the fixture and runs no set-up: a fixture with set-up methods is declared by its test.
            if (HasSetUp(type)) continue;
            try
            {
                var declarations = ClaimDiscovery.Declare(type, method);
                ahead[test.Id] = declarations;
                claims.AddRange(declarations.Select(d => (d, source.Settings)));
            }
            catch (ClaimsLoadException)
            {
                // Declared at test time instead: its test reports its own problem.
            }
        }
        if (claims.Count == 0) return;
        try
        {
            ClaimRuntime.Shared.Prefetch(claims);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // A bad REPROSPEC_* setting: every claim's own test reports it (and declares its claims itself).
            TestContext.Progress.WriteLine($"[reprospec] suite prefetch off: {e.Message}");
            return;
        }
        foreach (var (id, declarations) in ahead) declared[id] = declarations;
    }

    /// <summary>The claims <paramref name="test"/>'s method declared when the suite started, once; false when it was not declared ahead.</summary>
    public static bool TryTake(ITest test, out IReadOnlyList<ClaimDeclaration> claims) =>
        declared.TryRemove(test.Id, out claims!);

    static bool HasSetUp(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.FlattenHierarchy)
            .Any(m => m.IsDefined(typeof(SetUpAttribute), inherit: true) || m.IsDefined(typeof(OneTimeSetUpAttribute), inherit: true));
}

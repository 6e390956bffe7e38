using System.Reflection;
using NUnit.Framework;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using ReproSpec.Claims;
using ReproSpec.Execution;
using ReproSpec.Planning;

namespace ReproSpec.NUnit;

/// <summary>
/// At the start of a test run, hands the claims NUnit is about to run (after filters) to a
/// <see cref="SuiteSchedule"/>, in NUnit's order. REPROSPEC_PREFETCH=0 turns it off (claims then train
/// their runs one claim after another, as the tests reach them).
/// </summary>
static class SuitePrefetch
{
    // NUnit sets this (internal) list of the filtered tests under a suite just before the suite's one-time set-up.
    static readonly PropertyInfo? activeTests = typeof(TestExecutionContext).GetProperty("ActiveTests", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);

    public static void Start(ITest assembly)
    {
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
        // Without the list (another NUnit version) nothing is prefetched: filtered-out claims must never train.
        if (activeTests?.GetValue(TestExecutionContext.CurrentContext) is not IEnumerable<ITest> active) return;
        var claims = new List<(ClaimDeclaration, ClaimSettings)>();
        foreach (var test in active.Where(t => !t.IsSuite && t.RunState is RunState.Runnable or RunState.Explicit))
        {
            if (test.Method?.MethodInfo is not { } method || test.TypeInfo?.Type is not { } type) continue;
            if (method.GetCustomAttributes(inherit: false).OfType<IClaimSettingsSource>().FirstOrDefault() is not { } source) continue;
            try
            {
                claims.AddRange(ClaimDiscovery.Declare(type, method).Select(d => (d, source.Settings)));
            }
            catch (ClaimsLoadException)
            {
                // Declared at test time instead (e.g. a fixture that needs its [SetUp]): it reports its own problem.
            }
        }
        if (claims.Count == 0) return;
        try
        {
            ClaimRuntime.Shared.Prefetch(claims);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            // A bad REPROSPEC_* setting: every claim's own test reports it.
            TestContext.Progress.WriteLine($"[reprospec] suite prefetch off: {e.Message}");
        }
    }
}

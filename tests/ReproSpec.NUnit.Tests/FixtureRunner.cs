using System.Reflection;
using NUnit.Framework.Api;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace ReproSpec.NUnit.Tests;

/// <summary>Runs claim fixtures of the known-verdicts assembly in this process, the way NUnit's own tests run their testdata.</summary>
static class FixtureRunner
{
    /// <summary>
    /// One test run of <paramref name="fixture"/>, with a claim session of its own: its settings are the environment as the
    /// calling test set it (snapshots, CI, strictness), as a `dotnet test` started with that environment would read them.
    /// </summary>
    public static IReadOnlyDictionary<string, ITestResult> Run(Type fixture)
    {
        ClaimRuntime.Restart();
        var runner = new NUnitTestAssemblyRunner(new DefaultTestAssemblyBuilder());
        runner.Load(fixture.Assembly, new Dictionary<string, object>());
        var result = runner.Run(TestListener.NULL, TestFilter.FromXml($"<filter><class>{fixture.FullName}</class></filter>"));
        var cases = new Dictionary<string, ITestResult>();
        Collect(result, cases);
        return cases;
    }

    static void Collect(ITestResult result, Dictionary<string, ITestResult> cases)
    {
        if (!result.HasChildren && !result.Test.IsSuite) cases[result.Test.Name] = result;
        foreach (var child in result.Children) Collect(child, cases);
    }

    public static Assembly KnownVerdicts => typeof(KnownVerdicts.KnownVerdictClaims).Assembly;
}

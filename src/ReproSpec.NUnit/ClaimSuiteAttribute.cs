using NUnit.Framework;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using ReproSpec.Sessions;
using ReproSpec.Snapshots;

namespace ReproSpec.NUnit;

/// <summary>
/// Prints the summary of a test run's claims (supported / refuted / inconclusive, runs trained / from the
/// store) when the assembly finishes. Added to claims assemblies automatically by the package's build props.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class ClaimSuiteAttribute : Attribute, ITestAction, ISnapshotToleranceSource
{
    public ActionTargets Targets => ActionTargets.Suite;

    /// <summary>Significance level of the snapshot drift tests across environments (paired TOST, or Welch without shared seeds); default 0.01.</summary>
    public double SnapshotAlpha { get; set; } = 0.01;

    /// <summary>Practical tolerance on an arm's mean across environments, as a fraction of the verified mean; default 0.01. On the same environment shared seeds must match exactly.</summary>
    public double SnapshotTolerance { get; set; } = 0.01;

    /// <summary>Practical tolerance on an arm's mean in the metric's units; default 0. The larger of the two applies.</summary>
    public double SnapshotAbsoluteTolerance { get; set; }

    SnapshotTolerance ISnapshotToleranceSource.Tolerance =>
        new() { Alpha = SnapshotAlpha, Relative = SnapshotTolerance, Absolute = SnapshotAbsoluteTolerance };

    public void BeforeTest(ITest test)
    {
        if (test.Parent is null) SuitePrefetch.Start(test);
    }

    public void AfterTest(ITest test)
    {
        if (test.Parent is not null) return;
        var unrunnable = BadAttributes(TestExecutionContext.CurrentContext.CurrentResult);
        if (!ClaimRuntime.IsStarted && unrunnable.Count == 0) return;
        ClaimRuntime.Shared.Finish((test as TestAssembly)?.Assembly, unrunnable);
    }

    /// <summary>
    /// Claim tests NUnit never ran because their attribute is invalid (NotRunnable: e.g. Alpha = 1.5, a method with
    /// parameters): the command that records bad declarations never sees them, so they are read from the results.
    /// </summary>
    static List<(string Test, string Error)> BadAttributes(ITestResult? result)
    {
        var found = new List<(string, string)>();
        void Walk(ITestResult r)
        {
            if (!r.Test.IsSuite && r.ResultState == ResultState.NotRunnable && r.Test.Properties.ContainsKey(PropertyNames.Category) &&
                r.Test.Properties[PropertyNames.Category].Contains("Claim"))
                found.Add((r.Test.FullName, r.Message));
            foreach (var child in r.Children) Walk(child);
        }
        if (result is not null) Walk(result);
        return found;
    }
}

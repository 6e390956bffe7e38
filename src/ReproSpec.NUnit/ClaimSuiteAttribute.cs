using NUnit.Framework;
using NUnit.Framework.Interfaces;
using ReproSpec.Claims;

namespace ReproSpec.NUnit;

/// <summary>
/// Prints the summary of a test run's claims (supported / refuted / inconclusive, runs trained / from the
/// store) when the assembly finishes. Added to claims assemblies automatically by the package's build props.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class ClaimSuiteAttribute : Attribute, ITestAction
{
    public ActionTargets Targets => ActionTargets.Suite;

    /// <summary>Significance level of the snapshot drift test (Welch, two-sided); default 0.01.</summary>
    public double SnapshotAlpha { get; set; } = 0.01;

    /// <summary>Practical tolerance on an arm's mean, as a fraction of the verified mean; default 0.01.</summary>
    public double SnapshotTolerance { get; set; } = 0.01;

    /// <summary>Practical tolerance on an arm's mean in the metric's units; default 0. The larger of the two applies.</summary>
    public double SnapshotAbsoluteTolerance { get; set; }

    public void BeforeTest(ITest test)
    {
        if (test.Parent is null) SuitePrefetch.Start(test);
    }

    public void AfterTest(ITest test)
    {
        if (test.Parent is not null) return;
        var decided = ClaimRuntime.Shared.Decided;
        if (decided.Count == 0) return;
        var outcomes = decided.Where(d => d.Outcome is not null).Select(d => d.Outcome!).ToList();
        var engine = ClaimRuntime.Shared.Engine;
        TestContext.Progress.WriteLine(
            $"[reprospec] claims: {outcomes.Count(o => o.Verdict == Verdict.Supported)} supported, {outcomes.Count(o => o.Verdict == Verdict.Refuted)} refuted, " +
            $"{outcomes.Count(o => o.Verdict == Verdict.Inconclusive)} inconclusive, {decided.Count(d => d.Error is not null)} badly declared; " +
            $"runs: {engine.TrainedTotal} trained, {engine.CachedTotal} from the store ({engine.Store.Root})");
        var assembly = (test as global::NUnit.Framework.Internal.TestAssembly)?.Assembly;
        if (assembly is not null) ClaimSuiteReport.Finish(assembly, decided.Where(d => d.Error is not null).Select(d => (d.Test, d.Error!)).ToList());
    }
}

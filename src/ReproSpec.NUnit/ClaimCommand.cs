using System.Globalization;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using NUnit.Framework.Internal.Commands;
using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Sessions;

namespace ReproSpec.NUnit;

/// <summary>Runs a claim method to collect its declaration, hands it to the claim session, and maps the session's result to the test's.</summary>
sealed class ClaimCommand : DelegatingTestCommand
{
    readonly ClaimSettings settings;
    readonly string? snapshotSource;

    /// <param name="inner">The claim method's own command.</param>
    /// <param name="settings">The claim's pre-registered settings.</param>
    /// <param name="snapshotSource">The fixture's source file when the distribution snapshot is checked, else null.</param>
    public ClaimCommand(TestCommand inner, ClaimSettings settings, string? snapshotSource) : base(inner)
    {
        this.settings = settings;
        this.snapshotSource = snapshotSource;
    }

    public override TestResult Execute(TestExecutionContext context)
    {
        var current = context.CurrentTest;
        var test = new ClaimTest(current.FullName, current.MethodName ?? current.Name, current.TypeInfo?.Type.Assembly ?? typeof(ClaimCommand).Assembly, snapshotSource,
            current.Method?.MethodInfo);
        // Declared when the suite started (SuitePrefetch): the claim method has run once already, as the planner runs it.
        if (SuitePrefetch.TryTake(current, out var ahead))
            return Map(context, ClaimRuntime.Shared.Decide(test, ahead, [], settings, context.CancellationToken));
        IReadOnlyList<ClaimDeclaration> claims;
        IReadOnlyList<string> problems;
        using (var scope = ClaimScope.Open())
        {
            try
            {
                context.CurrentResult = innerCommand.Execute(context);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // What NUnit's work item would do with it, so that Assert.Ignore and Assert.Inconclusive keep their meaning.
                context.CurrentResult.RecordException(e);
            }
            var status = context.CurrentResult.ResultState.Status;
            // The body threw or asserted: the claim could not even be declared (Ignore and Inconclusive stay what they are).
            if (status == TestStatus.Failed)
            {
                var stackTrace = context.CurrentResult.StackTrace;
                return Map(context, ClaimRuntime.Shared.BadDeclaration(test, "running the claim method failed: " + context.CurrentResult.Message), stackTrace);
            }
            if (status != TestStatus.Passed) return context.CurrentResult;
            claims = scope.Build(out problems);
        }
        return Map(context, ClaimRuntime.Shared.Decide(test, claims, problems, settings, context.CancellationToken));
    }

    /// <summary>The session's result as NUnit's: status, message, attachments and the first outcome's numbers as test properties.</summary>
    static TestResult Map(TestExecutionContext context, ClaimResult result, string? stackTrace = null)
    {
        foreach (var (path, description) in result.Files) global::NUnit.Framework.TestContext.AddTestAttachment(path, description);
        if (result.Outcomes.Count > 0) SetProperties(context.CurrentTest, result.Outcomes[0]);
        var state = result.Status switch
        {
            ClaimStatus.Passed => ResultState.Success,
            ClaimStatus.Inconclusive => ResultState.Inconclusive,
            ClaimStatus.Failed => ResultState.Failure,
            _ => ResultState.Error,
        };
        context.CurrentResult.SetResult(state, result.Message, stackTrace);
        return context.CurrentResult;
    }

    static void SetProperties(ITest test, ClaimOutcome outcome)
    {
        var properties = test.Properties;
        void Set(string name, object value) => properties.Set(name, value);
        Set("Verdict", outcome.Verdict.ToString());
        Set("PValueFor", outcome.PSupport.ToString("G6", CultureInfo.InvariantCulture));
        Set("PValueAgainst", outcome.PRefute.ToString("G6", CultureInfo.InvariantCulture));
        Set("SeedsPerArm", outcome.SeedsPerArm);
        Set("Looks", outcome.Looks);
        Set("NominalLevel", outcome.Threshold.ToString("G6", CultureInfo.InvariantCulture));
        Set("Design", outcome.Settings.Design());
        Set("RunsTrained", outcome.RunsTrained);
        Set("RunsCached", outcome.RunsCached);
        if (outcome.Test is { } t)
        {
            Set("Test", t.Test);
            Set("Estimate", t.Estimate.ToString("G6", CultureInfo.InvariantCulture));
            Set("CI", $"[{t.DifferenceInterval.Low.ToString("G6", CultureInfo.InvariantCulture)}, {t.DifferenceInterval.High.ToString("G6", CultureInfo.InvariantCulture)}]");
        }
        foreach (var (name, value) in outcome.Effects)
            Set("Effect." + name, value.ToString("G6", CultureInfo.InvariantCulture));
        if (outcome.SeedsToDecide is { } seeds) Set("SeedsToDecide", seeds);
    }
}

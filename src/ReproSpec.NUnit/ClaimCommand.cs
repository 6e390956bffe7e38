using System.Globalization;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using NUnit.Framework.Internal.Commands;
using ReproSpec.Claims;
using ReproSpec.Decisions;
using ReproSpec.Reports;
using ReproSpec.Snapshots;

namespace ReproSpec.NUnit;

/// <summary>Runs a claim method to collect its declaration, then decides the claim and sets the test's result.</summary>
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
                return BadDeclaration(context, "running the claim method failed: " + context.CurrentResult.Message, keepStackTrace: true);
            if (status != TestStatus.Passed) return context.CurrentResult;
            claims = scope.Build(out problems);
        }
        if (problems.Count > 0 || claims.Count == 0)
        {
            var why = claims.Count == 0 && problems.Count == 0
                ? "the [Claim] method declared no claim: its body must call Claim.That(…) (or Claim.Ranking / Claim.Across)."
                : string.Join(" ", problems);
            return BadDeclaration(context, why);
        }

        var runtime = ClaimRuntime.Shared;
        // Pre-registration: a design changed after its results were seen is refused before anything trains.
        IReadOnlyList<DesignCheck> designs = [];
        if (snapshotSource is not null && ClaimArtifacts.SnapshotsEnabled)
        {
            var method = context.CurrentTest.MethodName ?? context.CurrentTest.Name;
            (designs, var refusal) = ClaimArtifacts.CheckDesigns(snapshotSource, method, claims, claims.Select(c => ClaimDesign.Declared(c, settings)).ToList());
            if (refusal is not null)
            {
                RecordUndecided(context, refusal);
                context.CurrentResult.SetResult(ResultState.Failure, refusal);
                return context.CurrentResult;
            }
        }
        var outcomes = new List<ClaimOutcome>();
        foreach (var claim in claims)
        {
            try
            {
                var outcome = runtime.Decide(claim, settings, context.CancellationToken);
                outcomes.Add(outcome);
                runtime.Record(context.CurrentTest.FullName, outcome);
            }
            catch (ClaimDeclarationException e)
            {
                return BadDeclaration(context, $"{claim.Sentence}: {e.Message}{runtime.DeleteHint(e.StoredFailures)}", label: e.RunsFailed ? "Runs failed: " : BadDeclarationLabel);
            }
            catch (Execution.RunsMissingException e)
            {
                var message = $"Not decided: {claim.Sentence}: {e.Message}. Train them where the claim's runs are trained "
                              + $"(`dotnet test --filter \"FullyQualifiedName={context.CurrentTest.FullName}\"` without REPROSPEC_TRAIN=never, or `reprospec run`), "
                              + "then `reprospec export` and commit the published runs.";
                RecordUndecided(context, message);
                context.CurrentResult.SetResult(ResultState.Failure, message);
                return context.CurrentResult;
            }
        }
        Map(context, outcomes, runtime.Strict, designs);
        return Artifacts(context, outcomes, designs);
    }

    const string BadDeclarationLabel = "Bad claim declaration: ";

    /// <summary>
    /// Fails the test as "Bad claim declaration: …" (or, when every run of an arm failed, "Runs failed: …": the declaration
    /// is fine), and records it so the run's reports count and list it.
    /// </summary>
    static TestResult BadDeclaration(TestExecutionContext context, string why, bool keepStackTrace = false, string label = BadDeclarationLabel)
    {
        var message = label + why;
        RecordUndecided(context, message);
        var stackTrace = keepStackTrace ? context.CurrentResult.StackTrace : null;
        context.CurrentResult.SetResult(ResultState.Error, message, stackTrace);
        return context.CurrentResult;
    }

    /// <summary>Counts and lists the test as undecided in the run's reports, and saves the error for `reprospec gate --outcomes`.</summary>
    static void RecordUndecided(TestExecutionContext context, string message)
    {
        var test = context.CurrentTest;
        ClaimRuntime.Shared.RecordError(test.FullName, message);
        var assembly = test.TypeInfo?.Type.Assembly ?? typeof(ClaimCommand).Assembly;
        var file = ClaimArtifacts.WriteError(ClaimArtifacts.ReportRoot(assembly), new DeclarationError(test.FullName, message) { Run = ClaimRuntime.Shared.Run });
        global::NUnit.Framework.TestContext.AddTestAttachment(file, "saved declaration error (read by `reprospec gate --outcomes`)");
    }

    /// <summary>Writes and attaches the reports, then checks the distribution snapshot; a changed snapshot fails the test.</summary>
    TestResult Artifacts(TestExecutionContext context, IReadOnlyList<ClaimOutcome> outcomes, IReadOnlyList<DesignCheck> designs)
    {
        var test = context.CurrentTest;
        var assembly = test.TypeInfo?.Type.Assembly ?? typeof(ClaimCommand).Assembly;
        var method = test.MethodName ?? test.Name;
        var card = snapshotSource is not null && ClaimArtifacts.SnapshotsEnabled ? ClaimArtifacts.Card(snapshotSource, method, test.FullName, test.Method?.MethodInfo) : null;
        var records = outcomes.Select((o, i) => ClaimRecord.From(o, ReportFiles.ClaimTest(test.FullName, i)) with
        {
            Run = ClaimRuntime.Shared.Run,
            PreRegistration = i < designs.Count ? PreRegistration.Describe(designs[i]) : null,
            CardPath = card?.Path,
            Card = card?.Text,
        }).ToList();
        var root = ClaimArtifacts.ReportRoot(assembly);
        foreach (var record in records)
        {
            foreach (var (path, description) in ClaimArtifacts.WriteReports(root, record))
                global::NUnit.Framework.TestContext.AddTestAttachment(path, description);
        }
        if (snapshotSource is null || !ClaimArtifacts.SnapshotsEnabled) return context.CurrentResult;

        var tolerance = ClaimArtifacts.Tolerance(assembly);
        var problems = tolerance.Problems().ToList();
        if (problems.Count > 0) return Error(context, "Bad snapshot tolerance in [assembly: ClaimSuite(…)]: " + string.Join(" ", problems));
        var messages = new[]
        {
            ClaimArtifacts.CheckSnapshot(snapshotSource, method, DistributionSnapshot.Of(records, outcomes.Select(ClaimDesign.Of).ToList()), tolerance, designs,
                out var note),
            ClaimArtifacts.CheckOrphans(assembly, snapshotSource),
        }.OfType<string>().ToList();
        // The card follows the accepted snapshot: checked only when the run agrees with it.
        if (messages.Count == 0 && card is { } accepted)
        {
            if (ClaimArtifacts.CheckCard(accepted, out var cardNote) is { } cardFailure) messages.Add(cardFailure);
            else if (cardNote is not null) note = note is null ? cardNote : note + "\n" + cardNote;
        }
        if (messages.Count == 0)
        {
            if (note is not null) context.CurrentResult.SetResult(context.CurrentResult.ResultState, context.CurrentResult.Message + "\n\n" + note);
            return context.CurrentResult;
        }
        var message = string.Join("\n\n", messages);
        var firstLine = message.Split('\n', 2)[0];
        foreach (var record in records) ClaimArtifacts.RecordTestFailure(root, record, "snapshot: " + firstLine);
        var previous = context.CurrentResult.Message;
        var failure = context.CurrentResult.ResultState.Status == TestStatus.Failed ? previous + "\n\n" + message : message + "\n\n" + previous;
        context.CurrentResult.SetResult(ResultState.Failure, failure);
        return context.CurrentResult;
    }

    static TestResult Error(TestExecutionContext context, string message)
    {
        context.CurrentResult.SetResult(ResultState.Error, message);
        return context.CurrentResult;
    }

    static TestResult Map(TestExecutionContext context, IReadOnlyList<ClaimOutcome> outcomes, bool strict, IReadOnlyList<DesignCheck> designs)
    {
        var text = string.Join("\n", outcomes.Select((o, i) => ClaimText.Format(o) + (i < designs.Count ? "\n  pre-registration: " + PreRegistration.Describe(designs[i]) : "")));
        // The numbers are the point of a claim, so every outcome carries them as its message; the NUnit adapter
        // shows a passing test's message under its standard output, so writing them to the output too printed them twice.
        SetProperties(context.CurrentTest, outcomes[0]);

        var unmet = outcomes.Where(o => !o.MetExpectation).ToList();
        if (unmet.Count == 0)
        {
            context.CurrentResult.SetResult(ResultState.Success, text);
            return context.CurrentResult;
        }
        var worst = unmet.FirstOrDefault(o => o.Verdict != Verdict.Inconclusive) ?? unmet[0];
        if (worst.Verdict == Verdict.Inconclusive)
        {
            if (strict)
            {
                context.CurrentResult.SetResult(ResultState.Failure, $"Inconclusive in strict mode (REPROSPEC_STRICT): {worst.Reason}.\n{text}");
            }
            else
            {
                context.CurrentResult.SetResult(ResultState.Inconclusive, text);
            }
            return context.CurrentResult;
        }
        var expected = worst.Settings.Expected ?? Verdict.Supported;
        context.CurrentResult.SetResult(ResultState.Failure,
            expected == Verdict.Supported ? text : $"Expected {expected} but the claim is {worst.Verdict}.\n{text}");
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

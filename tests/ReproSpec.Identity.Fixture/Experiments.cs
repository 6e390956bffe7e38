using ReproSpec.Claims;
using ReproSpec.Execution;
using ReproSpec.Identity.Helpers;

namespace ReproSpec.Identity.Fixture;

// Each experiment reaches one kind of code; RunIdentityMutationTests edits that code and expects exactly
// this experiment's runs to be trained again. Values are 1 + a small seed-dependent amount, so every claim
// below is Supported whatever the edit.

/// <summary>Calls a helper in this assembly.</summary>
public sealed record UsesLocalHelper : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", 1.0 + LocalMath.Shift(context.Seed)));
}

/// <summary>Calls a helper in ReproSpec.Identity.Helpers.</summary>
public sealed record UsesOtherProject : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", 1.0 + Scaling.Scale(context.Seed * 0.01)));
}

/// <summary>Builds a model in the other project and calls it through its abstract base.</summary>
public sealed record UsesModel : Experiment
{
    public override RunMetrics Run(RunContext context)
    {
        Model model = Models.Create();
        return RunMetrics.Of(("score", model.Predict(context.Seed)));
    }
}

/// <summary>Reads its rows from an iterator (a compiler-generated state machine).</summary>
public sealed record UsesDataLoader : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", 1.0 + DataLoader.Rows(context.Seed).Sum()));
}

/// <summary>Scores through an async evaluation with a local function.</summary>
public sealed record UsesEvaluation : Experiment
{
    public override RunMetrics Run(RunContext context) =>
        RunMetrics.Of(("score", Evaluation.ScoreAsync([1.0, 1.0 + context.Seed * 0.01]).GetAwaiter().GetResult()));
}

/// <summary>Calls code from a NuGet package (ReproSpec.Identity.Package, from the test's local feed).</summary>
public sealed record UsesPackage : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", ReproSpec.Identity.Package.Offsets.Base() + context.Seed * 0.01));
}

/// <summary>Calls a helper that throws until it is fixed.</summary>
public sealed record UsesGuard : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", Guard.Check(context.Seed)));
}

/// <summary>Calls a helper that throws on seed 0 only.</summary>
public sealed record UsesPartlyFailing : Experiment
{
    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", PartGuard.CheckAllButFirst(context.Seed)));
}

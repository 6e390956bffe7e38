using NUnit.Framework;
using ReproSpec.Experiments;

namespace ReproSpec.NUnit;

/// <summary>Checks, in a [Claim] method, that command arms can run here; a claim that cannot is never reported as passed.</summary>
public static class Runnable
{
    /// <summary>
    /// Ends the claim as Inconclusive (Skipped) naming what is missing and the install command when an arm is not
    /// runnable on this machine; under REPROSPEC_STRICT (CI) it fails instead, so a gate never mistakes it for a pass.
    /// </summary>
    public static void Require(params CommandExperiment[] arms)
    {
        ArgumentNullException.ThrowIfNull(arms);
        var missing = arms.Select(a => a.Unavailable()).OfType<string>().ToList();
        if (missing.Count == 0) return;
        var message = "Not runnable on this machine: " + string.Join(" ", missing);
        if (ClaimRuntime.Shared.Settings.Strict) Assert.Fail(message + " (REPROSPEC_STRICT: a claim that cannot run fails).");
        Assert.Inconclusive(message);
    }
}

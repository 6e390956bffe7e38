using NUnit.Framework;
using ReproSpec.Claims;
using ReproSpec.Experiments;
using ReproSpec.NUnit;

namespace ReproSpec.ClusterClaims;

/// <summary>
/// A CommandExperiment claim for the Slurm end-to-end: its runs are a shell script that the cluster's worker processes
/// start (in a sandbox when bubblewrap is installed), each in a fresh copy of cluster-train/.
/// </summary>
[TestFixture]
public class CommandClusterClaims
{
    static readonly CommandExperiment ShellScript = new("shell-script", "sh score.sh {seed}", Code: ["cluster-train"], WorkingDirectory: "cluster-train");

    [Claim(Seeds = 3, Snapshot = false)]
    public void A_shell_script_scores_at_least_70_percent() =>
        Claim.That(ShellScript).On("score").IsAtLeast(0.7).AssumingNearNormal();
}

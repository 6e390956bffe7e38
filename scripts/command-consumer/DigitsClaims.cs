using System.Globalization;
using ReproSpec.Claims;
using ReproSpec.Experiments;
using ReproSpec.NUnit;

// A package user's claims project, built by scripts/command-consumer.sh outside the repository from the packed packages:
// an unmodified repository (vendor/digits-example) as an arm, its data mounted where the script looks for it.

namespace DigitsClaims;

public class DigitsClaims
{
    // Run control the CI script raises between runs: it is not part of the run key, so raising it must retrain nothing.
    static readonly int Timeout = int.Parse(Environment.GetEnvironmentVariable("CONSUMER_TIMEOUT_SECONDS") ?? "600", CultureInfo.InvariantCulture);

    static readonly Dictionary<string, string> SitePackages = new() { ["PYTHONPATH"] = "{path:pylib}" };

    static readonly CommandExperiment Softmax = new(
        Label: "digits-example softmax",
        Command: "python3 main.py --seed {seed} --epochs 2 --log-interval 0",
        WorkingDirectory: "digits",
        Patterns: [new MetricPattern("test_accuracy", @"Accuracy: (\d+)/(\d+)"), new MetricPattern("test_loss", @"Average loss: ([0-9.]+)")],
        TimeoutSeconds: Timeout)
    {
        Repository = "vendor/digits-example",
        Mounts = [new Mount("data", "../data")],
        // pylib stands for the interpreter's site-packages: what is installed there, the probe records (and keys) by version.
        Variables = SitePackages,
        Packages = ["digits-toolkit"],
    };

    // extras/score.py imports fancyscore, which is not installed on the first runs.
    static readonly CommandExperiment Scorer = new(
        Label: "fancyscore scorer",
        Command: "python3 score.py --seed {seed}",
        Code: ["extras"],
        WorkingDirectory: "extras",
        TimeoutSeconds: Timeout)
    {
        Variables = SitePackages,
    };

    [Claim(Seeds = 5)]
    public void Softmax_regression_reaches_80_percent_on_digits() =>
        Claim.That(Softmax).On("test_accuracy").IsAtLeast(0.80).AssumingNearNormal();

    [Claim(Seeds = 3)]
    public void The_scorer_scores_above_one_half() =>
        Claim.That(Scorer).On("score").IsAtLeast(0.5).AssumingNearNormal();
}

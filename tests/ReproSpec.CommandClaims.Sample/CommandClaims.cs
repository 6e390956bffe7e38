using ReproSpec.Claims;
using ReproSpec.Experiments;
using ReproSpec.NUnit;

namespace ReproSpec.CommandClaims.Sample;

public class CommandClaims
{
    static CommandExperiment Arm(string label, double score) =>
        new(label, "python3 score.py --seed {seed} --base " + score.ToString(System.Globalization.CultureInfo.InvariantCulture), Code: ["train"], WorkingDirectory: "train");

    [Claim(Seeds = 5)]
    public void Tuned_script_beats_the_baseline_script() =>
        Claim.That(Arm("tuned", 0.9)).Beats(Arm("baseline", 0.8)).On("score").ByAtLeast(0.05);
}

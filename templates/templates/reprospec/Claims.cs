using ReproSpec.Claims;
using ReproSpec.NUnit;

namespace ReproSpecClaims;

#region claim
public class SpiralClaims
{
    static readonly Arm Mlp = new("MLP 2-32-2", new SpiralClassifier(Hidden: 32));
    static readonly Arm Linear = new("softmax regression", new SpiralClassifier(Hidden: 0));

    // Two spirals are not linearly separable: one hidden layer should buy at least 10 points of test accuracy.
    [Claim(Seeds = 5)]
    public void Mlp_beats_a_linear_model_on_two_spirals() =>
        Claim.That(Mlp).Beats(Linear).On("test_accuracy").ByAtLeast(0.10);
}
#endregion

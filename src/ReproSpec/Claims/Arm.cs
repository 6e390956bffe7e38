namespace ReproSpec.Claims;

/// <summary>A named experiment configuration a claim compares: "MLP", "softmax regression".</summary>
public sealed record Arm(string Name, Experiment Experiment)
{
    public override string ToString() => Name;

    public static implicit operator Arm(Experiment experiment) => new(experiment.Name, experiment);
}

namespace ReproSpec.Identity.Helpers;

/// <summary>A model reached only through a virtual call: the experiment holds a <see cref="Model"/>.</summary>
public abstract class Model
{
    public abstract double Predict(double input);
}

/// <summary>The model class RunIdentityMutationTests edits.</summary>
public sealed class LinearModel(double slope) : Model
{
    public override double Predict(double input) => slope * input + 1.0;
}

/// <summary>Builds the model, so the experiment never names <see cref="LinearModel"/>.</summary>
public static class Models
{
    public static Model Create() => new LinearModel(0.01);
}

/// <summary>A helper that throws until RunIdentityMutationTests fixes it: its runs fail and are stored as failures.</summary>
public static class Guard
{
    public static double Check(int seed) => throw new InvalidOperationException($"bug in Guard.Check (seed {seed})");
}

/// <summary>Throws on seed 0 only: an arm with some failed runs. Its own type: a reached type brings all its methods into the key.</summary>
public static class PartGuard
{
    public static double CheckAllButFirst(int seed) => seed == 0 ? throw new InvalidOperationException("bug on seed 0") : 1.0 + seed * 0.01;
}

namespace ReproSpec.Identity.Helpers;

/// <summary>A helper in another project: RunIdentityMutationTests edits its body.</summary>
public static class Scaling
{
    public static double Scale(double value) => value * 1.0;
}

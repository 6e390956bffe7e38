namespace ReproSpec.Identity.Package;

/// <summary>Code the fixture's UsesPackage experiment calls from this package.</summary>
public static class Offsets
{
    public static double Base() => 1.0;
}

using System.Runtime.CompilerServices;

namespace ReproSpec.Identity.Plugins;

/// <summary>A plug-in model built from its name: no IL names it.</summary>
public interface IPlugin
{
    double Value(int seed);
}

/// <summary>The plug-in RunIdentityMutationTests edits: only Type.GetType("…NamedPlugin") reaches it.</summary>
public sealed class NamedPlugin : IPlugin
{
    public double Value(int seed) => 1.0 + seed * 0.01;
}

/// <summary>Loads a plug-in by the name in a string.</summary>
public static class ByName
{
    public static IPlugin Create(string typeName) =>
        (IPlugin)Activator.CreateInstance(Type.GetType(typeName, throwOnError: true)!)!;
}

/// <summary>A scale the module initialiser sets: the experiment calls it, nothing calls the initialiser.</summary>
public static class Registry
{
    public static Func<double, double> Scale { get; set; } = x => x;
}

static class Setup
{
#pragma warning disable CA2255 // a module initialiser on purpose: the code the run key must see although no call names it
    [ModuleInitializer]
    internal static void Register() => Registry.Scale = x => x * 0.01;
#pragma warning restore CA2255
}

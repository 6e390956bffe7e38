using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace ReproSpec.Provenance;

/// <summary>
/// A hash of an experiment type's own code (the IL of its methods and of the compiler-generated types
/// nested in it) and of the versions of the assemblies its assembly references. A change to the experiment
/// invalidates its runs; a change elsewhere in the claims assembly does not.
/// </summary>
public static class CodeFingerprint
{
    static readonly ConcurrentDictionary<Type, string> Cache = new();

    public static string Of(Type type) => Cache.GetOrAdd(type, Compute);

    static string Compute(Type type)
    {
        var text = new StringBuilder();
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            AppendType(t, text);
        foreach (var reference in type.Assembly.GetReferencedAssemblies().OrderBy(r => r.Name, StringComparer.Ordinal))
            text.Append("ref ").Append(reference.Name).Append(' ').Append(reference.Version).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    static void AppendType(Type type, StringBuilder text)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        text.Append("type ").Append(type.FullName).Append('\n');
        var methods = type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all))
            .OrderBy(m => m.ToString(), StringComparer.Ordinal);
        foreach (var method in methods)
        {
            text.Append(method).Append(' ');
            text.Append(IlText.Describe(method)).Append('\n');
        }
        foreach (var nested in type.GetNestedTypes(all).OrderBy(n => n.FullName, StringComparer.Ordinal))
            AppendType(nested, text);
    }
}

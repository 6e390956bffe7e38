using System.Reflection;
using ReproSpec.Claims;

namespace ReproSpec.Planning;

/// <summary>One claim a claim method declared, with the method's test name and settings.</summary>
public sealed record DiscoveredClaim(string Test, ClaimDeclaration Declaration, ClaimSettings Settings);

/// <summary>A claim method whose declarations could not be collected, and why.</summary>
public sealed record DiscoveryProblem(string Test, string Problem);

/// <summary>The claims an assembly declares, found without a test runner.</summary>
public sealed record Discovery(IReadOnlyList<DiscoveredClaim> Claims, IReadOnlyList<DiscoveryProblem> Problems);

/// <summary>
/// Finds the methods of an assembly that carry an <see cref="IClaimSettingsSource"/> attribute, constructs
/// each fixture and runs the method inside a <see cref="ClaimScope"/> to collect what it declares.
/// Setup methods of the test framework are not run: a claim method must declare on its own.
/// </summary>
public static class ClaimDiscovery
{
    public static Discovery Discover(Assembly assembly)
    {
        var claims = new List<DiscoveredClaim>();
        var problems = new List<DiscoveryProblem>();
        foreach (var type in LoadableTypes(assembly).Where(t => t is { IsClass: true, IsAbstract: false } || t.IsAbstract && t.IsSealed).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            const BindingFlags Methods = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var method in type.GetMethods(Methods).OrderBy(m => m.MetadataToken))
            {
                if (method.GetCustomAttributes(inherit: false).OfType<IClaimSettingsSource>().FirstOrDefault() is not { } source) continue;
                var test = $"{type.FullName}.{method.Name}";
                try
                {
                    claims.AddRange(Declare(type, method).Select(d => new DiscoveredClaim(test, d, source.Settings)));
                }
                catch (ClaimsLoadException e)
                {
                    problems.Add(new DiscoveryProblem(test, e.Message));
                }
            }
        }
        return new Discovery(claims, problems);
    }

    /// <summary>
    /// The claims one claim method declares, collected as <see cref="Discover"/> does (fixture constructed,
    /// no setup methods run); throws <see cref="ClaimsLoadException"/> saying why when it cannot be declared.
    /// </summary>
    public static IReadOnlyList<ClaimDeclaration> Declare(Type type, MethodInfo method)
    {
        if (method.GetParameters().Length > 0)
            throw new ClaimsLoadException("a claim method takes no parameters: declare each case as its own method, or use Claim.Across.");
        object? fixture = null;
        if (!method.IsStatic)
        {
            if (type.GetConstructor(Type.EmptyTypes) is null)
                throw new ClaimsLoadException($"{type.Name} has no public parameterless constructor, so the planner cannot construct it: add one.");
            fixture = Invoke(() => Activator.CreateInstance(type), $"constructing {type.Name}");
        }
        using var scope = ClaimScope.Open();
        Invoke(() => method.Invoke(fixture, null), "running the claim method");
        var declared = scope.Build(out var incomplete);
        if (incomplete.Count > 0) throw new ClaimsLoadException("bad claim declaration: " + string.Join(" ", incomplete));
        if (declared.Count == 0) throw new ClaimsLoadException("the claim method declared no claim: its body must call Claim.That(…) (or Claim.Ranking / Claim.Across).");
        return declared;
    }

    static object? Invoke(Func<object?> action, string doing)
    {
        try
        {
            return action();
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new ClaimsLoadException($"{doing} threw {e.InnerException.GetType().Name}: {e.InnerException.Message}", e.InnerException);
        }
    }

    static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            var missing = e.LoaderExceptions.OfType<FileNotFoundException>().Select(f => f.FileName).FirstOrDefault();
            throw new ClaimsLoadException(
                $"cannot list the types of {assembly.GetName().Name}: {(missing is null ? e.LoaderExceptions.FirstOrDefault()?.Message : $"{missing} is missing")}. " +
                "Pass the dll from the claims project's build output, where its dependencies are (dotnet build).", e);
        }
    }
}

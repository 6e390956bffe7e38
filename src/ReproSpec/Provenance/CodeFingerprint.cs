using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace ReproSpec.Provenance;

/// <summary>
/// What an experiment type's runs execute, as one hash: the IL of every method reachable from the experiment
/// in assemblies that are neither the shared framework nor NuGet packages (the claims assembly, its project
/// references, ReproSpec's own), and the name and version of every package that code uses. Editing a helper,
/// a model class or the evaluation the experiment calls changes it; adding an unrelated claim does not.
/// </summary>
public static class CodeFingerprint
{
    static readonly ConcurrentDictionary<Type, CodeIdentity> Cache = new();

    /// <summary>The experiment type's code hash (16 hex digits), as it enters the run key.</summary>
    public static string Of(Type type) => Describe(type).Hash;

    /// <summary>The experiment type's code identity: the methods and packages behind <see cref="Of"/>.</summary>
    public static CodeIdentity Describe(Type type) => Cache.GetOrAdd(type, t => CodeClosure.Of(t, CodeClosure.Shared));

    /// <summary>Computes the identity again from nothing (no cached method texts): what one experiment type costs alone.</summary>
    public static CodeIdentity Recompute(Type type) => CodeClosure.Of(type, new());
}

/// <summary>The code a run of one experiment type may execute: the methods whose IL is hashed and the packages identified by version.</summary>
/// <param name="Methods">Each reached method's declaring type and signature (compiler-generated ordinals dropped), sorted.</param>
/// <param name="Packages">"name/version" of each package the code uses, with the packages it depends on, sorted.</param>
/// <param name="Hash">SHA-256 over every method's IL text and the package list, first 16 hex digits.</param>
public sealed record CodeIdentity(IReadOnlyList<string> Methods, IReadOnlyList<string> Packages, string Hash);

/// <summary>
/// The call-graph closure behind <see cref="CodeFingerprint"/>. Starting from every method of the experiment
/// type, its base types and its nested (compiler-generated) types, it follows each member an instruction
/// names (call, callvirt, newobj, ldftn, ldfld, ldsfld, ldtoken, box, newarr, castclass, …), local variable
/// and catch types, and generic arguments. A type it reaches brings its static constructor (static field
/// initialisers) and all its virtual methods: whatever calls them (a virtual call in user code, a foreach in
/// the framework calling an iterator's MoveNext, TorchSharp calling a module's forward) may reach them.
/// Types named by attributes (JsonDerivedType, JsonConverter) count as reached: the serializer builds them.
/// The walk stops at framework and package assemblies; a package it enters is recorded by name and version.
/// </summary>
static class CodeClosure
{
    const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
    /// <summary>Method texts read so far: experiments share most of their closure (the training loop, the engine's types).</summary>
    public static readonly ConcurrentDictionary<MethodBase, (string Text, IReadOnlyList<MemberInfo> References)> Shared = new();

    public static CodeIdentity Of(Type experiment, ConcurrentDictionary<MethodBase, (string Text, IReadOnlyList<MemberInfo> References)> methodTexts)
    {
        var walk = new Walk(methodTexts);
        for (var t = experiment; t is not null; t = t.BaseType)
        {
            if (AssemblyOrigin.Of(t.Assembly).Kind != OriginKind.Code) break;
            walk.RootWithNested(t);
        }
        var texts = walk.Run();
        var packages = AssemblyOrigin.WithDependencies(experiment.Assembly, walk.Packages).ToList();
        var all = new StringBuilder();
        foreach (var text in texts) all.Append(text);
        foreach (var package in packages) all.Append("package ").Append(package).Append('\n');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(all.ToString())))[..16];
        var methods = texts.Select(t => t[..t.IndexOf('\n', StringComparison.Ordinal)]).ToList();
        return new CodeIdentity(methods, packages, hash);
    }

    sealed class Walk(ConcurrentDictionary<MethodBase, (string Text, IReadOnlyList<MemberInfo> References)> methodTexts)
    {
        readonly HashSet<Type> types = [];
        readonly HashSet<MethodBase> methods = [];
        readonly Queue<MethodBase> pending = new();

        public SortedSet<string> Packages { get; } = new(StringComparer.Ordinal);

        public void RootWithNested(Type type)
        {
            Type(type);
            foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
                Method(method);
            foreach (var nested in type.GetNestedTypes(Declared))
                RootWithNested(nested);
        }

        /// <summary>Every reached method's text, sorted so the hash does not depend on the order of the walk.</summary>
        public List<string> Run()
        {
            var texts = new List<string>();
            while (pending.TryDequeue(out var method))
            {
                var (text, references) = methodTexts.GetOrAdd(method, IlText.Read);
                texts.Add(text);
                foreach (var reference in references)
                {
                    switch (reference)
                    {
                        case MethodBase called: Method(called); break;
                        case FieldInfo field: Type(field.DeclaringType); Type(field.FieldType); break;
                        case Type type: Type(type); break;
                    }
                }
            }
            texts.Sort(StringComparer.Ordinal);
            return texts;
        }

        void Type(Type? type)
        {
            if (type is null || type.IsGenericParameter) return;
            if (type.HasElementType)
            {
                Type(type.GetElementType());
                return;
            }
            if (type.IsGenericType && !type.IsGenericTypeDefinition)
            {
                foreach (var argument in type.GetGenericArguments()) Type(argument);
                type = type.GetGenericTypeDefinition();
            }
            if (!types.Add(type)) return;
            var origin = AssemblyOrigin.Of(type.Assembly);
            if (origin.Kind == OriginKind.Package) Packages.Add(origin.Package!);
            if (origin.Kind != OriginKind.Code) return;
            Type(type.BaseType);
            foreach (var contract in type.GetInterfaces()) Type(contract);
            if (type.TypeInitializer is { } initializer) Method(initializer);
            foreach (var method in type.GetMethods(Declared).Where(m => m.IsVirtual)) Method(method);
            foreach (var named in TypesNamedByAttributes(type)) Type(named);
        }

        /// <summary>
        /// Types an attribute of the type or of its members names: [JsonDerivedType(typeof(Adam))] makes the
        /// serializer build an Adam for an Optimizer parameter, [JsonConverter(typeof(C))] runs C; no IL names them.
        /// </summary>
        static IEnumerable<Type> TypesNamedByAttributes(Type type)
        {
            var members = new MemberInfo[] { type }.Concat(type.GetProperties(Declared)).Concat(type.GetFields(Declared));
            foreach (var attribute in members.SelectMany(m => m.GetCustomAttributesData()))
            {
                var arguments = attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(n => n.TypedValue));
                foreach (var argument in arguments)
                    if (argument.Value is Type named) yield return named;
            }
        }

        void Method(MethodBase method)
        {
            if (method is MethodInfo { IsGenericMethod: true, IsGenericMethodDefinition: false } instance)
                foreach (var argument in instance.GetGenericArguments()) Type(argument);
            if (method.DeclaringType is { IsGenericType: true, IsGenericTypeDefinition: false } || method is MethodInfo { IsGenericMethod: true, IsGenericMethodDefinition: false })
            {
                Type(method.DeclaringType);
                // A method of a constructed generic: its definition holds the IL (the arguments were reached above).
                method = method.Module.ResolveMethod(method.MetadataToken) ?? method;
            }
            Type(method.DeclaringType);
            if (AssemblyOrigin.Of(method.Module.Assembly).Kind != OriginKind.Code) return;
            if (methods.Add(method)) pending.Enqueue(method);
        }
    }
}

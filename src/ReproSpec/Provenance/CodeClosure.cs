using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace ReproSpec.Provenance;

/// <summary>The code a run of one experiment type may execute: the methods whose IL is hashed and the packages identified by version.</summary>
/// <param name="Methods">Each reached method's declaring type and signature (compiler-generated ordinals dropped), sorted.</param>
/// <param name="Packages">"name/version" of each package the code uses, with the packages it depends on, sorted.</param>
/// <param name="Hash">SHA-256 over every method's IL text, the attributes, the environment values and the package list, first 16 hex digits.</param>
public sealed record CodeIdentity(IReadOnlyList<string> Methods, IReadOnlyList<string> Packages, string Hash)
{
    /// <summary>"NAME=value" (or "NAME unset") of each environment variable reached code reads by a constant name: in the hash.</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>Assemblies put whole into the key because reached code loads or runs code by name, each with the member that does.</summary>
    public IReadOnlyList<string> Widened { get; init; } = [];

    /// <summary>What reached code reads that no key can hold (an environment variable with a computed name), each with its member.</summary>
    public IReadOnlyList<string> Unseen { get; init; } = [];

    /// <summary>Whether reached code calls the run path's <see cref="RunPath.ThreadsGetter"/>: then the run's thread count is one of its inputs.</summary>
    public bool ReadsThreads { get; init; }

    /// <summary>One line per widening and per unseen read, for the suite to print once per experiment type; empty when the analysis saw everything.</summary>
    public IReadOnlyList<string> Notes => [.. Widened, .. Unseen];
}

/// <summary>
/// What every run executes whatever its experiment, named by the stage that keys runs (Planning.CodeFingerprint), so
/// the fingerprinting here knows nothing of the engine it fingerprints.
/// </summary>
/// <param name="Roots">The engine's run path: its entry method and the types every run uses, followed like the experiment's own code.</param>
/// <param name="ThreadsGetter">The getter whose call makes a run's thread count one of its inputs.</param>
/// <param name="KeyOf">The method that makes the key: how a key is made is not what a run does, so the walk never follows it.</param>
public sealed record RunPath(IReadOnlyList<MemberInfo> Roots, MethodInfo ThreadsGetter, MethodInfo KeyOf);

/// <summary>
/// The call-graph closure behind Planning.CodeFingerprint. Its roots are every method of the experiment
/// type, its base types and nested (compiler-generated) types, the engine's <see cref="RunPath"/> and the module initialisers of every assembly it enters. It follows each member an
/// instruction names (call, callvirt, newobj, ldftn, ldfld, ldsfld, ldtoken, box, newarr, castclass, …), local
/// variable and catch types, generic arguments and constraints, and attribute types. A type it reaches brings all
/// its code: constructors, static constructor and every method (a reflection call, a serializer, a virtual call,
/// TorchSharp calling forward, a constrained call to a static abstract member may run any of them) and its
/// attributes, hashed as data. Code that loads or runs code by name puts its whole assembly into the closure.
/// The walk stops at framework and package assemblies; a package it enters is recorded by name and version.
/// </summary>
static class CodeClosure
{
    const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
    /// <summary>Method texts read so far: experiments share most of their closure (the training loop, the engine's types).</summary>
    public static readonly ConcurrentDictionary<MethodBase, MethodReading> Shared = new();

    public static CodeIdentity Of(Type experiment, RunPath path, ConcurrentDictionary<MethodBase, MethodReading> methodTexts, Func<string, string?> environment)
    {
        var walk = new Walk(path, methodTexts);
        for (var t = experiment; t is not null; t = t.BaseType)
        {
            if (AssemblyOrigin.Of(t.Assembly).Kind != OriginKind.Code) break;
            walk.RootWithNested(t);
        }
        foreach (var root in path.Roots)
        {
            if (root is MethodBase method) walk.Method(method);
            else if (root is Type type) walk.RootWithNested(type);
        }
        var texts = walk.Run();
        var packages = AssemblyOrigin.WithDependencies(experiment.Assembly, walk.Packages).ToList();
        var variables = walk.Variables.Select(v => environment(v) is { } value ? $"{v}={value}" : $"{v} unset").ToList();
        var all = new StringBuilder();
        foreach (var text in texts) all.Append(text);
        foreach (var package in packages) all.Append("package ").Append(package).Append('\n');
        foreach (var variable in variables) all.Append("environment ").Append(variable).Append('\n');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(all.ToString())))[..16];
        var methods = texts.Where(t => !t.StartsWith(AttributesPrefix, StringComparison.Ordinal)).Select(t => t[..t.IndexOf('\n', StringComparison.Ordinal)]).ToList();
        return new CodeIdentity(methods, packages, hash)
        {
            Environment = variables,
            Widened = [.. walk.Widened.Select(w => $"{w.Value} loads or runs code by name ({w.Key.Member}): the whole assembly {w.Key.Assembly} is in the key of {experiment.Name}")],
            Unseen = [.. walk.Unseen.Select(u => $"{u} reads an environment variable whose name is computed: its value is not in the key of {experiment.Name}; set Experiment.Version when it changes what a run does")],
            ReadsThreads = walk.ReadsThreads,
        };
    }

    const string AttributesPrefix = "attributes ";

    sealed class Walk(RunPath path, ConcurrentDictionary<MethodBase, MethodReading> methodTexts)
    {
        static readonly Assembly EngineAssembly = typeof(CodeClosure).Assembly;
        /// <summary>
        /// How the key is made is not what a run does (a record names its key): the fingerprinting changes every key
        /// through ReproSpec's version, and following it would report its own environment reads as the run's.
        /// </summary>
        readonly MethodInfo keyOf = path.KeyOf;
        readonly MethodInfo threadsGetter = path.ThreadsGetter;
        static readonly ConcurrentDictionary<Assembly, IReadOnlyList<MethodInfo>> ModuleInitializers = new();

        readonly HashSet<Type> types = [];
        readonly HashSet<Type> parameters = [];
        readonly HashSet<MethodBase> methods = [];
        readonly HashSet<Assembly> assemblies = [];
        readonly HashSet<Assembly> whole = [];
        readonly Queue<MethodBase> pending = new();
        readonly List<string> attributeTexts = [];

        public SortedSet<string> Packages { get; } = new(StringComparer.Ordinal);
        public SortedSet<string> Variables { get; } = new(StringComparer.Ordinal);
        /// <summary>(assembly, API) → the first reached member that calls it.</summary>
        public SortedDictionary<(string Assembly, string Member), string> Widened { get; } = [];
        public SortedSet<string> Unseen { get; } = new(StringComparer.Ordinal);
        public bool ReadsThreads { get; private set; }

        public void RootWithNested(Type type)
        {
            Type(type);
            foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
                Method(method);
            foreach (var nested in type.GetNestedTypes(Declared))
                RootWithNested(nested);
        }

        /// <summary>Every reached method's text and every reached type's attributes, sorted so the hash does not depend on the order of the walk.</summary>
        public List<string> Run()
        {
            var texts = new List<string>();
            while (pending.TryDequeue(out var method))
            {
                var reading = methodTexts.GetOrAdd(method, IlText.Read);
                texts.Add(reading.Text);
                foreach (var reference in reading.References)
                {
                    switch (reference)
                    {
                        case MethodBase called:
                            if (called == threadsGetter) ReadsThreads = true;
                            Method(called);
                            break;
                        case FieldInfo field: Type(field.DeclaringType); Type(field.FieldType); break;
                        case Type type: Type(type); break;
                    }
                }
                // The engine's own by-name calls (claim discovery, the worker loading the experiment type, its settings)
                // are not a run's code: its run path is a root and reads none; an experiment's code is rooted itself.
                if (method.Module.Assembly != EngineAssembly)
                    foreach (var finding in reading.Findings) Note(method, finding);
            }
            texts.AddRange(attributeTexts);
            texts.Sort(StringComparer.Ordinal);
            return texts;
        }

        void Note(MethodBase method, Finding finding)
        {
            var where = $"{IlText.Normalise(IlText.TypeName(method.DeclaringType))}.{method.Name}";
            switch (finding.Kind)
            {
                case FindingKind.EnvironmentVariable:
                    Variables.Add(finding.Variable!);
                    break;
                case FindingKind.ComputedEnvironmentVariable:
                    Unseen.Add($"{where} ({finding.Member})");
                    break;
                case FindingKind.Reflection:
                    var assembly = method.Module.Assembly;
                    Widened.TryAdd((assembly.GetName().Name ?? "?", finding.Member), where);
                    Whole(assembly);
                    break;
            }
        }

        /// <summary>Every type of the assembly, as if reached: the code that reflection may name is somewhere in it.</summary>
        void Whole(Assembly assembly)
        {
            if (!whole.Add(assembly)) return;
            Type[] all;
            try
            {
                all = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                all = [.. e.Types.OfType<Type>()];
            }
            foreach (var type in all) Type(type);
        }

        public void Type(Type? type)
        {
            if (type is null) return;
            if (type.IsGenericParameter)
            {
                // A constraint names the interface whose (static abstract) members the generic code calls.
                // Constraints may name the parameter itself (T : IComparable<T>): each parameter is visited once.
                if (!parameters.Add(type)) return;
                foreach (var constraint in type.GetGenericParameterConstraints()) Type(constraint);
                return;
            }
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
            Assembly(type.Assembly);
            Type(type.BaseType);
            foreach (var contract in type.GetInterfaces()) Type(contract);
            if (type.IsGenericTypeDefinition)
                foreach (var parameter in type.GetGenericArguments()) Type(parameter);
            // All its code: constructors run through new T(), Activator.CreateInstance(typeof(X)) and the serializer,
            // static abstract implementations through constrained calls, any method through a virtual call or a delegate.
            // The engine's own types are the exception: its run path is a root and is followed call by call, since
            // all of RunIdentity would bring the fingerprinting and the worker protocol (which loads types by name).
            var engine = type.Assembly == EngineAssembly;
            foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
                if (!engine || method.IsVirtual || method.IsConstructor) Method(method);
            Attributes(type);
        }

        /// <summary>The assembly's module initialisers run before any of its code: a delegate one registers is reached.</summary>
        void Assembly(Assembly assembly)
        {
            if (!assemblies.Add(assembly)) return;
            foreach (var initializer in ModuleInitializers.GetOrAdd(assembly, FindModuleInitializers)) Method(initializer);
        }

        static IReadOnlyList<MethodInfo> FindModuleInitializers(Assembly assembly)
        {
            Type[] all;
            try
            {
                all = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                all = [.. e.Types.OfType<Type>()];
            }
            return [.. all.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
                .Where(m => m.IsDefined(typeof(System.Runtime.CompilerServices.ModuleInitializerAttribute), inherit: false))];
        }

        /// <summary>
        /// The attributes of the type and its members, hashed as data (an argument read at run time, [Gain(0.01)], is an
        /// input); the types they name are reached ([JsonDerivedType(typeof(Adam))] makes the serializer build an Adam).
        /// </summary>
        void Attributes(Type type)
        {
            var text = new StringBuilder(AttributesPrefix).Append(IlText.Normalise(IlText.TypeName(type))).Append('\n');
            var members = new MemberInfo[] { type }.Concat(type.GetMembers(Declared).Where(m => m is not System.Type));
            foreach (var member in members)
            {
                IList<CustomAttributeData> data;
                try
                {
                    data = member.GetCustomAttributesData();
                }
                catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException)
                {
                    continue; // an attribute from an assembly that is not deployed: nothing runs it
                }
                var parameters = member is MethodBase method ? method.GetParameters().SelectMany(p => p.GetCustomAttributesData()) : [];
                foreach (var attribute in data.Concat(parameters))
                {
                    text.Append(IlText.Normalise(member.Name)).Append(' ').Append(IlText.Normalise(attribute.ToString())).Append('\n');
                    Type(attribute.AttributeType);
                    var arguments = attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(n => n.TypedValue));
                    foreach (var argument in arguments)
                        if (argument.Value is Type named) Type(named);
                }
            }
            attributeTexts.Add(text.ToString());
        }

        public void Method(MethodBase method)
        {
            if (method is MethodInfo { IsGenericMethod: true, IsGenericMethodDefinition: false } instance)
                foreach (var argument in instance.GetGenericArguments()) Type(argument);
            if (method.DeclaringType is { IsGenericType: true, IsGenericTypeDefinition: false } || method is MethodInfo { IsGenericMethod: true, IsGenericMethodDefinition: false })
            {
                Type(method.DeclaringType);
                // A method of a constructed generic: its definition holds the IL (the arguments were reached above).
                method = method.Module.ResolveMethod(method.MetadataToken) ?? method;
            }
            if (method is MethodInfo { IsGenericMethodDefinition: true } definition)
                foreach (var parameter in definition.GetGenericArguments()) Type(parameter);
            Type(method.DeclaringType);
            if (AssemblyOrigin.Of(method.Module.Assembly).Kind != OriginKind.Code) return;
            if (method == keyOf) return;
            if (methods.Add(method)) pending.Enqueue(method);
        }
    }
}

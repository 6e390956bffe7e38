using System.Reflection;
using System.Reflection.Emit;
using System.Text;
using System.Text.RegularExpressions;

namespace ReproSpec.Provenance;

/// <summary>
/// Renders a method body's IL with metadata tokens replaced by the names they refer to (raw tokens shift
/// whenever unrelated code is added to the same assembly, names do not), and lists the members it refers to.
/// </summary>
static partial class IlText
{
    static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The method's signature, locals, exception clauses and IL as text, the members its IL refers to, and what it reads that IL cannot name.</summary>
    public static MethodReading Read(MethodBase method)
    {
        var text = new StringBuilder();
        var references = new List<MemberInfo>();
        var findings = new List<Finding>();
        text.Append(Normalise(TypeName(method.DeclaringType))).Append("::").Append(Normalise(method.ToString() ?? method.Name)).Append('\n');
        var body = method.GetMethodBody();
        var il = body?.GetILAsByteArray();
        if (body is null || il is null) return new(text.Append("(no body)\n").ToString(), references, findings);
        text.Append("locals");
        foreach (var local in body.LocalVariables)
        {
            text.Append(' ').Append(Normalise(TypeName(local.LocalType)));
            references.Add(local.LocalType);
        }
        text.Append('\n');
        foreach (var clause in body.ExceptionHandlingClauses)
        {
            text.Append("try ").Append(clause.Flags).Append(' ').Append(clause.TryOffset).Append('+').Append(clause.TryLength)
                .Append(' ').Append(clause.HandlerOffset).Append('+').Append(clause.HandlerLength);
            if (clause.Flags == ExceptionHandlingClauseOptions.Clause)
            {
                text.Append(' ').Append(Normalise(TypeName(clause.CatchType)));
                if (clause.CatchType is { } caught) references.Add(caught);
            }
            else if (clause.Flags == ExceptionHandlingClauseOptions.Filter) text.Append(' ').Append(clause.FilterOffset);
            text.Append('\n');
        }
        AppendInstructions(method, il, text, references, findings);
        return new(text.Append('\n').ToString(), references, findings);
    }

    static void AppendInstructions(MethodBase method, byte[] il, StringBuilder text, List<MemberInfo> references, List<Finding> findings)
    {
        var at = 0;
        // The two instructions before the current one: enough to see a constant argument (ldstr "NAME"; call
        // GetEnvironmentVariable, or ldtoken T; call GetTypeFromHandle; call CreateInstance) without data flow.
        (OpCode Op, object? Operand) last = default, beforeLast = default;
        while (at < il.Length)
        {
            short value = il[at++];
            if (value == 0xFE && at < il.Length) value = (short)(0xFE00 | il[at++]);
            if (!OpCodesByValue.TryGetValue(value, out var op))
            {
                text.Append("?raw:").Append(Convert.ToHexString(il));
                return;
            }
            text.Append(op.Name);
            var operandSize = OperandSize(op.OperandType, il, at);
            object? operand = null;
            if (IsToken(op.OperandType) && at + 4 <= il.Length)
            {
                var count = references.Count;
                text.Append('(').Append(Normalise(ResolveToken(method, BitConverter.ToInt32(il, at), op.OperandType, references, out var literal))).Append(')');
                operand = literal is not null ? literal : references.Count > count ? references[^1] : null;
            }
            else if (operandSize > 0)
                text.Append('(').Append(Convert.ToHexString(il, at, Math.Min(operandSize, il.Length - at))).Append(')');
            text.Append(' ');
            at += operandSize;
            if (operand is MethodBase called && Classify(called, last, beforeLast) is { } finding) findings.Add(finding);
            (beforeLast, last) = (last, (op, operand));
        }
    }

    /// <summary>
    /// What a call does that the closure cannot follow: load or run code named at run time (reflection by name),
    /// or read an environment variable (by a constant name, whose value can enter the key, or by a computed one).
    /// </summary>
    static Finding? Classify(MethodBase called, (OpCode Op, object? Operand) last, (OpCode Op, object? Operand) beforeLast)
    {
        var type = called.DeclaringType?.FullName ?? "";
        var name = called.Name;
        var parameters = called.GetParameters();
        var member = $"{called.DeclaringType?.Name}.{name}({string.Join(", ", parameters.Select(p => p.ParameterType.Name))})";
        if (type == "System.Environment")
        {
            if (name == nameof(Environment.GetEnvironmentVariable))
            {
                // GetEnvironmentVariable(name) or (name, target): the name is the instruction before, or the one before that.
                var constant = parameters.Length == 1 ? last : beforeLast;
                return constant.Op == OpCodes.Ldstr && constant.Operand is string variable
                    ? new Finding(FindingKind.EnvironmentVariable, member, variable)
                    : new Finding(FindingKind.ComputedEnvironmentVariable, member, null);
            }
            if (name is nameof(Environment.GetEnvironmentVariables) or nameof(Environment.ExpandEnvironmentVariables))
                return new Finding(FindingKind.ComputedEnvironmentVariable, member, null);
            return null;
        }
        if (type == "System.Activator" && name is "CreateInstance" or "CreateInstanceFrom")
        {
            if (called.IsGenericMethod) return null; // new T(): T is a generic argument the closure reaches
            // Activator.CreateInstance(typeof(X), …): the type is a constant the closure reaches through ldtoken.
            var typeIsConstant = parameters.Length > 0 && parameters[0].ParameterType == typeof(Type)
                && ((last.Operand as MethodBase)?.Name == nameof(Type.GetTypeFromHandle) || (parameters.Length > 1 && (beforeLast.Operand as MethodBase)?.Name == nameof(Type.GetTypeFromHandle)));
            return typeIsConstant ? null : new Finding(FindingKind.Reflection, member, null);
        }
        var reflective = type switch
        {
            "System.Type" => name is "GetType" && parameters.Length > 0 && parameters[0].ParameterType == typeof(string) || name is "InvokeMember",
            "System.Reflection.Assembly" => name is "Load" or "LoadFrom" or "LoadFile" or "UnsafeLoadFrom" or "LoadWithPartialName" or "CreateInstance" or "GetType",
            "System.Reflection.Module" => name is "GetType",
            "System.Reflection.MethodBase" or "System.Reflection.MethodInfo" or "System.Reflection.ConstructorInfo" => name is "Invoke",
            "System.Delegate" => name is "CreateDelegate" or "DynamicInvoke",
            "System.Reflection.Emit.DynamicMethod" => name is ".ctor",
            "System.Runtime.Loader.AssemblyLoadContext" => name.StartsWith("LoadFrom", StringComparison.Ordinal),
            "System.AppDomain" => name is "Load" or "ExecuteAssembly" || name.StartsWith("CreateInstance", StringComparison.Ordinal),
            _ => false,
        };
        return reflective ? new Finding(FindingKind.Reflection, member, null) : null;
    }

    /// <summary>
    /// A type's name with its namespace, declaring types and generic arguments, without assembly names or
    /// versions (those would change every key when an assembly's version is bumped).
    /// </summary>
    public static string TypeName(Type? type)
    {
        if (type is null) return "?";
        if (type.IsGenericParameter) return (type.DeclaringMethod is null ? "!" : "!!") + type.GenericParameterPosition;
        if (type.HasElementType)
        {
            var element = TypeName(type.GetElementType());
            return type.IsArray ? element + "[" + new string(',', type.GetArrayRank() - 1) + "]" : type.IsByRef ? element + "&" : element + "*";
        }
        var name = type.IsNested ? TypeName(type.DeclaringType) + "+" + type.Name : (type.Namespace is { } ns ? ns + "." : "") + type.Name;
        if (!type.IsGenericType || type.IsGenericTypeDefinition) return name;
        return name + "[" + string.Join(",", type.GetGenericArguments().Select(TypeName)) + "]";
    }

    /// <summary>
    /// Drops the method ordinals from compiler-generated names (<c>&lt;Run&gt;b__5_0</c>, <c>&lt;&gt;c__DisplayClass5_0</c>,
    /// <c>&lt;Load&gt;d__5</c>, <c>&lt;Run&gt;g__Local|5_0</c>): they count the methods declared before, so adding an
    /// unrelated method to a class would otherwise rename every lambda after it. What the lambda does is hashed anyway.
    /// </summary>
    /// <remarks>
    /// Also drops the checksum from file-local type names (<c>&lt;RegexGenerator_g&gt;F1D5B9…__Name</c>, the names of
    /// <c>file</c> types and of [GeneratedRegex] helpers): it is a hash of the source file's full path, so the same
    /// commit cloned into another folder would otherwise get other run keys.
    /// </remarks>
    public static string Normalise(string text) =>
        text.Contains('<', StringComparison.Ordinal) ? FileLocalChecksum().Replace(CompilerOrdinal().Replace(text, "#"), ">F__") : text;

    [GeneratedRegex(@"(?<=<[^<>]*>[a-z0-9]__(?:DisplayClass|[^|<>()\s]*\|)?)\d+")]
    private static partial Regex CompilerOrdinal();

    [GeneratedRegex(@">F[0-9A-F]{64}__")]
    private static partial Regex FileLocalChecksum();

    static bool IsToken(OperandType type) => type is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType
        or OperandType.InlineTok or OperandType.InlineString or OperandType.InlineSig;

    static int OperandSize(OperandType type, byte[] il, int at) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };

    static string ResolveToken(MethodBase method, int token, OperandType type, List<MemberInfo> references, out string? literal)
    {
        literal = null;
        try
        {
            var module = method.Module;
            var typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
            var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
            if (type == OperandType.InlineString)
            {
                literal = module.ResolveString(token);
                return "\"" + literal + "\"";
            }
            // A calli signature's bytes hold raw tokens, which shift when unrelated code is added.
            if (type == OperandType.InlineSig) return "sig";
            if (module.ResolveMember(token, typeArgs, methodArgs) is not { } member) return "?";
            references.Add(member);
            return member is Type t ? TypeName(t) : $"{TypeName(member.DeclaringType)}::{member}";
        }
        catch (Exception e) when (e is ArgumentException or TypeLoadException or MissingMemberException or FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            // A member of an assembly that is not deployed (an optional dependency): there is nothing to follow.
            return "?";
        }
    }
}

/// <summary>One method's IL text, the members it names, and what it does that the names alone do not show.</summary>
record MethodReading(string Text, IReadOnlyList<MemberInfo> References, IReadOnlyList<Finding> Findings);

enum FindingKind
{
    /// <summary>Loads or runs code named at run time: the closure cannot tell which.</summary>
    Reflection,
    /// <summary>Reads an environment variable whose name is a constant: its value can enter the key.</summary>
    EnvironmentVariable,
    /// <summary>Reads an environment variable whose name is computed (or all of them): reported, not keyed.</summary>
    ComputedEnvironmentVariable,
}

/// <summary>A call the closure cannot follow by names alone.</summary>
/// <param name="Kind">What the call does.</param>
/// <param name="Member">The API called, e.g. "Type.GetType(String)".</param>
/// <param name="Variable">The variable's name for <see cref="FindingKind.EnvironmentVariable"/>.</param>
record Finding(FindingKind Kind, string Member, string? Variable);

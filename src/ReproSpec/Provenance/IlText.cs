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

    /// <summary>The method's signature, locals, exception clauses and IL as text, and the members its IL refers to.</summary>
    public static (string Text, IReadOnlyList<MemberInfo> References) Read(MethodBase method)
    {
        var text = new StringBuilder();
        var references = new List<MemberInfo>();
        text.Append(Normalise(TypeName(method.DeclaringType))).Append("::").Append(Normalise(method.ToString() ?? method.Name)).Append('\n');
        var body = method.GetMethodBody();
        var il = body?.GetILAsByteArray();
        if (body is null || il is null) return (text.Append("(no body)\n").ToString(), references);
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
        AppendInstructions(method, il, text, references);
        return (text.Append('\n').ToString(), references);
    }

    static void AppendInstructions(MethodBase method, byte[] il, StringBuilder text, List<MemberInfo> references)
    {
        var at = 0;
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
            if (IsToken(op.OperandType) && at + 4 <= il.Length)
                text.Append('(').Append(Normalise(ResolveToken(method, BitConverter.ToInt32(il, at), op.OperandType, references))).Append(')');
            else if (operandSize > 0)
                text.Append('(').Append(Convert.ToHexString(il, at, Math.Min(operandSize, il.Length - at))).Append(')');
            text.Append(' ');
            at += operandSize;
        }
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
    public static string Normalise(string text) => text.Contains('<', StringComparison.Ordinal) ? CompilerOrdinal().Replace(text, "#") : text;

    [GeneratedRegex(@"(?<=<[^<>]*>[a-z0-9]__(?:DisplayClass|[^|<>()\s]*\|)?)\d+")]
    private static partial Regex CompilerOrdinal();

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

    static string ResolveToken(MethodBase method, int token, OperandType type, List<MemberInfo> references)
    {
        try
        {
            var module = method.Module;
            var typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
            var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
            if (type == OperandType.InlineString) return "\"" + module.ResolveString(token) + "\"";
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

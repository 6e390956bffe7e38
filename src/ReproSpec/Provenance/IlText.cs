using System.Reflection;
using System.Reflection.Emit;
using System.Text;

namespace ReproSpec.Provenance;

/// <summary>
/// Renders a method body's IL with metadata tokens replaced by the names they refer to: raw tokens shift
/// whenever unrelated code is added to the same assembly, names do not.
/// </summary>
static class IlText
{
    static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    public static string Describe(MethodBase method)
    {
        var body = method.GetMethodBody();
        var il = body?.GetILAsByteArray();
        if (il is null) return "(no body)";
        var text = new StringBuilder();
        var at = 0;
        while (at < il.Length)
        {
            short value = il[at++];
            if (value == 0xFE && at < il.Length) value = (short)(0xFE00 | il[at++]);
            if (!OpCodesByValue.TryGetValue(value, out var op))
                return text.Append("?raw:").Append(Convert.ToHexString(il)).ToString();
            text.Append(op.Name);
            var operandSize = OperandSize(op.OperandType, il, at);
            if (IsToken(op.OperandType) && at + 4 <= il.Length)
                text.Append('(').Append(ResolveToken(method, BitConverter.ToInt32(il, at), op.OperandType)).Append(')');
            else if (operandSize > 0)
                text.Append('(').Append(Convert.ToHexString(il, at, Math.Min(operandSize, il.Length - at))).Append(')');
            text.Append(' ');
            at += operandSize;
        }
        return text.ToString();
    }

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

    static string ResolveToken(MethodBase method, int token, OperandType type)
    {
        try
        {
            var module = method.Module;
            var typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
            var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
            return type switch
            {
                OperandType.InlineString => "\"" + module.ResolveString(token) + "\"",
                OperandType.InlineSig => "sig",
                _ => module.ResolveMember(token, typeArgs, methodArgs) is { } member
                    ? $"{member.DeclaringType?.FullName}::{member}"
                    : "?",
            };
        }
        catch (ArgumentException)
        {
            return "?";
        }
    }
}

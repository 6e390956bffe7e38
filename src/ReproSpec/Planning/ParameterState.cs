using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json.Serialization;

namespace ReproSpec.Planning;

/// <summary>
/// An experiment's whole state as text: every instance field (backing fields included, through base types) and,
/// where a value's runtime type is not its declared type, that type. The JSON form can miss state (a public
/// field, an internal property, a subtype written as its base), so the run key and the round-trip check use this.
/// </summary>
static class ParameterState
{
    const BindingFlags Instance = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly;
    const int MaxDepth = 24;

    /// <summary>State that no text can stand for (a delegate, a handle, a stream): the member and why.</summary>
    public sealed class Unrepresentable(string member, string what) : Exception($"{member} holds {what}")
    {
        public string Member { get; } = member;
        public string What { get; } = what;
    }

    /// <summary>Each state member of <paramref name="value"/> (a property's name for its backing field) and its text.</summary>
    public static IReadOnlyList<(string Member, string Text)> Members(object value)
    {
        var members = new List<(string, string)>();
        foreach (var field in Fields(value.GetType()))
        {
            var name = MemberName(field);
            var text = new StringBuilder();
            Append(text, field.GetValue(value), field.FieldType, name, 0);
            members.Add((name, text.ToString()));
        }
        return members;
    }

    /// <summary>The whole state as one text.</summary>
    public static string Of(object value) => string.Join("\n", Members(value).Select(m => $"{m.Member}={m.Text}"));

    /// <summary>Instance fields of the type and its bases, except those of [JsonIgnore] properties or marked [JsonIgnore] themselves.</summary>
    static IEnumerable<FieldInfo> Fields(Type type)
    {
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            foreach (var field in t.GetFields(Instance).OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                if (field.IsDefined(typeof(JsonIgnoreAttribute))) continue;
                if (PropertyOf(field) is { } property && property.GetCustomAttribute<JsonIgnoreAttribute>() is { Condition: JsonIgnoreCondition.Always }) continue;
                // How a run is controlled (its timeout, an install hint) is not what it computes: out of the key.
                if (PropertyOf(field)?.GetCustomAttribute<Claims.RunControlAttribute>(inherit: true) is not null) continue;
                yield return field;
            }
    }

    static PropertyInfo? PropertyOf(FieldInfo field) =>
        field.Name.StartsWith('<') && field.Name.EndsWith(">k__BackingField", StringComparison.Ordinal)
            ? field.DeclaringType?.GetProperty(field.Name[1..field.Name.IndexOf('>', StringComparison.Ordinal)], Instance)
            : null;

    /// <summary>"Gain" for a property's backing field, the field's own name otherwise.</summary>
    public static string MemberName(FieldInfo field) => PropertyOf(field)?.Name ?? field.Name;

    static void Append(StringBuilder text, object? value, Type declared, string path, int depth)
    {
        if (value is null)
        {
            text.Append("null");
            return;
        }
        if (depth > MaxDepth) throw new Unrepresentable(path, $"state nested deeper than {MaxDepth} levels (a cycle?)");
        var type = value.GetType();
        // The runtime type, where it is not the declared one: new Sched() and new FastSched() in a Sched parameter differ.
        // Not for collections: a collection expression builds a compiler type, the serializer a List or an array, with the same items.
        if (type != declared && Nullable.GetUnderlyingType(declared) != type && !(value is IEnumerable && value is not string))
            text.Append('<').Append(type.FullName).Append('>');
        switch (value)
        {
            case string s:
                text.Append('"').Append(s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                return;
            case double d:
                text.Append(d.ToString("R", CultureInfo.InvariantCulture));
                return;
            case float f:
                text.Append(f.ToString("R", CultureInfo.InvariantCulture));
                return;
            case Enum or bool or char:
                text.Append(value);
                return;
            case IFormattable formattable when type.IsPrimitive || value is decimal or DateTime or DateTimeOffset or TimeSpan or Guid or DateOnly or TimeOnly:
                text.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                return;
            case Delegate:
                throw new Unrepresentable(path, "a delegate");
            case Type:
                throw new Unrepresentable(path, "a Type");
            case MemberInfo or Assembly or Stream or IntPtr or UIntPtr or System.Runtime.InteropServices.SafeHandle or Task or CancellationToken or WaitHandle:
                throw new Unrepresentable(path, $"a {type.Name}");
            case IEnumerable items:
                // By its items: a List's spare capacity and version counter are not state the run sees.
                text.Append('[');
                var element = ElementType(type);
                var i = 0;
                foreach (var item in items)
                {
                    if (i > 0) text.Append(',');
                    Append(text, item, element ?? item?.GetType() ?? typeof(object), $"{path}[{i}]", depth + 1);
                    i++;
                }
                text.Append(']');
                return;
        }
        if (type.IsPointer) throw new Unrepresentable(path, "a pointer");
        text.Append('{');
        var first = true;
        foreach (var field in Fields(type))
        {
            if (!first) text.Append(',');
            first = false;
            var name = MemberName(field);
            text.Append(name).Append('=');
            Append(text, field.GetValue(value), field.FieldType, $"{path}.{name}", depth + 1);
        }
        text.Append('}');
    }

    static Type? ElementType(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        var enumerable = type.GetInterfaces().Concat([type]).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }
}

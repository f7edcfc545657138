using System.Collections;
using System.Globalization;
using System.Reflection;

namespace Mine.Hosting;

/// <summary>What a key under "Mine" holds: one value, a list of values, or a section of further keys.</summary>
internal enum OptionShape
{
    Value,
    List,
    Section,

    /// <summary>Names chosen by the user (group names), each a section of the same keys (<see cref="OptionKeys.Entry"/>).</summary>
    Map,
}

/// <summary>One key of <see cref="MineOptions"/> (found by reflection, nested settings included): its full key
/// (<c>Mine:Fleet:GroupRules</c>), the type of its value (of an element for a list), and its default.</summary>
internal sealed class OptionKey
{
    private readonly Dictionary<string, OptionKey> _children = new(StringComparer.OrdinalIgnoreCase);

    public OptionKey(string key, string name, Type valueType, OptionShape shape, object? defaultValue)
    {
        Key = key;
        Name = name;
        ValueType = valueType;
        Shape = shape;
        Default = defaultValue;
    }

    public string Key { get; }

    /// <summary>The property's name, the last part of the key.</summary>
    public string Name { get; }

    public Type ValueType { get; }

    public OptionShape Shape { get; }

    public object? Default { get; }

    /// <summary>The keys of a section, in declaration order.</summary>
    public IReadOnlyList<OptionKey> Children { get; private set; } = [];

    /// <summary>The environment variable that sets this key: <c>MINE__FLEET__GROUPRULES</c> (a list's elements add
    /// <c>__0</c>, <c>__1</c>…).</summary>
    public string EnvironmentVariable => Key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant();

    /// <summary>Whether the value is a secret that `mine config check` does not print (a token, a password; not the
    /// path of a file holding one).</summary>
    public bool Secret => !Name.EndsWith("File", StringComparison.Ordinal) && (Name.Contains("Token", StringComparison.Ordinal) || Name.Contains("Password", StringComparison.Ordinal) || Name.Contains("Secret", StringComparison.Ordinal));

    public OptionKey? Child(string name) => _children.GetValueOrDefault(name);

    internal void SetChildren(List<OptionKey> children)
    {
        Children = children;
        foreach (var child in children)
        {
            _children[child.Name] = child;
        }
    }
}

/// <summary>Every key of section "Mine", read from <see cref="MineOptions"/> by reflection, so that validation,
/// `mine config check` and the config reference's test know each key without a list kept by hand.</summary>
internal static class OptionKeys
{
    private static readonly Lazy<OptionKey> RootKey = new(static () => Describe(MineOptions.Section, MineOptions.Section, typeof(MineOptions), new MineOptions()));

    /// <summary>The section "Mine" itself, whose children are MineOptions' properties.</summary>
    public static OptionKey Root => RootKey.Value;

    /// <summary>Every key that holds a value or a list, depth first in declaration order.</summary>
    public static IEnumerable<OptionKey> Leaves => LeavesOf(Root);

    /// <summary>The key <paramref name="key"/> (<c>Mine:Fleet:GroupRules</c>, any case), or null.</summary>
    public static OptionKey? Find(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split(':');
        if (!parts[0].Equals(MineOptions.Section, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var node = Root;
        foreach (var part in parts.Skip(1))
        {
            if (node.Child(part) is not { } child)
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    /// <summary>The keys of one entry <paramref name="name"/> of a map (<c>Mine:Landmines:Groups:web</c>): a section
    /// of the map's value type, without defaults (an entry's missing key takes the value outside the map).</summary>
    public static OptionKey Entry(OptionKey map, string name) => Describe($"{map.Key}:{name}", name, map.ValueType, null);

    /// <summary>A value as a config file or flag writes it: invariant numbers, <c>true</c>/<c>false</c>, lists as
    /// <c>[a, b]</c>, nothing as <c>(none)</c>, an empty text as <c>""</c>.</summary>
    public static string Format(object? value) => value switch
    {
        null => "(none)",
        string { Length: 0 } => "\"\"",
        string text => text,
        bool flag => flag ? "true" : "false",
        IDictionary map => "{" + string.Join(", ", map.Keys.Cast<object?>().Select(Format)) + "}",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Format)) + "]",
        _ => value.ToString() ?? "",
    };

    /// <summary>Whether a property of this type is a section of further keys (a settings class of Mine's).</summary>
    private static bool IsSection(Type type) => type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("Mine", StringComparison.Ordinal) == true;

    private static OptionKey Describe(string key, string name, Type type, object? value)
    {
        var node = new OptionKey(key, name, type, OptionShape.Section, value);
        var children = new List<OptionKey>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(static p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0))
        {
            var childKey = $"{key}:{property.Name}";
            var childValue = value is null ? null : property.GetValue(value);
            var propertyType = property.PropertyType;
            if (IsSection(propertyType))
            {
                children.Add(Describe(childKey, property.Name, propertyType, childValue));
            }
            else if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                children.Add(new OptionKey(childKey, property.Name, propertyType.GetGenericArguments()[1], OptionShape.Map, childValue));
            }
            else if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(List<>))
            {
                children.Add(new OptionKey(childKey, property.Name, propertyType.GetGenericArguments()[0], OptionShape.List, childValue));
            }
            else
            {
                children.Add(new OptionKey(childKey, property.Name, Nullable.GetUnderlyingType(propertyType) ?? propertyType, OptionShape.Value, childValue));
            }
        }

        node.SetChildren(children);
        return node;
    }

    private static IEnumerable<OptionKey> LeavesOf(OptionKey node)
    {
        foreach (var child in node.Children)
        {
            if (child.Shape == OptionShape.Section)
            {
                foreach (var leaf in LeavesOf(child))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return child;
            }
        }
    }
}

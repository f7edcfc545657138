using System.Text;

namespace Mine.Storage.Schemas;

/// <summary>
/// Reads carbon's INI files the way carbon does: Python 3's <c>ConfigParser</c> (defaults) plus carbon's
/// <c>OrderedConfigParser</c>, which lists sections in file order.
/// </summary>
/// <remarks>
/// Reproduced: full-line comments starting with '#' or ';' (no inline comments, so <c>pattern = x # y</c> keeps
/// <c># y</c>); <c>key = value</c> or <c>key: value</c> split at the first delimiter; keys case-insensitive;
/// continuation lines indented deeper than their key; <c>[DEFAULT]</c> options inherited by every section (and
/// DEFAULT itself listed as a section, as OrderedConfigParser does); duplicate sections or keys rejected;
/// BasicInterpolation (<c>%%</c> is '%', <c>%(key)s</c> substitutes, any other '%' is an error, and every value of
/// a section is interpolated because carbon reads them all with <c>items()</c>).
/// A section whose header line has text after ']' is parsed by ConfigParser but not listed by
/// OrderedConfigParser, so carbon ignores it; here it is ignored too, with a warning.
/// </remarks>
internal sealed class CarbonConfigFile
{
    private const string DefaultSection = "DEFAULT";
    private const int MaxInterpolationDepth = 10; // configparser.MAX_INTERPOLATION_DEPTH

    private CarbonConfigFile(List<Section> sections, List<string> warnings)
    {
        Sections = sections;
        Warnings = warnings;
    }

    /// <summary>Listed sections in file order; options already merged with DEFAULT and interpolated.</summary>
    public IReadOnlyList<Section> Sections { get; }

    public IReadOnlyList<string> Warnings { get; }

    public static CarbonConfigFile Parse(string text, string sourceName)
    {
        var raw = new List<RawSection>();
        var warnings = new List<string>();
        RawSection? current = null;
        RawSection? defaults = null;
        string? option = null;
        var indentOfOption = 0;
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var lineNumber = index + 1;
            var line = lines[index].TrimEnd('\r');
            var stripped = line.Trim();
            if (stripped.StartsWith('#') || stripped.StartsWith(';'))
            {
                continue;
            }

            if (stripped.Length == 0)
            {
                if (current is not null && option is not null)
                {
                    current.Values[option].Lines.Add(string.Empty); // kept inside multi-line values, trimmed at the end
                }

                continue;
            }

            var indent = line.Length - line.TrimStart().Length;
            if (current is not null && option is not null && indent > indentOfOption)
            {
                current.Values[option].Lines.Add(stripped);
                continue;
            }

            indentOfOption = indent;
            if (stripped[0] == '[' && stripped.LastIndexOf(']') > 1)
            {
                var close = stripped.LastIndexOf(']');
                var name = stripped[1..close];
                option = null;
                if (name == DefaultSection)
                {
                    defaults ??= new RawSection(name, lineNumber, Listed: close == stripped.Length - 1);
                    current = defaults;
                    if (!raw.Contains(defaults))
                    {
                        raw.Add(defaults);
                    }

                    continue;
                }

                if (raw.Exists(s => s.Name == name))
                {
                    throw new StorageConfigException($"{sourceName}:{lineNumber}: section [{name}] already exists");
                }

                current = new RawSection(name, lineNumber, Listed: close == stripped.Length - 1);
                raw.Add(current);
                if (!current.Listed)
                {
                    warnings.Add($"{sourceName}:{lineNumber}: section [{name}] is ignored, as carbon ignores it: its header line has text after ']'");
                }

                continue;
            }

            if (current is null)
            {
                throw new StorageConfigException($"{sourceName}:{lineNumber}: '{stripped}' comes before any [section] header");
            }

            var delimiter = stripped.IndexOfAny(['=', ':']);
            if (delimiter <= 0 || stripped[..delimiter].Trim().Length == 0)
            {
                throw new StorageConfigException($"{sourceName}:{lineNumber}: expected 'key = value', found '{stripped}'");
            }

            option = stripped[..delimiter].Trim().ToLowerInvariant();
            if (!current.Values.TryAdd(option, new RawValue(lineNumber, [stripped[(delimiter + 1)..].Trim()])))
            {
                throw new StorageConfigException($"{sourceName}:{lineNumber}: option '{option}' in section [{current.Name}] already exists");
            }
        }

        var sections = new List<Section>();
        foreach (var section in raw.Where(static s => s.Listed))
        {
            sections.Add(Resolve(section, defaults, sourceName));
        }

        return new CarbonConfigFile(sections, warnings);
    }

    private static Section Resolve(RawSection section, RawSection? defaults, string sourceName)
    {
        var merged = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
        foreach (var source in new[] { defaults, section })
        {
            if (source is null)
            {
                continue;
            }

            foreach (var (key, value) in source.Values)
            {
                merged[key] = (string.Join('\n', value.Lines).TrimEnd(), value.Line);
            }
        }

        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, (value, line)) in merged)
        {
            resolved[key] = Interpolate(value, merged, 1, sourceName, section.Name, key, line);
        }

        return new Section(section.Name, section.Line, resolved);
    }

    private static string Interpolate(
        string value,
        Dictionary<string, (string Value, int Line)> options,
        int depth,
        string sourceName,
        string section,
        string key,
        int line)
    {
        if (depth > MaxInterpolationDepth)
        {
            throw new StorageConfigException(
                $"{sourceName}:{line}: [{section}] {key}: interpolation nested more than {MaxInterpolationDepth} deep");
        }

        var result = new StringBuilder();
        var rest = value.AsSpan();
        while (true)
        {
            var percent = rest.IndexOf('%');
            if (percent < 0)
            {
                result.Append(rest);
                return result.ToString();
            }

            result.Append(rest[..percent]);
            rest = rest[percent..];
            if (rest.StartsWith("%%"))
            {
                result.Append('%');
                rest = rest[2..];
                continue;
            }

            var close = rest.IndexOf(")s", StringComparison.Ordinal);
            if (!rest.StartsWith("%(") || close < 3 || rest[2..close].Contains(')'))
            {
                throw new StorageConfigException(
                    $"{sourceName}:{line}: [{section}] {key}: '%' must be followed by '%' or '(name)s' " +
                    $"(carbon's config parser interpolates values; write '%%' for a literal '%'), found '{rest}'");
            }

            var reference = rest[2..close].ToString().ToLowerInvariant();
            if (!options.TryGetValue(reference, out var referenced))
            {
                throw new StorageConfigException(
                    $"{sourceName}:{line}: [{section}] {key}: '%({reference})s' refers to an option that does not exist");
            }

            result.Append(referenced.Value.Contains('%')
                ? Interpolate(referenced.Value, options, depth + 1, sourceName, section, key, line)
                : referenced.Value);
            rest = rest[(close + 2)..];
        }
    }

    /// <summary>A section as carbon sees it.</summary>
    internal sealed record Section(string Name, int Line, IReadOnlyDictionary<string, string> Options);

    private sealed record RawSection(string Name, int Line, bool Listed)
    {
        public Dictionary<string, RawValue> Values { get; } = new(StringComparer.Ordinal);
    }

    private sealed record RawValue(int Line, List<string> Lines);
}

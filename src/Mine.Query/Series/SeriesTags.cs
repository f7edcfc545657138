using System.Text.RegularExpressions;
using Mine.Core.Text;

namespace Mine.Query.Series;

/// <summary>
/// The tags graphite-web gives a series it builds from a name (datalib.py <c>TimeSeries.__init__</c> with the
/// default tag database, which calls tags/utils.py <c>TaggedSeries.parse</c>). Insertion order is kept because
/// it is the key order of the "tags" object in render JSON.
/// </summary>
public static partial class SeriesTags
{
    /// <summary>
    /// <c>{"name": name}</c> for a function-wrapped name such as "sumSeries(a.*)"; otherwise the parsed carbon
    /// ("a.b;k=v": tags in written order, then "name" with leading '~' stripped) or OpenMetrics
    /// ("a_b{k=\"v\"}") form; if parsing fails, <c>{"name": name}</c> again.
    /// </summary>
    public static OrderedDictionary<string, string> Parse(string name)
    {
        // Plain paths (no tags, no OpenMetrics braces, no leading '~') parse to {"name": name} whatever the regex
        // says: the common case, answered without the regex and the split.
        if (IsPlainPath(name))
        {
            return new OrderedDictionary<string, string>(1, StringComparer.Ordinal) { ["name"] = name };
        }

        if (!FunctionWrappedName().IsMatch(name))
        {
            var parsed = name.EndsWith("\"}", StringComparison.Ordinal) && name.Contains('{', StringComparison.Ordinal)
                ? TryParseOpenMetrics(name)
                : TryParseCarbon(name);
            if (parsed is not null)
            {
                return parsed;
            }
        }

        return new OrderedDictionary<string, string>(StringComparer.Ordinal) { ["name"] = name };
    }

    /// <summary>Whether <see cref="Parse"/> gives exactly <c>{"name": name}</c> without looking further.</summary>
    internal static bool IsPlainPath(string name) => name.Length > 0 && name[0] != '~' && name.AsSpan().IndexOfAny(';', '{') < 0;

    /// <summary>TaggedSeries.parse_carbon: "metric;tag=value;...".</summary>
    private static OrderedDictionary<string, string>? TryParseCarbon(string path)
    {
        var segments = path.Split(';');
        var metric = segments[0];
        if (metric.Length == 0)
        {
            return null;
        }

        var tags = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var segment in segments.AsSpan(1))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return null;
            }

            var tag = segment[..equals];
            var value = segment[(equals + 1)..];
            if (!IsValidTagAndValue(tag, value))
            {
                return null;
            }

            tags[tag] = value;
        }

        return WithName(tags, metric);
    }

    /// <summary>TaggedSeries.parse_openmetrics: 'metric{tag="value",...}'.</summary>
    private static OrderedDictionary<string, string>? TryParseOpenMetrics(string path)
    {
        // path[0:-1].split('{', 2) unpacked into two names: a second '{' makes graphite-web give up.
        var body = path[..^1];
        var brace = body.IndexOf('{', StringComparison.Ordinal);
        if (body.IndexOf('{', brace + 1) >= 0)
        {
            return null;
        }

        var metric = body[..brace];
        var rawTags = body[(brace + 1)..];
        if (metric.Length == 0)
        {
            return null;
        }

        var tags = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        while (rawTags.Length > 0)
        {
            var match = OpenMetricsTag().Match(rawTags);
            if (!match.Success)
            {
                return null;
            }

            var tag = match.Groups[1].Value;
            var value = match.Groups[2].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace(@"\\", @"\", StringComparison.Ordinal);
            if (!IsValidTagAndValue(tag, value))
            {
                return null;
            }

            tags[tag] = value;
            rawTags = rawTags[match.Length..];
        }

        return WithName(tags, metric);
    }

    /// <summary>sanitize_name_as_tag_value: the metric without leading '~'; an empty result is an error.</summary>
    private static OrderedDictionary<string, string>? WithName(OrderedDictionary<string, string> tags, string metric)
    {
        var sanitized = metric.TrimStart('~');
        if (sanitized.Length == 0)
        {
            return null;
        }

        tags["name"] = sanitized;
        return tags;
    }

    /// <summary>TaggedSeries.validateTagAndValue.</summary>
    private static bool IsValidTagAndValue(string tag, string value)
        => tag.Length > 0
            && value.Length > 0
            && tag.IndexOfAny([';', '!', '^', '=']) < 0
            && !value.Contains(';', StringComparison.Ordinal)
            && value[0] != '~';

    [GeneratedRegex("^[a-z]+[(].+[)]$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, RegexLimits.MatchMilliseconds)]
    private static partial Regex FunctionWrappedName();

    // The "(:?,|$)" is graphite-web's own (it accepts ":," too); kept as written.
    [GeneratedRegex("""^([^=]+)="((?:[\\]["\\]|[^"\\])+)"(:?,|$)""", RegexOptions.CultureInvariant, RegexLimits.MatchMilliseconds)]
    private static partial Regex OpenMetricsTag();
}

using System.Text;
using System.Text.RegularExpressions;
using Mine.Core.Errors;
using Mine.Core.Text;

namespace Mine.Storage.Index;

/// <summary>
/// graphite-web's <c>TaggedSeries.parse(path).path</c>: the canonical name of a series given as
/// <c>metric;tag=value;...</c> or in OpenMetrics form <c>metric{tag="value",...}</c>. The metric loses leading '~'
/// and becomes the <c>name</c> tag (replacing any explicit one); the other tags are ordered as Python sorts the
/// strings <c>";tag=value"</c>. Used by /tags/tagSeries; ingestion canonicalises with the same rules on bytes.
/// </summary>
public static partial class TaggedSeriesName
{
    /// <exception cref="MineUserException">The path breaks graphite-web's rules; the message is graphite-web's.</exception>
    public static string Canonicalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var (metric, tags) = path.EndsWith("\"}", StringComparison.Ordinal) && path.Contains('{', StringComparison.Ordinal)
            ? ParseOpenMetrics(path)
            : ParseCarbon(path);
        var name = metric.TrimStart('~');
        if (name.Length == 0)
        {
            throw new MineUserException($"Cannot use metric name {metric} as tag value, results in emptry string");
        }

        var segments = new List<string>(tags.Count);
        foreach (var (tag, value) in tags)
        {
            if (tag != TagIndex.NameTag)
            {
                segments.Add(";" + tag + "=" + value);
            }
        }

        segments.Sort(CodePointComparer.Instance);
        var canonical = new StringBuilder(name);
        foreach (var segment in segments)
        {
            canonical.Append(segment);
        }

        return canonical.ToString();
    }

    private static (string Metric, Dictionary<string, string> Tags) ParseCarbon(string path)
    {
        var segments = path.Split(';');
        var metric = segments[0];
        if (metric.Length == 0)
        {
            throw new MineUserException($"Cannot parse path {path}, no metric found");
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var segment in segments.AsSpan(1))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new MineUserException($"Cannot parse path {path}, invalid segment {segment}");
            }

            var tag = segment[..equals];
            var value = segment[(equals + 1)..];
            Validate(tag, value);
            tags[tag] = value;
        }

        return (metric, tags);
    }

    private static (string Metric, Dictionary<string, string> Tags) ParseOpenMetrics(string path)
    {
        // Python: (metric, rawtags) = path[0:-1].split('{', 2), which fails to unpack on a second '{'.
        var parts = path[..^1].Split('{', 3);
        if (parts.Length != 2)
        {
            throw new MineUserException($"too many values to unpack (expected 2) in path {path}");
        }

        var (metric, rawTags) = (parts[0], parts[1]);
        if (metric.Length == 0)
        {
            throw new MineUserException($"Cannot parse path {path}, no metric found");
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        while (rawTags.Length > 0)
        {
            var match = OpenMetricsSegment().Match(rawTags);
            if (!match.Success)
            {
                throw new MineUserException($"Cannot parse path {path}, invalid segment {rawTags}");
            }

            var tag = match.Groups[1].Value;
            var value = match.Groups[2].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
            Validate(tag, value);
            tags[tag] = value;
            rawTags = rawTags[match.Length..];
        }

        return (metric, tags);
    }

    /// <summary>TaggedSeries.validateTagAndValue, with its messages.</summary>
    private static void Validate(string tag, string value)
    {
        if (tag.Length == 0)
        {
            throw new MineUserException("Tag may not be empty");
        }

        if (value.Length == 0)
        {
            throw new MineUserException($"Value for tag \"{tag}\" may not be empty");
        }

        foreach (var c in ";!^=")
        {
            if (tag.Contains(c, StringComparison.Ordinal))
            {
                throw new MineUserException($"Character \"{c}\" is not allowed in tag \"{tag}\"");
            }
        }

        if (value.Contains(';', StringComparison.Ordinal))
        {
            throw new MineUserException($"Character \";\" is not allowed in value \"{value}\" of tag {tag}");
        }

        if (value[0] == '~')
        {
            throw new MineUserException($"Tag values are not allowed to start with \"~\" in tag \"{tag}\"");
        }
    }

    // graphite-web's segment pattern, typo "(:?,|$)" included; matched at the start as re.match does.
    [GeneratedRegex("""\G([^=]+)="((?:[\\]["\\]|[^"\\])+)"(:?,|$)""", RegexOptions.CultureInvariant, RegexLimits.MatchMilliseconds)]
    private static partial Regex OpenMetricsSegment();
}

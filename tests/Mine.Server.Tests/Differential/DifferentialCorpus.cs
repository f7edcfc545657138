using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Mine.Server.Tests.Differential;

/// <summary>
/// corpus.txt: one render request per line, <c>target ## option option ...</c>; '#' starts a comment line.
/// Options are <c>key=value</c> request parameters (from, until, now, maxDataPoints, xFilesFactor, template[n],
/// another target, ...; values may be %-encoded) or the flag <c>shape</c> (compare names, tags and timestamps,
/// not values: for random data). In values, <c>{S}</c> and <c>{E}</c> are the data set's first point and end
/// (a whole hour), with an offset in s, min, h or d (<c>{E-2h}</c>, <c>{S+1h+30s}</c>) and optionally a .NET date format for
/// graphite's absolute forms (<c>{E-2h|HH:mm_yyyyMMdd}</c>), also inside targets. Without from/until/now a line covers
/// <c>from={S}&amp;until={E}</c>.
/// </summary>
internal static partial class DifferentialCorpus
{
    public const string Separator = " ##";

    public static List<CorpusEntry> Load(string path)
    {
        var entries = new List<CorpusEntry>();
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var cut = line.IndexOf(Separator, StringComparison.Ordinal);
            var target = (cut < 0 ? line : line[..cut]).Trim();
            var options = cut < 0 ? [] : line[(cut + Separator.Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var parameters = new List<KeyValuePair<string, string>>();
            var shapeOnly = false;
            foreach (var option in options)
            {
                var eq = option.IndexOf('=', StringComparison.Ordinal);
                if (option == "shape")
                {
                    shapeOnly = true;
                }
                else if (eq <= 0)
                {
                    throw new FormatException($"corpus.txt:{number}: option '{option}' is neither key=value nor 'shape'");
                }
                else
                {
                    parameters.Add(new(option[..eq], option[(eq + 1)..]));
                }
            }

            entries.Add(new CorpusEntry(number, target, parameters, shapeOnly));
        }

        return entries;
    }

    /// <summary>known-differences.txt: <c>target ## reason</c>; the reason must appear in docs/compatibility.md.</summary>
    public static Dictionary<string, string> LoadKnownDifferences(string path)
    {
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var cut = line.IndexOf(Separator, StringComparison.Ordinal);
            if (cut < 0 || line[(cut + Separator.Length)..].Trim().Length == 0)
            {
                throw new FormatException($"known-differences.txt:{number}: '{line}' has no '{Separator} reason'");
            }

            known[line[..cut].Trim()] = line[(cut + Separator.Length)..].Trim();
        }

        return known;
    }

    /// <summary>The render function names a target calls (identifiers directly followed by '(').</summary>
    public static IEnumerable<string> FunctionNames(string target) => FunctionCall().Matches(target).Select(m => m.Groups[1].Value);

    public static string ResolveTime(string value, long start, long end) => TimePlaceholder().Replace(value, m =>
    {
        var epoch = m.Groups[1].Value == "S" ? start : end;
        foreach (Match offset in TimeOffset().Matches(m.Groups[2].Value))
        {
            var amount = long.Parse(offset.Groups[2].Value, CultureInfo.InvariantCulture) * offset.Groups[3].Value switch
            {
                "" or "s" => 1,
                "min" => 60,
                "h" => 3600,
                _ => 86400,
            };
            epoch += offset.Groups[1].Value == "+" ? amount : -amount;
        }

        return m.Groups[3].Success
            ? DateTimeOffset.FromUnixTimeSeconds(epoch).UtcDateTime.ToString(m.Groups[3].Value, CultureInfo.InvariantCulture)
            : epoch.ToString(CultureInfo.InvariantCulture);
    });

    [GeneratedRegex(@"\{([SE])((?:[+-]\d+(?:s|min|h|d)?)*)(?:\|([^}]+))?\}")]
    private static partial Regex TimePlaceholder();

    [GeneratedRegex(@"([+-])(\d+)(s|min|h|d)?")]
    private static partial Regex TimeOffset();

    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)\s*\(")]
    private static partial Regex FunctionCall();
}

/// <summary>One corpus line.</summary>
internal sealed record CorpusEntry(int Line, string Target, List<KeyValuePair<string, string>> Parameters, bool ShapeOnly)
{
    /// <summary>The /render query string for the data set starting at <paramref name="start"/> and ending at <paramref name="end"/>.</summary>
    public string Query(long start, long end)
    {
        var query = new StringBuilder("format=json&target=").Append(Uri.EscapeDataString(DifferentialCorpus.ResolveTime(Target, start, end)));
        var keys = Parameters.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        if (!keys.Contains("from") && !keys.Contains("now"))
        {
            query.Append("&from=").Append(start);
        }

        if (!keys.Contains("until") && !keys.Contains("now"))
        {
            query.Append("&until=").Append(end);
        }

        foreach (var (key, value) in Parameters)
        {
            var resolved = DifferentialCorpus.ResolveTime(Uri.UnescapeDataString(value), start, end);
            query.Append('&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(resolved));
        }

        return query.ToString();
    }

    public override string ToString()
        => Parameters.Count == 0 && !ShapeOnly ? Target : $"{Target}{DifferentialCorpus.Separator} {string.Join(' ', Parameters.Select(p => p.Key + "=" + p.Value).Concat(ShapeOnly ? ["shape"] : []))}";
}

using System.Globalization;

namespace Mine.Fleet;

/// <summary>
/// The render targets the fleet API gives with the landmines, for the UI's links to the evidence (band, outliers, a
/// host's series): the detection itself reads and scores the series with typed calls and never evaluates these.
/// </summary>
public static class LandmineTargets
{
    /// <summary>
    /// The target of a group's members on a metric, one series per host named after its series root:
    /// <c>groupByNodes(web-{001,002}.load.load.shortterm,"sum",0)</c>; roots under different parents are joined
    /// with group(). A character of a root that the render language would read as glob or syntax is written as
    /// <c>?</c> (any one character), so the link still draws that host, and at worst a few neighbours with it.
    /// </summary>
    public static string Members(IEnumerable<string> roots, FleetMetric metric)
    {
        var parts = new List<string>();
        foreach (var bucket in roots.Select(LinkRoot).GroupBy(static r => r.LastIndexOf('.') is var dot and >= 0 ? r[..dot] : "", StringComparer.Ordinal).OrderBy(static b => b.Key, StringComparer.Ordinal))
        {
            var leaves = bucket.Select(static r => r[(r.LastIndexOf('.') + 1)..]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var depth = bucket.Key.Length == 0 ? 0 : bucket.Key.Count(static c => c == '.') + 1;
            var glob = leaves.Count == 1 ? leaves[0] : "{" + string.Join(',', leaves) + "}";
            var path = (bucket.Key.Length == 0 ? "" : bucket.Key + ".") + glob + "." + metric.Pattern;
            var nodes = string.Join(',', Enumerable.Range(0, depth + 1).Select(static n => n.ToString(CultureInfo.InvariantCulture)));
            parts.Add($"groupByNodes({path},\"sum\",{nodes})");
        }

        return parts.Count == 1 ? parts[0] : $"group({string.Join(',', parts)})";
    }

    public static string Outliers(string members) => Outliers(members, new LandmineTuning());

    public static string Outliers(string members, LandmineTuning tuning) => string.Create(CultureInfo.InvariantCulture, $"outliers({members},{tuning.K},\"{Interval(tuning.WindowSeconds)}\")");

    /// <summary>
    /// The band drawn behind the outliers: over the members outliers() does not list (inliers() with the same k and
    /// window), so the landmines are lines over the healthy range instead of the band's own edges.
    /// </summary>
    public static string Band(string members) => Band(members, new LandmineTuning());

    public static string Band(string members, LandmineTuning tuning) => string.Create(CultureInfo.InvariantCulture, $"band(inliers({members},{tuning.K},\"{Interval(tuning.WindowSeconds)}\"))");

    /// <summary>Seconds as the render language's interval: <c>15min</c>, <c>2h</c>, <c>90s</c>.</summary>
    public static string Interval(long seconds) => seconds % 3600 == 0 ? $"{seconds / 3600}h" : seconds % 60 == 0 ? $"{seconds / 60}min" : $"{seconds}s";

    /// <summary>A series root as a link writes it: glob characters, the render language's symbols, '=', ';' and
    /// blanks become '?'; the dots between nodes stay.</summary>
    public static string LinkRoot(string root) => string.Create(root.Length, root, static (span, text) =>
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            span[i] = c == '.' || IsPlain(c) ? c : '?';
        }
    });

    private static bool IsPlain(char c) =>
        c is > ' ' and < '\u007f' ? c is not ('*' or '?' or '[' or ']' or '{' or '}' or '(' or ')' or ',' or '\'' or '"' or '\\' or '|' or '=' or ';' or '$')
        : c > '\u00a0' && !char.IsWhiteSpace(c);
}

using Mine.Compat.Python;
using Mine.Query.Series;
using Mine.Query.Targets;

namespace Mine.Query.Functions.Common;

/// <summary>graphite-web's naming helpers: nodes and tags of a name, the first path of an expression.</summary>
public static class SeriesNaming
{
    /// <summary>
    /// getNodeOrTag(series, n, pathExpression): an integer picks a dot-separated node of the name (tags cut off,
    /// negative counts from the end); anything else, or a node out of range, reads the tag of that name ("" if
    /// missing).
    /// </summary>
    public static string GetNodeOrTag(TimeSeries series, object? n, string? pathExpression = null)
    {
        if (n is long or int or bool || (n is double d && d == Math.Floor(d) && !double.IsInfinity(d)))
        {
            var index = Convert.ToInt64(n, System.Globalization.CultureInfo.InvariantCulture);
            // name.split(';')[0].split('.')[n], without splitting every node out (a fleet-wide groupByNode
            // asks this of thousands of names).
            var text = (pathExpression ?? series.Name).AsSpan();
            var semicolon = text.IndexOf(';');
            if (semicolon >= 0)
            {
                text = text[..semicolon];
            }

            var count = text.Count('.') + 1;
            if (index < 0)
            {
                index += count;
            }

            if (index >= 0 && index < count)
            {
                for (var i = 0; i < index; i++)
                {
                    text = text[(text.IndexOf('.') + 1)..];
                }

                var dot = text.IndexOf('.');
                return (dot >= 0 ? text[..dot] : text).ToString();
            }
        }

        var tag = PythonFormat.Str(n);
        return series.Tags.TryGetValue(tag, out var value) ? value : string.Empty;
    }

    /// <summary>aggKey(series, nodes): the chosen nodes/tags joined by '.', reading a function-wrapped name's first path.</summary>
    public static string AggKey(TimeSeries series, IReadOnlyList<object?> nodes, string? pathExpression = null)
    {
        if (pathExpression is null && series.Name.EndsWith(')'))
        {
            pathExpression = FirstPathExpression(series.Name);
        }

        return nodes.Count == 1
            ? GetNodeOrTag(series, nodes[0], pathExpression)
            : string.Join('.', nodes.Select(n => GetNodeOrTag(series, n, pathExpression)));
    }

    /// <summary>
    /// _getFirstPathExpression(name): parses the name as a target and follows first arguments down to a path;
    /// null when there is none (or the name does not parse as a target).
    /// </summary>
    public static string? FirstPathExpression(string name)
    {
        var node = TargetParser.TryParsePrefix(name);
        while (node is not null)
        {
            switch (node)
            {
                case PathNode path:
                    return path.Path;
                case CallNode { Arguments.Count: > 0 } call:
                    node = call.Arguments[0];
                    break;
                case TemplateNode template:
                    node = template.Inner;
                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>formatPathExpressions: the distinct path expressions in first-seen order, joined by ','.</summary>
    public static string FormatPathExpressions(IEnumerable<TimeSeries> seriesList)
    {
        var seen = new List<string>();
        foreach (var series in seriesList)
        {
            if (!seen.Contains(series.PathExpression))
            {
                seen.Add(series.PathExpression);
            }
        }

        return string.Join(',', seen);
    }
}

using System.Buffers;
using Mine.Compat.Python;
using Mine.Core.Series;
using Mine.Core.Text;

namespace Mine.Query.Find;

/// <summary>
/// /metrics/expand and /metrics/index.json bodies, as graphite-web 1.1.8's metrics/views.py
/// <c>expand_view</c> and <c>index_json</c> write them.
/// </summary>
public static class MetricsListFormats
{
    /// <summary>
    /// expand_view: for each query its matches' paths (leaves only with <paramref name="leavesOnly"/>).
    /// <c>{"results": [every path, de-duplicated, sorted]}</c>, or with <paramref name="groupByExpr"/>
    /// <c>{"results": {"query": [sorted paths], ...}}</c> in the order the queries were first given.
    /// </summary>
    public static void WriteExpand(
        IBufferWriter<byte> output,
        IReadOnlyList<KeyValuePair<string, IReadOnlyList<MetricNode>>> matchesByQuery,
        bool groupByExpr,
        bool leavesOnly,
        MetricsJsonOptions options)
    {
        var pathsByQuery = new OrderedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (query, matches) in matchesByQuery)
        {
            if (!pathsByQuery.TryGetValue(query, out var paths))
            {
                paths = new SortedSet<string>(CodePointComparer.Instance);
                pathsByQuery[query] = paths;
            }

            foreach (var node in matches)
            {
                if (node.IsLeaf || !leavesOnly)
                {
                    paths.Add(node.Path);
                }
            }
        }

        var json = FindFormats.Begin(output, options);
        json.StartObject();
        json.WritePropertyName("results");
        if (groupByExpr)
        {
            json.StartObject();
            foreach (var (query, paths) in pathsByQuery)
            {
                json.WritePropertyName(query);
                WriteStrings(json, paths);
            }

            json.EndObject();
        }
        else
        {
            var union = new SortedSet<string>(CodePointComparer.Instance);
            foreach (var paths in pathsByQuery.Values)
            {
                union.UnionWith(paths);
            }

            WriteStrings(json, union);
        }

        json.EndObject();
        FindFormats.End(output, options);
    }

    /// <summary>index_json: every metric path, de-duplicated and sorted, as a JSON array.</summary>
    public static void WriteIndex(IBufferWriter<byte> output, IEnumerable<string> metricPaths, MetricsJsonOptions options)
    {
        var json = FindFormats.Begin(output, options);
        WriteStrings(json, new SortedSet<string>(metricPaths, CodePointComparer.Instance));
        FindFormats.End(output, options);
    }

    private static void WriteStrings(PythonJsonWriter json, IEnumerable<string> values)
    {
        json.StartArray();
        foreach (var value in values)
        {
            json.WriteString(value);
        }

        json.EndArray();
    }
}

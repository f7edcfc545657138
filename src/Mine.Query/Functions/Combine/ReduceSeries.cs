using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.Combine;

/// <summary>
/// reduceSeries(seriesLists, reduceFunction, reduceNode, *reduceMatchers), alias reduce: in each list from
/// mapSeries, picks the series whose node <c>reduceNode</c> equals each matcher and passes them, in matcher order,
/// to another function; its first result is named <c>prefix.reduce.function</c>.
/// </summary>
public sealed class ReduceSeries : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "reduceSeries",
            FunctionGroups.Combine,
            "Reduces each list of a mapSeries result to one series: the series whose reduceNode matches each matcher are passed, in matcher order, to reduceFunction, and its result is named <nodes before reduceNode>.reduce.<reduceFunction>. Example: reduceSeries(mapSeries(servers.*.disk.*,1),\"asPercent\",3,\"bytes_used\",\"total_bytes\")",
            [
                new("seriesLists", ParamType.SeriesLists) { Required = true },
                new("reduceFunction", ParamType.String) { Required = true },
                new("reduceNode", ParamType.Node) { Required = true },
                new("reduceMatchers", ParamType.String) { Required = true, Multiple = true },
            ],
            Invoke)
        {
            Aliases = ["reduce"],
        },
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var reduceFunction = call.String("reduceFunction");
        var reduceNode = call.Integer("reduceNode");
        var matchers = call.Values("reduceMatchers");
        var keys = new List<string>();
        var slots = new Dictionary<string, TimeSeries?[]>(StringComparer.Ordinal);
        foreach (var seriesList in ListsOf(call))
        {
            foreach (var series in seriesList)
            {
                var nodes = series.Name.Split('.');
                var index = reduceNode < 0 ? reduceNode + nodes.Length : reduceNode;
                if (index < 0 || index >= nodes.Length)
                {
                    throw call.Error($"node {reduceNode} is out of range for series {series.Name}");
                }

                var node = nodes[index];
                var key = string.Join('.', PythonList.Slice(nodes, 0, reduceNode)) + ".reduce." + reduceFunction;
                var matcher = IndexOfMatcher(matchers, node);
                if (matcher < 0)
                {
                    continue;
                }

                if (!slots.TryGetValue(key, out var row))
                {
                    slots[key] = row = new TimeSeries?[matchers.Count];
                    keys.Add(key);
                }

                row[matcher] = series;
            }
        }

        var result = new List<TimeSeries>(keys.Count);
        foreach (var key in keys)
        {
            var row = slots[key];
            var arguments = new object?[row.Length];
            for (var i = 0; i < row.Length; i++)
            {
                // graphite-web passes [None] for a matcher without a series, which the reduce function then
                // fails on with a Python error.
                var series = row[i] ?? throw call.Error($"no series matched \"{matchers[i]}\" for {key}");
                arguments[i] = new List<TimeSeries> { series };
            }

            var reduced = call.Invoke(reduceFunction, arguments);
            if (reduced.Count == 0)
            {
                throw call.Error($"{reduceFunction}() returned no series for {key}");
            }

            // Only the name changes: graphite-web keeps the tags and path expression reduceFunction gave.
            reduced[0].Name = key;
            result.Add(reduced[0]);
        }

        return result;
    }

    /// <summary>The lists of a mapSeries result; a plain series list is what graphite-web would iterate as lists.</summary>
    private static IReadOnlyList<List<TimeSeries>> ListsOf(FunctionCall call)
    {
        switch (call.Value("seriesLists"))
        {
            case SeriesListCollection collection:
                return collection.Lists;
            case List<TimeSeries> plain:
                // graphite-web would iterate each series' points as if they were series and fail on the first
                // one; only series without points get through (and contribute nothing).
                if (plain.Any(series => series.GetPoints().Length > 0))
                {
                    throw call.Error("seriesLists must be a list of series lists, such as mapSeries() returns");
                }

                return [];
            default:
                throw call.Error("seriesLists must be a list of series lists, such as mapSeries() returns");
        }
    }

    /// <summary>reduceMatchers.index(node): the first matcher equal to the node (only strings can be).</summary>
    private static int IndexOfMatcher(IReadOnlyList<object?> matchers, string node)
    {
        for (var i = 0; i < matchers.Count; i++)
        {
            if (matchers[i] is string matcher && matcher == node)
            {
                return i;
            }
        }

        return -1;
    }
}

using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.Combine;

/// <summary>
/// groupByNode(seriesList, nodeNum, callback='average') and groupByNodes(seriesList, callback, *nodes): one
/// series per distinct value of the given nodes or tags, made by an aggregation or another function and named
/// after that value.
/// </summary>
public sealed class GroupByNodes : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "groupByNode",
            FunctionGroups.Combine,
            "Groups the series by one node or tag and combines each group with an aggregation (average by default) or a function such as sumSeries; each result is named after its node value. Example: groupByNode(ganglia.by-function.*.*.cpu.load5,2,\"sum\")",
            [
                ParamSpec.SeriesListParam(),
                new("nodeNum", ParamType.NodeOrTag) { Required = true },
                new("callback", ParamType.AggOrSeriesFunc) { Default = "average" },
            ],
            call => Run(call, [call.Value("nodeNum")])),
        new(
            "groupByNodes",
            FunctionGroups.Combine,
            "Groups the series by several nodes and/or tags and combines each group with an aggregation or a function such as sumSeries; each result is named after its node values joined by dots. Example: groupByNodes(ganglia.server*.*.cpu.load*,\"sum\",1,4)",
            [
                ParamSpec.SeriesListParam(),
                new("callback", ParamType.AggOrSeriesFunc) { Required = true },
                new("nodes", ParamType.NodeOrTag) { Multiple = true },
            ],
            call => Run(call, call.Values("nodes"))),
    ];

    private static List<TimeSeries> Run(FunctionCall call, IReadOnlyList<object?> nodes)
    {
        var callback = call.String("callback");
        var keys = new List<string>();
        var groups = new Dictionary<string, List<TimeSeries>>(StringComparer.Ordinal);
        foreach (var series in call.SeriesList())
        {
            var key = SeriesNaming.AggKey(series, nodes);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
                keys.Add(key);
            }

            group.Add(series);
        }

        var result = new List<TimeSeries>(keys.Count);
        foreach (var key in keys)
        {
            // Only the name changes; the tags are those the callback gave (aggregatedBy and the shared ones).
            var combined = Combine(call, callback, groups[key]);
            combined.Name = key;
            result.Add(combined);
        }

        return result;
    }

    /// <summary>
    /// graphite-web's callback rule, shared with groupByTags: a name of a render function (sumSeries, but also
    /// sum and avg, which are function aliases) calls that function with the group; anything else goes to
    /// aggregate(). The first series of the result is used.
    /// </summary>
    internal static TimeSeries Combine(FunctionCall call, string callback, List<TimeSeries> group)
    {
        var combined = call.Evaluator.Registry.TryGet(callback, out _)
            ? call.Invoke(callback, group)
            : Aggregate.Run(call.Context, [group], callback);
        return combined.Count > 0 ? combined[0] : throw call.Error($"{callback} returned no series for a group");
    }
}

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
        => CombineGroups(call, call.String("callback"), call.SeriesList(), series => SeriesNaming.AggKey(series, nodes));

    /// <summary>
    /// The tail shared with groupByTags: the series grouped by key in first-seen order (a Python dict), each group
    /// combined by <see cref="Combine"/> and named after its key, then handed to <paramref name="finish"/> if given.
    /// Only the name changes here; the tags are those the callback gave (aggregatedBy and the shared ones).
    /// </summary>
    internal static List<TimeSeries> CombineGroups(
        FunctionCall call, string callback, List<TimeSeries> seriesList, Func<TimeSeries, string> key, Action<TimeSeries, string>? finish = null)
    {
        // GroupBy keeps the keys in the order they first appear and each group in input order.
        var result = new List<TimeSeries>();
        foreach (var group in seriesList.GroupBy(key, StringComparer.Ordinal))
        {
            var combined = Combine(call, callback, [.. group]);
            combined.Name = group.Key;
            finish?.Invoke(combined, group.Key);
            result.Add(combined);
        }

        return result;
    }

    /// <summary>
    /// graphite-web's callback rule: a name of a render function (sumSeries, but also
    /// sum and avg, which are function aliases) calls that function with the group; anything else goes to
    /// aggregate(). The first series of the result is used.
    /// </summary>
    private static TimeSeries Combine(FunctionCall call, string callback, List<TimeSeries> group)
    {
        // sumSeries(group) is aggregate(group, 'sum') in graphite-web; calling aggregate directly skips binding
        // the arguments once per group, which matters for thousands of groups.
        var known = call.Evaluator.Registry.TryGet(callback, out var definition);
        var combined = known && definition.Aggregation is { } aggregation
            ? Aggregate.Run(call.Context, [group], aggregation)
            : known
            ? call.Invoke(callback, group)
            : Aggregate.Run(call.Context, [group], callback);
        return combined.Count > 0 ? combined[0] : throw call.Error($"{callback} returned no series for a group");
    }
}

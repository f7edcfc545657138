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
        var groups = Group(seriesList, key);
        var combined = new TimeSeries[groups.Count];
        if (groups.Count >= ParallelGroups && PureAggregation(call, callback) is { } aggregation)
        {
            // Thousands of groups (a fleet grouped by host): aggregate() is pure, so groups combine in parallel;
            // the results keep the groups' order.
            InParallel(
                groups.Count,
                i =>
                {
                    var result = Aggregate.Run(call.Context, [groups[i].Members], aggregation);
                    combined[i] = result.Count > 0 ? result[0] : throw call.Error($"{callback} returned no series for a group");
                },
                call.Context.CancellationToken);
        }
        else
        {
            for (var i = 0; i < groups.Count; i++)
            {
                combined[i] = Combine(call, callback, groups[i].Members);
            }
        }

        var results = new List<TimeSeries>(groups.Count);
        for (var i = 0; i < groups.Count; i++)
        {
            combined[i].Name = groups[i].Key;
            finish?.Invoke(combined[i], groups[i].Key);
            results.Add(combined[i]);
        }

        return results;
    }

    /// <summary>Parallel.For that lets the first error through as itself (a 400 stays a 400), not as an AggregateException.</summary>
    private static void InParallel(int count, Action<int> body, CancellationToken cancellation)
    {
        try
        {
            // On the caller's scheduler (the render threads, see RenderScheduler); ParallelOptions defaults to the thread pool.
            Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellation, TaskScheduler = TaskScheduler.Current }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }

    /// <summary>Groups of at least this many are combined in parallel.</summary>
    private const int ParallelGroups = 256;

    /// <summary>The series by key, keys in first-seen order (a Python dict), each group in input order.</summary>
    private static List<(string Key, List<TimeSeries> Members)> Group(List<TimeSeries> seriesList, Func<TimeSeries, string> key)
    {
        var keys = new string[seriesList.Count];
        if (seriesList.Count >= ParallelGroups * 4)
        {
            InParallel(seriesList.Count, i => keys[i] = key(seriesList[i]), CancellationToken.None);
        }
        else
        {
            for (var i = 0; i < seriesList.Count; i++)
            {
                keys[i] = key(seriesList[i]);
            }
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = new List<(string Key, List<TimeSeries> Members)>();
        for (var i = 0; i < keys.Length; i++)
        {
            if (!index.TryGetValue(keys[i], out var g))
            {
                index[keys[i]] = g = groups.Count;
                groups.Add((keys[i], []));
            }

            groups[g].Members.Add(seriesList[i]);
        }

        return groups;
    }

    /// <summary>The aggregation a callback stands for when it is aggregate() itself (sumSeries, sum, avg, ...), else null.</summary>
    private static string? PureAggregation(FunctionCall call, string callback)
    {
        if (call.Evaluator.Registry.TryGet(callback, out var definition))
        {
            return definition.Aggregation;
        }

        var name = callback.EndsWith("Series", StringComparison.Ordinal) ? callback[..^"Series".Length] : callback;
        return AggregationFunctions.IsKnown(name) ? callback : null;
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
        var combined = PureAggregation(call, callback) is { } aggregation
            ? Aggregate.Run(call.Context, [group], aggregation)
            : call.Evaluator.Registry.TryGet(callback, out _)
            ? call.Invoke(callback, group)
            : Aggregate.Run(call.Context, [group], callback);
        return combined.Count > 0 ? combined[0] : throw call.Error($"{callback} returned no series for a group");
    }
}

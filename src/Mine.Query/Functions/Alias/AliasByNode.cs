using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.Alias;

/// <summary>aliasByNode(seriesList, *nodes) and aliasByTags(seriesList, *tags): names built from path nodes and tags.</summary>
public sealed class AliasByNode : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "aliasByNode",
            FunctionGroups.Alias,
            "Names each series by the chosen nodes of its path (0-based, negative from the end) or tag values, joined by dots. Example: aliasByNode(ganglia.*.cpu.load5,1)",
            [ParamSpec.SeriesListParam(), new("nodes", ParamType.NodeOrTag) { Required = true, Multiple = true }],
            call => Invoke(call, "nodes")),
        new(
            "aliasByTags",
            FunctionGroups.Alias,
            "Names each series by the chosen tag values or path nodes, joined by dots (the same as aliasByNode). Example: seriesByTag(\"name=cpu\")|aliasByTags(\"server\",\"name\")",
            [ParamSpec.SeriesListParam(), new("tags", ParamType.NodeOrTag) { Required = true, Multiple = true }],
            call => Invoke(call, "tags")),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call, string parameter)
    {
        var seriesList = call.SeriesList();
        var nodes = call.Values(parameter);
        foreach (var series in seriesList)
        {
            series.Name = SeriesNaming.AggKey(series, nodes);
        }

        return seriesList;
    }
}

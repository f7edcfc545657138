using Mine.Query.Series;

namespace Mine.Query.Functions.Graph;

/// <summary>lineWidth(seriesList, width): the line width the series are drawn with.</summary>
public sealed class LineWidth : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "lineWidth",
            FunctionGroups.Graph,
            "Draws the series with the given line width instead of the graph's lineWidth. Example: lineWidth(server01.instance01.memory.free,5)",
            [ParamSpec.SeriesListParam(), new("width", ParamType.Float) { Required = true }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var width = call.Float("width");
        foreach (var series in seriesList)
        {
            series.Options["lineWidth"] = width;
        }

        return seriesList;
    }
}

using Mine.Query.Series;

namespace Mine.Query.Functions.Alias;

/// <summary>alias(seriesList, newName): every series takes the given name.</summary>
public sealed class Alias : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "alias",
            FunctionGroups.Alias,
            "Renames every series of the list to the given text, e.g. for the legend. Example: alias(Sales.widgets.largeBlue,\"Large Blue Widgets\")",
            [ParamSpec.SeriesListParam(), new("newName", ParamType.String) { Required = true }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var newName = call.String("newName");

        // Only the name changes: graphite-web keeps the path expression and the tags.
        foreach (var series in seriesList)
        {
            series.Name = newName;
        }

        return seriesList;
    }
}

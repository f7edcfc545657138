using Mine.Query.Series;

namespace Mine.Query.Functions.Graph;

/// <summary>secondYAxis(seriesList): draws the series against the right-hand Y axis.</summary>
public sealed class SecondYAxis : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "secondYAxis",
            FunctionGroups.Graph,
            "Draws the series against a second Y axis on the right of the graph. Example: secondYAxis(server01.requests.count)",
            [ParamSpec.SeriesListParam()],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        foreach (var series in seriesList)
        {
            series.Options["secondYAxis"] = true;

            // graphite-web's tag value is the int 1.
            series.Tags["secondYAxis"] = "1";
            series.Name = $"secondYAxis({series.Name})";
        }

        return seriesList;
    }
}

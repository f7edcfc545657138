using Mine.Query.Series;

namespace Mine.Query.Functions.Graph;

/// <summary>areaBetween(seriesList): fills the area between exactly two series.</summary>
public sealed class AreaBetween : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "areaBetween",
            FunctionGroups.Graph,
            "Fills the band between the two series of the list (lower bound first or second), drawn with areaMode=stacked. Example: areaBetween(service.latency.{min,max})",
            [ParamSpec.SeriesListParam()],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        if (seriesList.Count != 2)
        {
            throw call.Error("areaBetween series argument must reference *exactly* 2 series");
        }

        var lower = seriesList[0];
        var upper = seriesList[1];

        // The first series is stacked but not drawn, the second stacked on it: the visible area is the band.
        lower.Options["stacked"] = true;
        lower.Options["invisible"] = true;
        upper.Options["stacked"] = true;

        // graphite-web sets the int 1 and then makes both series share one tags dict (lower.tags = upper.tags).
        upper.Tags["areaBetween"] = "1";
        lower.Tags = upper.Tags;
        lower.Name = upper.Name = $"areaBetween({upper.PathExpression})";
        return seriesList;
    }
}

using Mine.Query.Series;

namespace Mine.Query.Functions.Graph;

/// <summary>alpha(seriesList, alpha): the drawing transparency.</summary>
public sealed class Alpha : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "alpha",
            FunctionGroups.Graph,
            "Sets the opacity the series are drawn with, from 0 (transparent) to 1 (opaque). Example: alpha(areaBetween(service.latency.{min,max}),0.3)",
            [ParamSpec.SeriesListParam(), new("alpha", ParamType.Float) { Required = true }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var alpha = call.Float("alpha");
        foreach (var series in seriesList)
        {
            series.Options["alpha"] = alpha;
        }

        return seriesList;
    }
}

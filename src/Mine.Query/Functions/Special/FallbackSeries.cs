using Mine.Query.Series;

namespace Mine.Query.Functions.Special;

/// <summary>fallbackSeries(seriesList, fallback): the fallback when the list is empty.</summary>
public sealed class FallbackSeries : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "fallbackSeries",
            FunctionGroups.Special,
            "Returns the series list, or the fallback series when the list is empty (e.g. its wildcard matches nothing). Example: fallbackSeries(server*.requests_per_second,constantLine(0))",
            [ParamSpec.SeriesListParam(), new("fallback", ParamType.SeriesList) { Required = true }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        return seriesList.Count > 0 ? seriesList : call.SeriesList("fallback");
    }
}

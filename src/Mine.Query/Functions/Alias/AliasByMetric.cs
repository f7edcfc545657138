using Mine.Query.Functions.Special;
using Mine.Query.Series;

namespace Mine.Query.Functions.Alias;

/// <summary>aliasByMetric(seriesList): the last node of the metric path.</summary>
public sealed class AliasByMetric : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "aliasByMetric",
            FunctionGroups.Alias,
            "Names each series by the last node of its metric path (inside any function call). Example: aliasByMetric(carbon.agents.graphite.creates)",
            [ParamSpec.SeriesListParam()],
            Invoke),
    ];

    // graphite-web implements it as substr(seriesList, -1, 0), quirks included.
    private static List<TimeSeries> Invoke(FunctionCall call) => Substr.Apply(call.SeriesList(), -1, 0);
}

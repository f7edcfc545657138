using Mine.Query.Series;

namespace Mine.Query.Functions.Special;

/// <summary>consolidateBy(seriesList, consolidationFunc) and cumulative(seriesList) (= consolidateBy 'sum').</summary>
public sealed class ConsolidateBy : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "consolidateBy",
            FunctionGroups.Special,
            "Sets how points are merged when a graph or maxDataPoints has fewer slots than the series has points: sum, average (avg), avg_zero, min, max, first or last. Example: consolidateBy(Sales.widgets.largeBlue,'sum')",
            [
                ParamSpec.SeriesListParam(),
                new("consolidationFunc", ParamType.String)
                {
                    Required = true,
                    Options = ["average", "avg", "avg_zero", "first", "last", "max", "min", "sum"],
                },
            ],
            call => Apply(call.SeriesList(), call.String("consolidationFunc"))),
        new(
            "cumulative",
            FunctionGroups.Special,
            "Merges points by summing them when there are more points than slots, the same as consolidateBy(seriesList,'sum'). Example: cumulative(Sales.widgets.largeBlue)",
            [ParamSpec.SeriesListParam()],
            call => Apply(call.SeriesList(), "sum")),
    ];

    private static List<TimeSeries> Apply(List<TimeSeries> seriesList, string consolidationFunc)
    {
        foreach (var series in seriesList)
        {
            series.ConsolidationFunc = consolidationFunc;
            series.Tags["consolidateBy"] = consolidationFunc;
            series.Name = $"consolidateBy({series.Name},\"{consolidationFunc}\")";
            series.PathExpression = series.Name;
        }

        return seriesList;
    }
}

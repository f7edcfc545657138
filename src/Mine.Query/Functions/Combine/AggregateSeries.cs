using Mine.Query.Series;

namespace Mine.Query.Functions.Combine;

/// <summary>
/// sumSeries (sum), averageSeries (avg), stddevSeries, minSeries, maxSeries, rangeOfSeries, diffSeries and
/// multiplySeries: aggregate() over all their series lists with a fixed function.
/// </summary>
public sealed class AggregateSeries : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        Define("sumSeries", "sum", "Adds the series together point by point. Example: sum(company.server.application*.requestsHandled)", ["sum"]),
        Define("averageSeries", "average", "Averages the series point by point, ignoring missing values. Example: avg(company.server.*.threads.busy)", ["avg"]),
        Define("stddevSeries", "stddev", "The population standard deviation of the series at each point. Example: stddevSeries(company.server.*.threads.busy)"),
        Define("minSeries", "min", "The lowest value of the series at each point. Example: minSeries(Server*.connections.total)"),
        Define("maxSeries", "max", "The highest value of the series at each point. Example: maxSeries(Server*.connections.total)"),
        Define("rangeOfSeries", "rangeOf", "The highest minus the lowest value of the series at each point. Example: rangeOfSeries(Server*.connections.total)"),
        Define("diffSeries", "diff", "Subtracts the second and later series from the first, point by point. Example: diffSeries(service.connections.total,service.connections.failed)"),
        new(
            "multiplySeries",
            FunctionGroups.Combine,
            "Multiplies the series point by point; a point is None when any factor is. A single series comes back unchanged. "
            + "Example: multiplySeries(Series.dividends,Series.divisors)",
            [ParamSpec.SeriesListsParam()],
            MultiplySeries)
        {
            IsAggregator = true,
        },
    ];

    private static FunctionDefinition Define(string name, string func, string description, IReadOnlyList<string>? aliases = null)
        => new(name, FunctionGroups.Combine, description, [ParamSpec.SeriesListsParam()], call => Aggregate.Run(call.Context, call.SeriesLists(), func))
        {
            Aliases = aliases ?? [],
            IsAggregator = true,
            Aggregation = func,
        };

    private static List<TimeSeries> MultiplySeries(FunctionCall call)
    {
        var seriesLists = call.SeriesLists();

        // graphite-web's legacy case: one list holding one series is returned as it is, not renamed.
        if (seriesLists is [{ Count: 1 } only])
        {
            return only;
        }

        return Aggregate.Run(call.Context, seriesLists, "multiply");
    }
}

using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.Sorting;

/// <summary>
/// sortBy(seriesList, func, reverse) and its fixed forms sortByTotal, sortByMaxima and sortByMinima: order the
/// series by a value aggregated over the range.
/// </summary>
public sealed class SortBy : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "sortBy",
            FunctionGroups.Sorting,
            "Orders the series by the aggregation (average by default) of their values, ascending unless reverse is true. Example: sortBy(server*.instance*.threads.busy,'max')",
            [
                ParamSpec.SeriesListParam(),
                new("func", ParamType.AggFunc) { Default = "average" },
                new("reverse", ParamType.Boolean) { Default = false },
            ],
            call => Sorted(call.SeriesList(), call.String("func"), call.Boolean("reverse"))),
        new(
            "sortByTotal",
            FunctionGroups.Sorting,
            "Orders the series by the sum of their values, largest first. Example: sortByTotal(server*.instance*.threads.busy)",
            [ParamSpec.SeriesListParam()],
            call => Sorted(call.SeriesList(), "sum", reverse: true)),
        new(
            "sortByMaxima",
            FunctionGroups.Sorting,
            "Orders the series by their maximum, largest first. Example: sortByMaxima(server*.instance*.memory.free)",
            [ParamSpec.SeriesListParam()],
            call => Sorted(call.SeriesList(), "max", reverse: true)),
        new(
            "sortByMinima",
            FunctionGroups.Sorting,
            "Orders the series by their minimum, smallest first, keeping only series whose maximum is above 0. Example: sortByMinima(server*.instance*.memory.free)",
            [ParamSpec.SeriesListParam()],
            SortByMinima),
    ];

    /// <summary>Stable sort by the aggregate with None lowest (graphite-web's keyFunc turns it into -inf).</summary>
    private static List<TimeSeries> Sorted(List<TimeSeries> seriesList, string func, bool reverse)
        => PythonSort.SortedBy(seriesList, SeriesAggregates.Get(func), PythonSort.NoneLowest, reverse);

    private static List<TimeSeries> SortByMinima(FunctionCall call)
    {
        // safeMax(series, default=0) > 0: series without values go too.
        var positive = call.SeriesList().Where(s => AggregationFunctions.SafeMax(s.GetPoints()) > 0);
        return Sorted([.. positive], "min", reverse: false);
    }
}

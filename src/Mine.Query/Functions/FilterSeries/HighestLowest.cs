using Mine.Compat.Python;
using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.FilterSeries;

/// <summary>
/// highest/lowest(seriesList, n, func) and their fixed-aggregation forms (highestMax, lowestCurrent, ...): the n
/// series with the highest or lowest aggregated value.
/// </summary>
public sealed class HighestLowest : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        WithFunc("highest", true, "Keeps the n series with the highest value of the aggregation (average by default) over the range. Example: highest(server*.instance*.threads.busy,5,'max')"),
        WithFunc("lowest", false, "Keeps the n series with the lowest value of the aggregation (average by default) over the range. Example: lowest(server*.instance*.threads.busy,5,'min')"),
        Fixed("highestCurrent", true, "current", "Keeps the n series with the highest last non-null value. Example: highestCurrent(server*.instance*.threads.busy,5)"),
        Fixed("highestMax", true, "max", "Keeps the n series with the highest maximum. Example: highestMax(server*.instance*.threads.busy,5)"),
        Fixed("lowestCurrent", false, "current", "Keeps the n series with the lowest last non-null value. Example: lowestCurrent(server*.instance*.threads.busy,5)"),
        Fixed("highestAverage", true, "average", "Keeps the n series with the highest average. Example: highestAverage(server*.instance*.threads.busy,5)"),
        Fixed("lowestAverage", false, "average", "Keeps the n series with the lowest average. Example: lowestAverage(server*.instance*.threads.busy,5)"),
    ];

    /// <summary>
    /// Sorts by the aggregate (None lowest, as graphite-web's keyFunc makes it -inf), stably even when reversed
    /// as Python's sort is, and slices <c>[:n]</c> (a negative n drops series from the end).
    /// </summary>
    private static List<TimeSeries> Select(List<TimeSeries> seriesList, long n, string func, bool highest)
    {
        var aggregate = SeriesAggregates.Get(func);
        var sorted = PythonSort.SortedBy(seriesList, aggregate, PythonSort.NoneLowest, reverse: highest);
        return PythonList.Head(sorted, n);
    }

    // graphite-web's Python signature gives n a default of 1, but its Param (and /functions) declares n required
    // without a default; the required Param wins, so the Python default can never apply.
    private static FunctionDefinition WithFunc(string name, bool highest, string description) => new(
        name,
        FunctionGroups.FilterSeries,
        description,
        [
            ParamSpec.SeriesListParam(),
            new("n", ParamType.Integer) { Required = true },
            new("func", ParamType.AggFunc) { Default = "average" },
        ],
        call => Select(call.SeriesList(), call.Integer("n"), call.String("func"), highest))
    {
        // graphite-web's Param says n is required, its Python signature gives it a default of 1.
        PythonArguments = "seriesList, n=1, func='average'",
    };

    private static FunctionDefinition Fixed(string name, bool highest, string func, string description) => new(
        name,
        FunctionGroups.FilterSeries,
        description,
        [ParamSpec.SeriesListParam(), new("n", ParamType.Integer) { Required = true }],
        call => Select(call.SeriesList(), call.Integer("n"), func, highest));
}

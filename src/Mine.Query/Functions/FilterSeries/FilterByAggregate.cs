using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.FilterSeries;

/// <summary>
/// filterSeries(seriesList, func, operator, threshold) and its fixed-aggregation shortcuts (maximumAbove,
/// currentBelow, averageAbove, ...): keeps the series whose aggregated value passes the comparison.
/// </summary>
public sealed class FilterByAggregate : IFunctionFamily
{
    /// <summary>
    /// graphite-web's operatorFuncs with None (NaN) as the aggregate: it never passes =, &gt; and &gt;=, and
    /// always passes !=, &lt; and &lt;=.
    /// </summary>
    private static readonly Dictionary<string, Func<double, double, bool>> Operators = new(StringComparer.Ordinal)
    {
        ["="] = static (v, t) => !double.IsNaN(v) && v == t,
        ["!="] = static (v, t) => double.IsNaN(v) || v != t,
        [">"] = static (v, t) => !double.IsNaN(v) && v > t,
        [">="] = static (v, t) => !double.IsNaN(v) && v >= t,
        ["<"] = static (v, t) => double.IsNaN(v) || v < t,
        ["<="] = static (v, t) => double.IsNaN(v) || v <= t,
    };

    /// <summary>The shortcuts: name, aggregation, operator, description.</summary>
    private static readonly (string Name, string Func, string Operator, string Description)[] Shortcuts =
    [
        ("maximumAbove", "max", ">", "Keeps the series whose maximum is above n. Example: maximumAbove(system.interface.eth*.packetsSent,1000)"),
        ("minimumAbove", "min", ">", "Keeps the series whose minimum is above n. Example: minimumAbove(system.interface.eth*.packetsSent,1000)"),
        ("maximumBelow", "max", "<=", "Keeps the series whose maximum is at most n (series with no values too). Example: maximumBelow(system.interface.eth*.packetsSent,1000)"),
        ("minimumBelow", "min", "<=", "Keeps the series whose minimum is at most n (series with no values too). Example: minimumBelow(system.interface.eth*.packetsSent,1000)"),
        ("currentAbove", "last", ">", "Keeps the series whose last non-null value is above n. Example: currentAbove(server*.instance*.threads.busy,50)"),
        ("currentBelow", "last", "<=", "Keeps the series whose last non-null value is at most n (series with no values too). Example: currentBelow(server*.instance*.threads.busy,3)"),
        ("averageAbove", "average", ">", "Keeps the series whose average is above n. Example: averageAbove(server*.instance*.threads.busy,25)"),
        ("averageBelow", "average", "<=", "Keeps the series whose average is at most n (series with no values too). Example: averageBelow(server*.instance*.threads.busy,25)"),
    ];

    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "filterSeries",
            FunctionGroups.FilterSeries,
            "Keeps the series whose value aggregated over the whole range (average, max, last, ...) compares to the threshold as the operator says. Example: filterSeries(system.interface.eth*.packetsSent,'max','>',1000)",
            [
                ParamSpec.SeriesListParam(),
                new("func", ParamType.AggFunc) { Required = true },
                new("operator", ParamType.String) { Required = true, Options = [.. Operators.Keys.Order(StringComparer.Ordinal)] },
                new("threshold", ParamType.Float) { Required = true },
            ],
            call => Filter(call.SeriesList(), call.String("func"), call.String("operator"), call.Float("threshold"), call)),
        .. Shortcuts.Select(s => new FunctionDefinition(
            s.Name,
            FunctionGroups.FilterSeries,
            s.Description,
            [ParamSpec.SeriesListParam(), new("n", ParamType.Float) { Required = true }],
            call => Filter(call.SeriesList(), s.Func, s.Operator, call.Float("n"), call))),
    ];

    private static List<TimeSeries> Filter(List<TimeSeries> seriesList, string func, string op, double threshold, FunctionCall call)
    {
        var aggregate = SeriesAggregates.Get(func);
        if (!Operators.TryGetValue(op, out var passes))
        {
            throw call.Error($"Unsupported operator: {op}");
        }

        return [.. seriesList.Where(series => passes(aggregate(series), threshold))];
    }
}

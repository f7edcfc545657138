using Mine.Query.Series;

namespace Mine.Query.Functions.Common;

/// <summary>
/// graphite-web's aggregations applied to a whole series: <c>getAggFunc(func)(series)</c> as highest(), sortBy(),
/// filterSeries() and legendValue() use it, and <c>safe.safeLast/safeMax/safeMin(series)</c> as cactiStyle() and
/// aliasQuery() do. The safe* helpers receive the TimeSeries itself, so what they see depends on how they read it:
/// iterating yields consolidated points (<see cref="TimeSeries.GetPoints"/>) while <c>len()</c>, truthiness and
/// <c>reversed()</c> read the raw list (<see cref="TimeSeries.Values"/>). This mirrors that per function; it only
/// matters once something consolidated the series (valuesPerPoint &gt; 1).
/// </summary>
public static class SeriesAggregates
{
    /// <summary>safeLast(series): walks <c>reversed(series)</c>, so the raw values even when consolidated.</summary>
    public static double Last(TimeSeries series) => AggregationFunctions.SafeLast(series.Values);

    /// <summary>safeMax(series) over the points iteration yields.</summary>
    public static double Max(TimeSeries series) => AggregationFunctions.SafeMax(series.GetPoints());

    /// <summary>safeMin(series) over the points iteration yields.</summary>
    public static double Min(TimeSeries series) => AggregationFunctions.SafeMin(series.GetPoints());

    /// <summary>The reducer for an aggregation name or alias (None = NaN).</summary>
    /// <exception cref="QueryArgumentException">"Unsupported aggregation function: x".</exception>
    public static Func<TimeSeries, double> Get(string name)
    {
        var rowFunction = AggregationFunctions.Get(name);
        return name switch
        {
            "last" or "current" => Last,

            // safeAvgZero: `if values` and `len(values)` are raw, the sum iterates consolidated points.
            "avg_zero" => static series => AverageZero(series),

            // safeMul(*series) unpacks the points; reduce() over no factors raises TypeError in graphite-web.
            "multiply" => static series => series.GetPoints() is { Length: > 0 } points
                ? AggregationFunctions.SafeMultiply(points)
                : throw new QueryArgumentException("the multiply aggregation of an empty series is undefined"),
            _ => series => rowFunction(series.GetPoints()),
        };
    }

    private static double AverageZero(TimeSeries series)
    {
        if (series.Values.Length == 0)
        {
            return double.NaN;
        }

        var total = 0.0;
        foreach (var v in series.GetPoints())
        {
            total += double.IsNaN(v) ? 0 : v;
        }

        return total / series.Values.Length;
    }
}

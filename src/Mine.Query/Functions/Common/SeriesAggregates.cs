using Mine.Query.Series;

namespace Mine.Query.Functions.Common;

/// <summary>
/// <c>getAggFunc(func)(series)</c>: an aggregation applied to a whole series, as highest(), sortBy() and
/// filterSeries() use it. The safe* helpers receive the TimeSeries itself, so what they see depends on how they
/// read it: iterating yields consolidated points (<see cref="TimeSeries.GetPoints"/>) while <c>len()</c>,
/// truthiness and <c>reversed()</c> read the raw list (<see cref="TimeSeries.Values"/>). This mirrors that
/// per function; it only matters once something consolidated the series (valuesPerPoint &gt; 1).
/// </summary>
public static class SeriesAggregates
{
    /// <summary>The reducer for an aggregation name or alias (None = NaN).</summary>
    /// <exception cref="QueryArgumentException">"Unsupported aggregation function: x".</exception>
    public static Func<TimeSeries, double> Get(string name)
    {
        var rowFunction = AggregationFunctions.Get(name);
        return name switch
        {
            // safeLast walks reversed(series): list.__reversed__ reads the raw values.
            "last" or "current" => static series => AggregationFunctions.SafeLast(series.Values),

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

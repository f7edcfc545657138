using Mine.Query.Series;

namespace Mine.Query.Functions.Common;

/// <summary>
/// graphite-web's aggregation helpers called on a whole series object (<c>safe.safeLast(series)</c>,
/// <c>getAggFunc(name)(series)</c>), with the Python quirks of how they read it: iteration yields consolidated
/// points, but <c>reversed(series)</c> and <c>len(series)</c> see the raw list.
/// </summary>
public static class SeriesValues
{
    /// <summary>safeLast(series): walks <c>reversed(series)</c>, so the raw values even when consolidated.</summary>
    public static double Last(TimeSeries series) => AggregationFunctions.SafeLast(series.Values);

    /// <summary>safeMax(series) over the points iteration yields.</summary>
    public static double Max(TimeSeries series) => AggregationFunctions.SafeMax(series.GetPoints());

    /// <summary>safeMin(series) over the points iteration yields.</summary>
    public static double Min(TimeSeries series) => AggregationFunctions.SafeMin(series.GetPoints());

    /// <summary>
    /// getAggFunc(name)(series). "last"/"current" read the raw values (see <see cref="Last"/>); "avg_zero" divides
    /// the sum of the points by the raw length; the others reduce the points.
    /// </summary>
    /// <exception cref="QueryArgumentException">Not an aggregation name.</exception>
    public static double Aggregate(TimeSeries series, string name)
    {
        switch (name)
        {
            case "last" or "current":
                return Last(series);
            case "avg_zero":
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
            default:
                return AggregationFunctions.Get(name)(series.GetPoints());
        }
    }
}

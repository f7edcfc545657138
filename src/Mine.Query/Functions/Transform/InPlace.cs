using Mine.Query.Series;

namespace Mine.Query.Functions.Transform;

/// <summary>
/// graphite-web's <c>for i, value in enumerate(series): series[i] = f(value)</c>: the loop reads the points
/// iteration yields (consolidated ones once valuesPerPoint &gt; 1) but writes the raw list at the same index,
/// so a consolidated series only has its first raw values replaced. Mirrored on purpose.
/// </summary>
internal static class InPlace
{
    /// <summary>Writes f(point) for every point, None included (f sees NaN).</summary>
    public static void Map(TimeSeries series, Func<double, double> transform) => Map(series, transform, skipNone: false);

    /// <summary>The <c>if value is not None: series[i] = f(value)</c> form: None points leave the raw value alone.</summary>
    public static void MapNonNull(TimeSeries series, Func<double, double> transform) => Map(series, transform, skipNone: true);

    private static void Map(TimeSeries series, Func<double, double> transform, bool skipNone)
    {
        var points = series.GetPoints();
        var values = series.Values;
        for (var i = 0; i < points.Length; i++)
        {
            if (!skipNone || !double.IsNaN(points[i]))
            {
                values[i] = transform(points[i]);
            }
        }
    }
}

using Mine.Graphs.Graphs;

namespace Mine.Graphs.Layout;

/// <summary>The value range a set of series needs on its axis (glyph.py <c>dataLimits</c>).</summary>
public static class DataLimits
{
    /// <returns>
    /// The smallest and largest finite drawn value, (0, 1) when there is none; with <paramref name="stacked"/> the
    /// top is the largest column sum; drawNullAsZero pulls the range to zero when some value is missing.
    /// </returns>
    public static (double Min, double Max) Of(IReadOnlyList<GraphSeries> data, bool drawNullAsZero, bool stacked)
    {
        // "None in series" looks at the raw values, min/max at the drawn (consolidated) ones.
        // Only drawNullAsZero asks; it costs a pass over every raw value.
        var missingValues = drawNullAsZero && data.Any(static s => Array.Exists(s.Series.Values, double.IsNaN));
        var finiteData = data.Where(static s => !IsTruthy(s, "drawAsInfinite")).ToList();

        double? yMin = null;
        foreach (var series in finiteData)
        {
            if (SafeMin(series.Points()) is { } m && (yMin is null || m < yMin))
            {
                yMin = m;
            }
        }

        if (yMin is not { } minValue)
        {
            return (0.0, 1.0);
        }

        if (minValue > 0.0 && drawNullAsZero && missingValues)
        {
            minValue = 0.0;
        }

        double? yMax = null;
        if (stacked)
        {
            var length = finiteData.Min(static s => s.Series.Values.Length);
            for (var i = 0; i < length; i++)
            {
                var sum = 0.0;
                foreach (var series in finiteData)
                {
                    var v = series.Series.Values[i];
                    if (double.IsFinite(v))
                    {
                        sum += v;
                    }
                }

                if (yMax is null || sum > yMax)
                {
                    yMax = sum;
                }
            }
        }
        else
        {
            foreach (var series in finiteData)
            {
                if (SafeMax(series.Points()) is { } m && (yMax is null || m > yMax))
                {
                    yMax = m;
                }
            }
        }

        var maxValue = yMax ?? minValue;
        if (maxValue < 0.0 && drawNullAsZero && missingValues)
        {
            maxValue = 0.0;
        }

        return (minValue, maxValue);
    }

    private static bool IsTruthy(GraphSeries series, string option)
        => series.Options.TryGetValue(option, out var value) && value is not (false or 0L or 0.0 or null);

    private static double? SafeMin(double[] values)
    {
        double? min = null;
        foreach (var v in values)
        {
            if (double.IsFinite(v) && (min is null || v < min))
            {
                min = v;
            }
        }

        return min;
    }

    private static double? SafeMax(double[] values)
    {
        double? max = null;
        foreach (var v in values)
        {
            if (double.IsFinite(v) && (max is null || v > max))
            {
                max = v;
            }
        }

        return max;
    }
}

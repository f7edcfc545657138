using Mine.Query.Series;

namespace Mine.Query.Render;

/// <summary>
/// The maxDataPoints step of graphite-web 1.1.8's render/views.py <c>renderViewJson</c>, which mutates the
/// series before they are written (only the JSON format does this).
/// </summary>
public static class MaxDataPointsConsolidation
{
    /// <summary>
    /// Applies <paramref name="maxDataPoints"/> to every series, as graphite-web does inside <c>if any(data)</c>:
    /// <list type="bullet">
    /// <item><c>maxDataPoints == 1</c>: each series collapses to one point (<c>consolidate(len(series))</c>).</item>
    /// <item>Otherwise a series is consolidated when <c>maxDataPoints &lt; timeRange / step</c>, where timeRange
    /// spans all series (min start to max end), so a short series next to a long one is consolidated too.
    /// <c>valuesPerPoint = ceil(points / maxDataPoints)</c>; to keep buckets aligned between refreshes the start
    /// moves forward by <c>nudge = secondsPerPoint + start % step - start % secondsPerPoint</c> and the first
    /// <c>nudge / step - 1</c> values are dropped (one fewer than the nudge covers, so each point is stamped one
    /// step after its first value).</item>
    /// </list>
    /// Where graphite-web crashes this is lenient: maxDataPoints &lt;= 0 (ZeroDivisionError there) is ignored,
    /// and dropping more values than a series has (IndexError there) just empties it.
    /// </summary>
    /// <returns>False when no series has any value (graphite-web then writes <c>[]</c>), otherwise true.</returns>
    public static bool Apply(IReadOnlyList<TimeSeries> seriesList, int maxDataPoints)
    {
        if (!AnyValues(seriesList))
        {
            return false;
        }

        if (maxDataPoints <= 0)
        {
            return true;
        }

        var startTime = long.MaxValue;
        var endTime = long.MinValue;
        foreach (var series in seriesList)
        {
            startTime = Math.Min(startTime, series.Start);
            endTime = Math.Max(endTime, series.End);
        }

        var timeRange = endTime - startTime;
        foreach (var series in seriesList)
        {
            if (maxDataPoints == 1)
            {
                series.Consolidate(series.Values.Length);
                continue;
            }

            var numberOfDataPoints = (double)timeRange / series.Step;
            if (maxDataPoints < numberOfDataPoints)
            {
                var valuesPerPoint = Math.Ceiling(numberOfDataPoints / maxDataPoints);
                var secondsPerPoint = (long)(valuesPerPoint * series.Step);
                var nudge = secondsPerPoint + FloorMod(series.Start, series.Step) - FloorMod(series.Start, secondsPerPoint);
                series.Start += nudge;
                var valuesToLose = (long)((double)nudge / series.Step);
                var dropped = (int)Math.Clamp(valuesToLose - 1, 0, series.Values.Length);
                if (dropped > 0)
                {
                    series.Values = series.Values[dropped..];
                }

                series.Consolidate((int)Math.Min(valuesPerPoint, int.MaxValue));
            }
        }

        return true;
    }

    /// <summary>Python's <c>any(data)</c> over a list of lists: true when some series has values.</summary>
    public static bool AnyValues(IReadOnlyList<TimeSeries> seriesList)
    {
        foreach (var series in seriesList)
        {
            if (series.Values.Length > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static long FloorMod(long value, long divisor)
    {
        var remainder = value % divisor;
        return remainder != 0 && (remainder < 0) != (divisor < 0) ? remainder + divisor : remainder;
    }
}

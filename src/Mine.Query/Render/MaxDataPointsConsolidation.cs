using Mine.Core.Series;
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
                (series.Start, var dropped) = Nudge(series.Start, series.Step, (long)(valuesPerPoint * series.Step), series.Values.Length);
                if (dropped > 0)
                {
                    series.Values = series.Values[dropped..];
                }

                series.Consolidate((int)Math.Min(valuesPerPoint, int.MaxValue));
            }
        }

        return true;
    }

    /// <summary>
    /// What <see cref="Apply"/> makes of one series read alone, computed while it is read: for reads that would pass
    /// the request's limits at full resolution (docs/compatibility.md, "Long ranges"). The buckets, the nudge and the
    /// timestamps are Apply's for a series spanning the read (graphite-web's render consolidation: "average" and the
    /// request's xFilesFactor), so Apply leaves the result as it is, and a plain target answers as if every point
    /// had been read. Functions then work on the consolidated points.
    /// </summary>
    /// <param name="read">The series at its archive's resolution.</param>
    /// <param name="maxDataPoints">The points the request draws.</param>
    /// <param name="xFilesFactor">The request's xFilesFactor (0 when it gave none).</param>
    /// <param name="rent">Where the consolidated values go (an array of at least the given length).</param>
    public static FetchedSeries WhileReading(FetchedSeries read, int maxDataPoints, double xFilesFactor, Func<int, double[]> rent)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDataPoints);
        var length = read.Values.Length;
        if (length == 0 || (maxDataPoints != 1 && maxDataPoints >= length))
        {
            return read;
        }

        var valuesPerPoint = ValuesPerPointWhileReading(length, maxDataPoints);
        var start = read.Start;
        var kept = read.Values.AsSpan();
        var secondsPerPoint = valuesPerPoint * read.Step;
        if (maxDataPoints != 1)
        {
            (start, var dropped) = Nudge(start, read.Step, secondsPerPoint, length);
            kept = kept[dropped..];
        }

        var points = (kept.Length + valuesPerPoint - 1) / valuesPerPoint;
        var values = rent(points);
        SeriesConsolidation.Consolidate(kept, valuesPerPoint, TimeSeries.DefaultConsolidationFunc, xFilesFactor, values);
        return new FetchedSeries(read.Name, start, start + (points * secondsPerPoint), secondsPerPoint, values.Length == points ? values : values[..points])
        {
            ConsolidationFunction = read.ConsolidationFunction,
            XFilesFactor = read.XFilesFactor,
        };
    }

    /// <summary>The most values <see cref="WhileReading"/> returns for a read of <paramref name="length"/> values.</summary>
    public static long MaxLengthWhileReading(long length, int maxDataPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDataPoints);
        return length <= 0 || (maxDataPoints != 1 && maxDataPoints >= length)
            ? Math.Max(0, length)
            : (length / ValuesPerPointWhileReading(length, maxDataPoints)) + 1;
    }

    /// <summary>Apply's <c>ceil(numberOfDataPoints / maxDataPoints)</c> for a series alone (its time range is its own).</summary>
    private static int ValuesPerPointWhileReading(long length, int maxDataPoints) =>
        (int)Math.Min(maxDataPoints == 1 ? length : (long)Math.Ceiling((double)length / maxDataPoints), int.MaxValue);

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

    /// <summary>
    /// renderViewJson's alignment of consolidated buckets between refreshes: the start moves forward by
    /// <c>nudge = secondsPerPoint + start % step - start % secondsPerPoint</c>, and one value fewer than the nudge
    /// covers is dropped (at most all of them).
    /// </summary>
    private static (long Start, int Dropped) Nudge(long start, long step, long secondsPerPoint, int length)
    {
        var nudge = secondsPerPoint + FloorMod(start, step) - FloorMod(start, secondsPerPoint);
        var valuesToLose = (long)((double)nudge / step);
        return (start + nudge, (int)Math.Clamp(valuesToLose - 1, 0, length));
    }

    private static long FloorMod(long value, long divisor)
    {
        var remainder = value % divisor;
        return remainder != 0 && (remainder < 0) != (divisor < 0) ? remainder + divisor : remainder;
    }
}

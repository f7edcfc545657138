namespace Mine.Query.Render;

/// <summary>
/// graphite-web's render/datalib.py <c>TimeSeries.__consolidatingGenerator</c>: merges each run of
/// <c>valuesPerPoint</c> values into one point. A bucket (including a shorter last one) yields None unless it
/// holds at least one non-null value and <c>nonNull / valuesPerPoint &gt;= xFilesFactor</c>; note the last
/// bucket is still measured against the full <c>valuesPerPoint</c>.
/// </summary>
public static class SeriesConsolidation
{
    /// <summary>Whether graphite-web knows the consolidation function (including the "avg" alias).</summary>
    public static bool IsKnownFunction(string function)
        => function is "sum" or "average" or "avg" or "avg_zero" or "max" or "min" or "first" or "last";

    /// <summary>Consolidates <paramref name="values"/> (NaN = None) into ceil(n / valuesPerPoint) points.</summary>
    /// <exception cref="ArgumentException">The function is unknown ("Invalid consolidation function: 'x'").</exception>
    public static double[] Consolidate(ReadOnlySpan<double> values, int valuesPerPoint, string function, double xFilesFactor)
    {
        if (!IsKnownFunction(function))
        {
            throw new ArgumentException($"Invalid consolidation function: '{function}'", nameof(function));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(valuesPerPoint, 1);
        var points = new double[(values.Length + valuesPerPoint - 1) / valuesPerPoint];
        Consolidate(values, valuesPerPoint, function, xFilesFactor, points);
        return points;
    }

    /// <summary>Writes the ceil(n / valuesPerPoint) consolidated points into the start of <paramref name="points"/>.</summary>
    /// <exception cref="ArgumentException">The function is unknown, or <paramref name="points"/> is too short.</exception>
    public static void Consolidate(ReadOnlySpan<double> values, int valuesPerPoint, string function, double xFilesFactor, Span<double> points)
    {
        if (!IsKnownFunction(function))
        {
            throw new ArgumentException($"Invalid consolidation function: '{function}'", nameof(function));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(valuesPerPoint, 1);
        var count = (values.Length + valuesPerPoint - 1) / valuesPerPoint;
        if (points.Length < count)
        {
            throw new ArgumentException($"{count} points do not fit in {points.Length}.", nameof(points));
        }

        for (var point = 0; point < count; point++)
        {
            var bucketStart = point * valuesPerPoint;
            var bucket = values.Slice(bucketStart, Math.Min(valuesPerPoint, values.Length - bucketStart));
            points[point] = ConsolidateBucket(bucket, valuesPerPoint, function, xFilesFactor);
        }
    }

    private static double ConsolidateBucket(ReadOnlySpan<double> bucket, int valuesPerPoint, string function, double xFilesFactor)
    {
        var nonNull = 0;
        foreach (var value in bucket)
        {
            if (!double.IsNaN(value))
            {
                nonNull++;
            }
        }

        if (nonNull == 0 || (double)nonNull / valuesPerPoint < xFilesFactor)
        {
            return double.NaN;
        }

        return function switch
        {
            "sum" => Sum(bucket),
            "average" or "avg" => Sum(bucket) / nonNull,

            // avg_zero puts a 0 in the buffer for each None, so it divides by the bucket length.
            "avg_zero" => Sum(bucket) / bucket.Length,
            "max" => Extreme(bucket, takeGreater: true),
            "min" => Extreme(bucket, takeGreater: false),
            "first" => FirstNonNull(bucket),
            _ => LastNonNull(bucket),
        };
    }

    /// <summary>CPython 3.11's sum(): left to right from 0, no compensation (3.12+ compensates).</summary>
    private static double Sum(ReadOnlySpan<double> bucket)
    {
        var total = 0.0;
        foreach (var value in bucket)
        {
            if (!double.IsNaN(value))
            {
                total += value;
            }
        }

        return total;
    }

    /// <summary>max()/min(): the first of equal extremes wins, which matters only for 0.0 versus -0.0.</summary>
    private static double Extreme(ReadOnlySpan<double> bucket, bool takeGreater)
    {
        var best = double.NaN;
        foreach (var value in bucket)
        {
            if (double.IsNaN(value))
            {
                continue;
            }

            if (double.IsNaN(best) || (takeGreater ? value > best : value < best))
            {
                best = value;
            }
        }

        return best;
    }

    private static double FirstNonNull(ReadOnlySpan<double> bucket)
    {
        foreach (var value in bucket)
        {
            if (!double.IsNaN(value))
            {
                return value;
            }
        }

        return double.NaN;
    }

    private static double LastNonNull(ReadOnlySpan<double> bucket)
    {
        for (var i = bucket.Length - 1; i >= 0; i--)
        {
            if (!double.IsNaN(bucket[i]))
            {
                return bucket[i];
            }
        }

        return double.NaN;
    }
}

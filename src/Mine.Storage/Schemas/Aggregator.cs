namespace Mine.Storage.Schemas;

/// <summary>Rolls a window of finer points into one coarser point, exactly as whisper's <c>__propagate</c> + <c>aggregate()</c>.</summary>
public static class Aggregator
{
    /// <summary>
    /// Aggregates one coarse slot from the fine slots that fall into it.
    /// </summary>
    /// <param name="method">The series' aggregation method.</param>
    /// <param name="values">The fine slots in time order; NaN marks a missing slot (whisper's None).</param>
    /// <param name="expectedCount">How many fine slots the coarse slot spans (coarse step / fine step). Slots beyond
    /// <c>values.Length</c> count as missing.</param>
    /// <param name="xFilesFactor">Minimum fraction of known slots. Whisper keeps xFilesFactor as a float32 in its
    /// header, so 0.1 acts as 0.100000001 there (1 known of 10 does not propagate); pass <c>(double)(float)xff</c>
    /// to reproduce that bit for bit.</param>
    /// <returns>NaN when no slot is known or <c>known / expected &lt; xFilesFactor</c>; otherwise:
    /// average = sum(known) / known; sum; last = the latest known; max; min;
    /// avg_zero = sum(known) / expected; absmax / absmin = the value of largest / smallest magnitude, sign kept
    /// (the earliest on ties, like Python's max/min with a key). Sums add left to right as Python 3.11 does.</returns>
    public static double Aggregate(AggregationMethod method, ReadOnlySpan<double> values, int expectedCount, double xFilesFactor)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(expectedCount);
        if (values.Length > expectedCount)
        {
            throw new ArgumentException(
                $"{values.Length} values given for a window of {expectedCount} slots.", nameof(values));
        }

        var known = 0;
        var sum = 0.0;
        double last = double.NaN, max = double.NaN, min = double.NaN;
        double absMax = double.NaN, absMin = double.NaN;
        foreach (var value in values)
        {
            if (double.IsNaN(value))
            {
                continue;
            }

            if (known == 0)
            {
                max = min = absMax = absMin = value;
            }
            else
            {
                // Strict comparisons keep the earliest of equals, as Python's max()/min() do.
                if (value > max)
                {
                    max = value;
                }

                if (value < min)
                {
                    min = value;
                }

                if (Math.Abs(value) > Math.Abs(absMax))
                {
                    absMax = value;
                }

                if (Math.Abs(value) < Math.Abs(absMin))
                {
                    absMin = value;
                }
            }

            sum += value;
            last = value;
            known++;
        }

        // whisper: "if not knownValues: return False" then "if knownPercent >= xff" (so NaN xff never passes).
        if (known == 0 || !((double)known / expectedCount >= xFilesFactor))
        {
            return double.NaN;
        }

        return method switch
        {
            AggregationMethod.Average => sum / known,
            AggregationMethod.Sum => sum,
            AggregationMethod.Last => last,
            AggregationMethod.Max => max,
            AggregationMethod.Min => min,
            AggregationMethod.AvgZero => sum / expectedCount,
            AggregationMethod.AbsMax => absMax,
            AggregationMethod.AbsMin => absMin,
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown aggregation method."),
        };
    }
}

namespace Mine.Query.Functions;

/// <summary>
/// graphite-web's functions/aggfuncs.py and the safe* helpers it uses (functions/safe.py): each reduces a row of
/// values (NaN = None) to one value or None, skipping Nones. Sums run left to right like CPython 3.11's sum().
/// </summary>
public static class AggregationFunctions
{
    /// <summary>Every name aggregate() and groupBy* accept: the functions, then the aliases.</summary>
    public static IReadOnlyList<object> AllNames { get; } =
        ["average", "avg_zero", "median", "sum", "min", "max", "diff", "stddev", "count", "range", "multiply", "last", "rangeOf", "avg", "total", "current"];

    /// <summary>Whether <paramref name="name"/> is an aggregation name (aliases included).</summary>
    public static bool IsKnown(string name) => AllNames.Contains(name);

    /// <summary>getAggFunc: the reducer for a name or alias.</summary>
    /// <exception cref="QueryArgumentException">"Unsupported aggregation function: x".</exception>
    public static Func<ReadOnlySpan<double>, double> Get(string name) => name switch
    {
        "average" or "avg" => SafeAverage,
        "avg_zero" => SafeAverageZero,
        "median" => SafeMedian,
        "sum" or "total" => SafeSum,
        "min" => SafeMin,
        "max" => SafeMax,
        "diff" => SafeDiff,
        "stddev" => SafeStdDev,
        "count" => SafeCount,
        "range" or "rangeOf" => values => SafeMax(values) - SafeMin(values),
        "multiply" => SafeMultiply,
        "last" or "current" => SafeLast,
        _ => throw new QueryArgumentException($"Unsupported aggregation function: {name}"),
    };

    /// <summary>safeSum: None when every value is None.</summary>
    public static double SafeSum(ReadOnlySpan<double> values)
    {
        var total = 0.0;
        var any = false;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                total += v;
                any = true;
            }
        }

        return any ? total : double.NaN;
    }

    /// <summary>safeLen: the number of non-None values (0 when all are None, not None).</summary>
    public static double SafeCount(ReadOnlySpan<double> values)
    {
        var count = 0;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                count++;
            }
        }

        return count;
    }

    public static double SafeAverage(ReadOnlySpan<double> values)
    {
        var count = SafeCount(values);
        return count == 0 ? double.NaN : SafeSum(values) / count;
    }

    /// <summary>safeAvgZero: Nones count as 0; None only for an empty row.</summary>
    public static double SafeAverageZero(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        var total = 0.0;
        foreach (var v in values)
        {
            total += double.IsNaN(v) ? 0 : v;
        }

        return total / values.Length;
    }

    /// <summary>safeMedian: the middle value, or the mean of the two middle ones.</summary>
    public static double SafeMedian(ReadOnlySpan<double> values)
    {
        var sorted = NonNull(values);
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(sorted);
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 0 ? (sorted[mid - 1] + sorted[mid]) / 2 : sorted[mid];
    }

    public static double SafeMin(ReadOnlySpan<double> values)
    {
        var best = double.NaN;
        foreach (var v in values)
        {
            if (!double.IsNaN(v) && (double.IsNaN(best) || v < best))
            {
                best = v;
            }
        }

        return best;
    }

    public static double SafeMax(ReadOnlySpan<double> values)
    {
        var best = double.NaN;
        foreach (var v in values)
        {
            if (!double.IsNaN(v) && (double.IsNaN(best) || v > best))
            {
                best = v;
            }
        }

        return best;
    }

    /// <summary>safeDiff: the first non-None value minus all later ones (summed as <c>sum([a, -b, -c])</c>).</summary>
    public static double SafeDiff(ReadOnlySpan<double> values)
    {
        var total = 0.0;
        var first = true;
        foreach (var v in values)
        {
            if (double.IsNaN(v))
            {
                continue;
            }

            total += first ? v : -v;
            first = false;
        }

        return first ? double.NaN : total;
    }

    /// <summary>safeStdDev: population standard deviation of the non-None values.</summary>
    public static double SafeStdDev(ReadOnlySpan<double> values)
    {
        var count = SafeCount(values);
        if (count == 0)
        {
            return double.NaN;
        }

        var average = SafeSum(values) / count;
        var sum = 0.0;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                sum += (v - average) * (v - average);
            }
        }

        return Math.Sqrt(sum / count);
    }

    /// <summary>safeLast: the last non-None value.</summary>
    public static double SafeLast(ReadOnlySpan<double> values)
    {
        for (var i = values.Length - 1; i >= 0; i--)
        {
            if (!double.IsNaN(values[i]))
            {
                return values[i];
            }
        }

        return double.NaN;
    }

    /// <summary>safeMul: None if any factor is None (unlike the others, it does not skip Nones).</summary>
    public static double SafeMultiply(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        var product = 1.0;
        var firstFactor = true;
        foreach (var v in values)
        {
            if (double.IsNaN(v))
            {
                return double.NaN;
            }

            product = firstFactor ? v : product * v;
            firstFactor = false;
        }

        return product;
    }

    private static double[] NonNull(ReadOnlySpan<double> values)
    {
        var result = new List<double>(values.Length);
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                result.Add(v);
            }
        }

        return [.. result];
    }
}

using Mine.Compat.Python;

namespace Mine.Query.Functions.Common;

/// <summary>
/// graphite-web's <c>_getPercentile(points, n, interpolate)</c> (the NIST rank method): Nones are dropped, the
/// rank is <c>n/100 * (count + 1)</c>, rounded up unless interpolating. Python list indexing is kept, so a
/// negative rank counts from the end and a rank past either end is an IndexError, which callers handle as
/// graphite-web does (skip the series, or fail).
/// </summary>
public static class Percentile
{
    /// <summary>
    /// The percentile, NaN (None) when there are no non-None points; false where graphite-web raises IndexError.
    /// </summary>
    public static bool TryGet(ReadOnlySpan<double> points, double n, bool interpolate, out double percentile)
    {
        var sorted = new List<double>(points.Length);
        foreach (var p in points)
        {
            if (!double.IsNaN(p))
            {
                sorted.Add(p);
            }
        }

        percentile = double.NaN;
        if (sorted.Count == 0)
        {
            return true;
        }

        sorted.Sort();
        var fractionalRank = n / 100.0 * (sorted.Count + 1);
        if (!double.IsFinite(fractionalRank))
        {
            // int() of inf or nan raises OverflowError/ValueError in Python.
            throw new QueryArgumentException($"percentile rank of {PythonFloat.Repr(n)} is not a finite number");
        }

        // int() truncates toward zero; math.ceil of the (possibly negative) fraction adds 0 or 1.
        var rank = (long)Math.Truncate(fractionalRank);
        var rankFraction = fractionalRank - rank;
        if (!interpolate)
        {
            rank += (long)Math.Ceiling(rankFraction);
        }

        double value;
        if (rank == 0)
        {
            value = sorted[0];
        }
        else if (rank - 1 == sorted.Count)
        {
            value = sorted[^1];
        }
        else if (!TryIndex(sorted, rank - 1, out value))
        {
            return false;
        }

        if (interpolate && rank != sorted.Count)
        {
            if (!TryIndex(sorted, rank, out var next))
            {
                return false;
            }

            value += rankFraction * (next - value);
        }

        percentile = value;
        return true;
    }

    /// <summary>Python's list[index]: negative counts from the end; false for IndexError.</summary>
    private static bool TryIndex(List<double> list, long index, out double value)
    {
        if (index < 0)
        {
            index += list.Count;
        }

        if (index < 0 || index >= list.Count)
        {
            value = double.NaN;
            return false;
        }

        value = list[(int)index];
        return true;
    }
}

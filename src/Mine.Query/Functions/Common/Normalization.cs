using Mine.Query.Evaluation;
using Mine.Query.Series;

namespace Mine.Query.Functions.Common;

/// <summary>
/// graphite-web's helpers for combining series of different steps: <c>normalize</c>, <c>lcm</c>, <c>xff</c>.
/// Remember that in graphite-web iterating a series yields consolidated points once <c>consolidate()</c> set
/// valuesPerPoint (here <see cref="TimeSeries.GetPoints"/>), while <c>len()</c> and indexing see raw values.
/// </summary>
public static class Normalization
{
    /// <summary>
    /// normalize(seriesLists): concatenates the lists, consolidates every series to the least common multiple
    /// of the steps, and returns the combined start (min), end (max, trimmed to whole steps) and step.
    /// Null when there is no series at all (graphite-web's NormalizeEmptyResultError).
    /// </summary>
    public static (List<TimeSeries> Series, long Start, long End, long Step)? Normalize(IEnumerable<List<TimeSeries>> seriesLists)
    {
        var all = seriesLists.SelectMany(l => l).ToList();
        if (all.Count == 0)
        {
            return null;
        }

        var step = all[0].Step;
        foreach (var series in all.Skip(1))
        {
            step = Lcm(step, series.Step);
        }

        foreach (var series in all)
        {
            series.Consolidate((int)(step / series.Step));
        }

        var start = all.Min(s => s.Start);
        var end = all.Max(s => s.End);
        end -= PythonMod(end - start, step);
        return (all, start, end, step);
    }

    /// <summary>normalize([seriesList]) for a single list.</summary>
    public static (List<TimeSeries> Series, long Start, long End, long Step)? Normalize(List<TimeSeries> seriesList) => Normalize([seriesList]);

    public static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, PythonMod(a, b));

    /// <summary>graphite-web's lcm (which returns a when a == b and otherwise a // gcd(a, b) * b with a &gt; b).</summary>
    public static long Lcm(long a, long b)
    {
        if (a == b)
        {
            return a;
        }

        if (a < b)
        {
            (a, b) = (b, a);
        }

        return PythonFloorDiv(a, Gcd(a, b)) * b;
    }

    /// <summary>xff(nonNull, total, xFilesFactor): enough non-null values? A null factor means graphite-web's default 0.</summary>
    public static bool Xff(int nonNull, int total, double? xFilesFactor)
        => nonNull != 0 && total != 0 && (double)nonNull / total >= (xFilesFactor ?? 0);

    /// <summary>xffValues(values, xFilesFactor): false for an empty row.</summary>
    public static bool XffValues(ReadOnlySpan<double> values, double? xFilesFactor)
    {
        if (values.IsEmpty)
        {
            return false;
        }

        var nonNull = 0;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                nonNull++;
            }
        }

        return Xff(nonNull, values.Length, xFilesFactor);
    }

    /// <summary>
    /// The rows of <c>izip_longest(*seriesList)</c>: row i holds point i of every series (consolidated points),
    /// None (NaN) where a series is shorter.
    /// </summary>
    /// <param name="seriesList">The series.</param>
    /// <param name="context">The request, whose budget the rows are reserved against before they are made.</param>
    /// <param name="function">The function making them (named in errors).</param>
    public static double[][] Rows(IReadOnlyList<TimeSeries> seriesList, EvaluationContext context, string function)
    {
        var points = new double[seriesList.Count][];
        var length = 0;
        for (var s = 0; s < seriesList.Count; s++)
        {
            points[s] = seriesList[s].GetPoints();
            length = Math.Max(length, points[s].Length);
        }

        context.ReserveValues((long)length * seriesList.Count, function);
        var rows = new double[length][];
        for (var i = 0; i < length; i++)
        {
            var row = new double[seriesList.Count]; // reserved: all rows at once, above
            for (var s = 0; s < seriesList.Count; s++)
            {
                row[s] = i < points[s].Length ? points[s][i] : double.NaN;
            }

            rows[i] = row;
        }

        return rows;
    }

    /// <summary>Python's % on ints: the result takes the divisor's sign.</summary>
    public static long PythonMod(long a, long b)
    {
        var r = a % b;
        return r != 0 && (r < 0) != (b < 0) ? r + b : r;
    }

    /// <summary>Python's // on ints: rounds toward negative infinity.</summary>
    public static long PythonFloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0) && ((a < 0) != (b < 0)) ? q - 1 : q;
    }
}

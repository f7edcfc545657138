using System.Buffers;
using Mine.Query.Evaluation;
using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.Combine;

/// <summary>
/// The common reductions computed series by series instead of row by row: the same additions and comparisons in
/// the same order as safeSum/safeMin/... over izip_longest rows (so identical results), without building a row
/// array per timestamp, which dominates wide aggregations such as groupByNode over thousands of series.
/// </summary>
public sealed partial class Aggregate
{
    private static double[]? ReduceColumns(EvaluationContext context, List<TimeSeries> seriesList, string func, double? xFilesFactor)
    {
        if (func is not ("sum" or "total" or "average" or "avg" or "min" or "max" or "count"))
        {
            return null;
        }

        var points = new double[seriesList.Count][];
        var length = 0;
        for (var s = 0; s < seriesList.Count; s++)
        {
            points[s] = seriesList[s].GetPoints();
            length = Math.Max(length, points[s].Length);
        }

        var result = context.NewValues(length);
        var rented = ArrayPool<int>.Shared.Rent(length);
        var counts = rented.AsSpan(0, length);
        counts.Clear();
        var isSum = func is "sum" or "total" or "average" or "avg" or "count";
        var takeGreater = func == "max";
        result.AsSpan().Fill(isSum ? 0 : double.NaN);

        foreach (var series in points)
        {
            for (var t = 0; t < series.Length; t++)
            {
                var value = series[t];
                if (double.IsNaN(value))
                {
                    continue;
                }

                counts[t]++;
                if (isSum)
                {
                    result[t] += value;
                }
                else if (double.IsNaN(result[t]) || (takeGreater ? value > result[t] : value < result[t]))
                {
                    result[t] = value;
                }
            }
        }

        for (var t = 0; t < length; t++)
        {
            // xffValues over a row of seriesList.Count entries (shorter series count as None).
            if (!Normalization.Xff(counts[t], seriesList.Count, xFilesFactor))
            {
                result[t] = double.NaN;
                continue;
            }

            result[t] = func switch
            {
                "average" or "avg" => result[t] / counts[t],
                "count" => counts[t],
                _ => result[t],
            };
        }

        ArrayPool<int>.Shared.Return(rented);
        return result;
    }
}

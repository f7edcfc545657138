using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
    private enum ColumnReduction
    {
        Sum,
        Average,
        Count,
        Min,
        Max,
    }

    private static double[]? ReduceColumns(EvaluationContext context, List<TimeSeries> seriesList, string func, double? xFilesFactor)
    {
        ColumnReduction? reduction = func switch
        {
            "sum" or "total" => ColumnReduction.Sum,
            "average" or "avg" => ColumnReduction.Average,
            "count" => ColumnReduction.Count,
            "min" => ColumnReduction.Min,
            "max" => ColumnReduction.Max,
            _ => null,
        };
        if (reduction is not { } kind)
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

        var result = context.NewUninitializedValues(length, func);
        var rented = ArrayPool<long>.Shared.Rent(length);
        var counts = rented.AsSpan(0, length);
        counts.Clear();
        if (kind is ColumnReduction.Min or ColumnReduction.Max)
        {
            result.AsSpan().Fill(double.NaN);
            foreach (var series in points)
            {
                KeepExtremes(series, result, counts, takeGreater: kind == ColumnReduction.Max);
            }
        }
        else
        {
            result.AsSpan().Clear();
            foreach (var series in points)
            {
                AddPresent(series, result, counts);
            }
        }

        for (var t = 0; t < length; t++)
        {
            // xffValues over a row of seriesList.Count entries (shorter series count as None).
            if (!Normalization.Xff((int)counts[t], seriesList.Count, xFilesFactor))
            {
                result[t] = double.NaN;
            }
            else if (kind == ColumnReduction.Average)
            {
                result[t] /= counts[t];
            }
            else if (kind == ColumnReduction.Count)
            {
                result[t] = counts[t];
            }
        }

        ArrayPool<long>.Shared.Return(rented);
        return result;
    }

    /// <summary>
    /// sums[t] += values[t] and counts[t]++ where values[t] is not None, four columns at a time. Adding the masked
    /// +0.0 for a None leaves every sum bit for bit what skipping it would (the sums start at +0.0 and are never
    /// -0.0), so the result is the same as graphite-web's safeSum over the row in series order.
    /// </summary>
    private static void AddPresent(ReadOnlySpan<double> values, Span<double> sums, Span<long> counts)
    {
        var t = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var value = ref MemoryMarshal.GetReference(values);
            ref var sum = ref MemoryMarshal.GetReference(sums);
            ref var count = ref MemoryMarshal.GetReference(counts);
            for (; t <= values.Length - Vector256<double>.Count; t += Vector256<double>.Count)
            {
                var v = Vector256.LoadUnsafe(ref value, (nuint)t);
                var present = Vector256.Equals(v, v); // all ones where the value is a number, zero for NaN
                (Vector256.LoadUnsafe(ref sum, (nuint)t) + (v & present)).StoreUnsafe(ref sum, (nuint)t);
                (Vector256.LoadUnsafe(ref count, (nuint)t) - present.AsInt64()).StoreUnsafe(ref count, (nuint)t);
            }
        }

        for (; t < values.Length; t++)
        {
            if (!double.IsNaN(values[t]))
            {
                sums[t] += values[t];
                counts[t]++;
            }
        }
    }

    private static void KeepExtremes(ReadOnlySpan<double> values, Span<double> extremes, Span<long> counts, bool takeGreater)
    {
        for (var t = 0; t < values.Length; t++)
        {
            var value = values[t];
            if (double.IsNaN(value))
            {
                continue;
            }

            counts[t]++;
            if (double.IsNaN(extremes[t]) || (takeGreater ? value > extremes[t] : value < extremes[t]))
            {
                extremes[t] = value;
            }
        }
    }
}

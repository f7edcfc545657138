using System.Buffers;
using Mine.Compat.Python;
using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.Combine;

/// <summary>percentileOfSeries(seriesList, n, interpolate=False): the n-th percentile across the series at each point.</summary>
public sealed class PercentileOfSeries : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "percentileOfSeries",
            FunctionGroups.Combine,
            "At each point, the n-th percentile of the series' values (nearest rank, so always one of the values, unless "
            + "interpolate is true). Example: percentileOfSeries(Server*.connections.total,95)",
            [
                ParamSpec.SeriesListParam(),
                new("n", ParamType.Float) { Required = true },
                new("interpolate", ParamType.Boolean) { Default = false },
            ],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var n = call.Float("n");
        var interpolate = call.Boolean("interpolate");
        if (n <= 0)
        {
            throw call.Error("The requested percent is required to be greater than 0");
        }

        if (seriesList.Count == 0)
        {
            return [];
        }

        // The name uses the first series' path expression only, read before normalize() runs.
        var name = $"percentileOfSeries({seriesList[0].PathExpression},{PythonFormat.G(n)})";
        var (_, start, end, step) = Normalization.Normalize(seriesList)!.Value;
        var rows = Normalization.Rows(seriesList, call.Context, call.CalledName);
        var values = call.NewValues(rows.Length);
        var beyond = false;

        // Each timestamp's percentile is independent: a fleet-wide call (thousands of series) spreads them over the cores.
        void Row(int i)
        {
            if (Percentile(rows[i], n, interpolate) is { } percentile)
            {
                values[i] = percentile;
            }
            else
            {
                beyond = true;
            }
        }

        if (seriesList.Count >= 256 && rows.Length > 1 && Environment.ProcessorCount > 1)
        {
            // On the caller's scheduler (the render threads, see RenderScheduler); ParallelOptions defaults to the thread pool.
            Parallel.For(0, rows.Length, new ParallelOptions { CancellationToken = call.Context.CancellationToken, TaskScheduler = TaskScheduler.Current }, Row);
        }
        else
        {
            for (var i = 0; i < rows.Length; i++)
            {
                Row(i);
            }
        }

        if (beyond)
        {
            throw call.Error($"the {PythonFormat.G(n)}th percentile lies beyond the highest value{(interpolate ? " when interpolating" : string.Empty)}; use n up to 100{(interpolate ? ", below 100 with interpolate" : string.Empty)}");
        }

        return [new TimeSeries(name, start, end, step, values, xFilesFactor: call.Context.XFilesFactor ?? 0)];
    }

    /// <summary>
    /// graphite-web's _getPercentile (NIST method): rank = n/100 * (count + 1) over the sorted non-None values,
    /// rounded up unless interpolating, in which case the fraction interpolates toward the next value.
    /// NaN when the row holds no value; null where graphite-web's index runs past the list (n above 100, or
    /// n = 100 with interpolate) or int() fails (n infinite or NaN): graphite-web raises there.
    /// Only the one or two ranks needed are selected (<see cref="StableOrder"/>), not the whole row sorted.
    /// </summary>
    internal static double? Percentile(ReadOnlySpan<double> points, double n, bool interpolate)
    {
        // Scratch for one row, reused through the shared pool (the rows themselves were reserved when made).
        var scratch = ArrayPool<double>.Shared.Rent(points.Length);
        try
        {
            return Percentile(points, scratch, n, interpolate);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
    }

    private static double? Percentile(ReadOnlySpan<double> points, double[] scratch, double n, bool interpolate)
    {
        var count = 0;
        foreach (var p in points)
        {
            if (!double.IsNaN(p))
            {
                scratch[count++] = p;
            }
        }

        if (count == 0)
        {
            return double.NaN;
        }

        var sorted = new StableOrder(points, scratch.AsSpan(0, count));
        var fractionalRank = n / 100.0 * (count + 1);
        if (!(fractionalRank <= count + 1))
        {
            return null;
        }

        var rank = (int)fractionalRank;
        var rankFraction = fractionalRank - rank;
        if (!interpolate)
        {
            rank += (int)Math.Ceiling(rankFraction);
        }

        var percentile = rank == 0 ? sorted[0]
            : rank - 1 == count ? sorted[count - 1]
            : sorted[rank - 1];
        if (interpolate && rank != count)
        {
            if (rank > count)
            {
                return null;
            }

            percentile += rankFraction * (sorted[rank] - percentile);
        }

        return percentile;
    }

    /// <summary>
    /// Elements of Python's stable <c>sorted()</c> of a row's values, found by selection (expected linear time)
    /// instead of sorting. Non-NaN doubles that compare equal are equal bit for bit except 0.0 and -0.0, so a
    /// selected zero is replaced by the zero that a stable sort would put at that position: the zeros keep the
    /// row's order.
    /// </summary>
    private readonly ref struct StableOrder(ReadOnlySpan<double> row, Span<double> values)
    {
        private readonly ReadOnlySpan<double> _row = row;
        private readonly Span<double> _values = values;

        public double this[int index]
        {
            get
            {
                var value = Selection.KthSmallest(_values, index);
                if (value != 0)
                {
                    return value;
                }

                var negatives = 0;
                foreach (var v in _values)
                {
                    if (v < 0)
                    {
                        negatives++;
                    }
                }

                var zero = index - negatives;
                foreach (var v in _row)
                {
                    if (v == 0 && zero-- == 0)
                    {
                        return v;
                    }
                }

                return value;
            }
        }
    }
}

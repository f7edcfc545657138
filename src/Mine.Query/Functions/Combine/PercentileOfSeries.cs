using Mine.Query.Functions.Common;
using Mine.Query.Python;
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
        var rows = Normalization.Rows(seriesList);
        var values = new double[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            values[i] = Percentile(rows[i], n, interpolate)
                ?? throw call.Error($"the {PythonFormat.G(n)}th percentile lies beyond the highest value{(interpolate ? " when interpolating" : string.Empty)}; use n up to 100{(interpolate ? ", below 100 with interpolate" : string.Empty)}");
        }

        return [new TimeSeries(name, start, end, step, values, xFilesFactor: call.Context.XFilesFactor ?? 0)];
    }

    /// <summary>
    /// graphite-web's _getPercentile (NIST method): rank = n/100 * (count + 1) over the sorted non-None values,
    /// rounded up unless interpolating, in which case the fraction interpolates toward the next value.
    /// NaN when the row holds no value; null where graphite-web's index runs past the list (n above 100, or
    /// n = 100 with interpolate) or int() fails (n infinite or NaN): graphite-web raises there.
    /// </summary>
    /// <summary>
    /// Python's stable sorted() of non-NaN doubles: the only equal-but-different values are 0.0 and -0.0, so an
    /// unstable sort followed by putting the zeros back in their original order gives the same list, much faster
    /// than a keyed stable sort (this runs once per timestamp over thousands of series).
    /// </summary>
    private static double[] StableSorted(List<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var firstZero = Array.IndexOf(sorted, 0.0);
        if (firstZero >= 0)
        {
            var position = firstZero;
            foreach (var value in values)
            {
                if (value == 0)
                {
                    sorted[position++] = value;
                }
            }
        }

        return sorted;
    }

    internal static double? Percentile(ReadOnlySpan<double> points, double n, bool interpolate)
    {
        var values = new List<double>(points.Length);
        foreach (var p in points)
        {
            if (!double.IsNaN(p))
            {
                values.Add(p);
            }
        }

        if (values.Count == 0)
        {
            return double.NaN;
        }

        // Stable like Python's sorted(), so of 0.0 and -0.0 the first given comes first.
        var sorted = StableSorted(values);
        var fractionalRank = n / 100.0 * (sorted.Length + 1);
        if (!(fractionalRank <= sorted.Length + 1))
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
            : rank - 1 == sorted.Length ? sorted[^1]
            : sorted[rank - 1];
        if (interpolate && rank != sorted.Length)
        {
            if (rank > sorted.Length)
            {
                return null;
            }

            percentile += rankFraction * (sorted[rank] - percentile);
        }

        return percentile;
    }
}

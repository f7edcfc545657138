using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.Calculate;

/// <summary>
/// nPercentile(seriesList, n): a flat line at the n-th percentile of each series' non-null values (nearest rank,
/// NIST method), over as many points as the series' time span holds.
/// </summary>
public sealed class NPercentile : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "nPercentile",
            FunctionGroups.Calculate,
            "Replaces each series by a constant line at the n-th percentile of its non-null values; series without values are dropped. Example: nPercentile(Server.instance*.response.time,95)",
            [ParamSpec.SeriesListParam(), new("n", ParamType.Float) { Required = true }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var n = call.Float("n");
        if (n == 0)
        {
            throw call.Error("The requested percent is required to be greater than 0");
        }

        var results = new List<TimeSeries>();
        foreach (var series in seriesList)
        {
            var sorted = series.GetPoints().Where(v => !double.IsNaN(v)).ToArray();
            if (sorted.Length == 0)
            {
                continue;
            }

            Array.Sort(sorted);
            var percentile = Percentile(sorted, n, call);
            series.Tags["nPercentile"] = PythonFormat.Str(n);

            // int((end - start) / step): true division, then truncation toward zero.
            if (series.Step == 0)
            {
                throw call.Error($"series {series.Name} has a step of 0 seconds");
            }

            var pointCount = (long)Math.Truncate((double)(series.End - series.Start) / series.Step);
            var values = call.NewValues(Math.Max(0, pointCount));
            Array.Fill(values, percentile);
            results.Add(series.Copy(name: $"nPercentile({series.Name}, {PythonFormat.G(n)})", values: values));
        }

        return results;
    }

    /// <summary>graphite-web's _getPercentile without interpolation, Python's negative indexing included.</summary>
    private static double Percentile(double[] sorted, double n, FunctionCall call)
    {
        var fractionalRank = n / 100.0 * (sorted.Length + 1);
        if (!double.IsFinite(fractionalRank) || Math.Abs(fractionalRank) > 9e15)
        {
            throw call.Error($"percentile {PythonFloat.Repr(n)} gives no rank");
        }

        var rank = (long)Math.Truncate(fractionalRank);
        var rankFraction = fractionalRank - rank;
        rank += (long)Math.Ceiling(rankFraction);
        if (rank == 0)
        {
            return sorted[0];
        }

        if (rank - 1 == sorted.Length)
        {
            return sorted[^1];
        }

        return PythonList.Item(sorted, rank - 1, call.Error);
    }
}

using Mine.Compat.Python;
using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.Combine;

/// <summary>
/// weightedAverage(seriesListAvg, seriesListWeight, *nodes): sum(avg × weight) / sum(weight) point by point,
/// pairing averages and weights that share the given nodes or tags.
/// </summary>
public sealed class WeightedAverage : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "weightedAverage",
            FunctionGroups.Combine,
            "The weighted average of the first list with the second as weights: average and weight series pair up by the given nodes or tags, then sum(average × weight) / sum(all weights) at each point. Example: weightedAverage(*.transactions.mean,*.transactions.count,0)",
            [
                ParamSpec.SeriesListParam("seriesListAvg"),
                ParamSpec.SeriesListParam("seriesListWeight"),
                new("nodes", ParamType.NodeOrTag) { Multiple = true },
            ],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var averages = call.SeriesList("seriesListAvg");
        var weights = call.SeriesList("seriesListWeight");
        var nodes = call.Values("nodes");
        if (averages.Count != weights.Count)
        {
            throw call.Error($"weightedAverage must receive the same number of series for seriesListAvg and seriesListWeight but received respectively {averages.Count} and {weights.Count}");
        }

        // Keyed by aggKey in first-seen order; a later series with the same key replaces the earlier one.
        var keys = new List<string>();
        var pairs = new Dictionary<string, (TimeSeries? Average, TimeSeries? Weight)>(StringComparer.Ordinal);
        for (var i = 0; i < averages.Count; i++)
        {
            var key = Key(averages[i]);
            pairs[key] = (averages[i], pairs.GetValueOrDefault(key).Weight);
            key = Key(weights[i]);
            pairs[key] = (pairs.GetValueOrDefault(key).Average, weights[i]);
        }

        string Key(TimeSeries series)
        {
            var key = SeriesNaming.AggKey(series, nodes);
            if (!pairs.ContainsKey(key))
            {
                keys.Add(key);
            }

            return key;
        }

        var xFilesFactor = call.Context.XFilesFactor ?? 0;
        var products = new List<TimeSeries>();
        foreach (var key in keys)
        {
            if (pairs[key] is not (Average: { } average, Weight: { } weight))
            {
                continue;
            }

            var a = average.GetPoints();
            var w = weight.GetPoints();
            var values = call.NewValues(Math.Max(a.Length, w.Length));
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = AggregationFunctions.SafeMultiply([i < a.Length ? a[i] : double.NaN, i < w.Length ? w[i] : double.NaN]);
            }

            products.Add(new TimeSeries($"product({weight.Name},{average.Name})", average.Start, average.End, average.Step, values, xFilesFactor: xFilesFactor));
        }

        if (products.Count == 0)
        {
            return [];
        }

        // sumSeries(products) and sumSeries(every weight series, paired or not), as graphite-web calls them.
        var sumProducts = Aggregate.Run(call.Context, [products], "sum")[0];
        var sumWeights = Aggregate.Run(call.Context, [weights], "sum")[0];
        var p = sumProducts.GetPoints();
        var s = sumWeights.GetPoints();
        var result = call.NewValues(Math.Max(p.Length, s.Length));
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = DivideSeries.SafeDiv(i < p.Length ? p[i] : double.NaN, i < s.Length ? s[i] : double.NaN);
        }

        var name = $"weightedAverage({PathExpressions(averages)}, {PathExpressions(weights)}, {string.Join(',', nodes.Select(PythonFormat.Str))})";
        return [new TimeSeries(name, sumProducts.Start, sumProducts.End, sumProducts.Step, result, xFilesFactor: xFilesFactor)];
    }

    /// <summary>','.join(sorted(set(path expressions))).</summary>
    private static string PathExpressions(List<TimeSeries> seriesList)
        => string.Join(',', PythonSort.SortedBy(seriesList.Select(s => s.PathExpression).Distinct(StringComparer.Ordinal), p => p, PythonSort.Strings));
}

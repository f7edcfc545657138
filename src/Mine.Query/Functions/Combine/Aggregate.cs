using Mine.Query.Evaluation;
using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.Combine;

/// <summary>
/// aggregate(seriesList, func, xFilesFactor=None), and <see cref="Run"/>: the one implementation behind
/// sumSeries, averageSeries, groupByNode and every other function graphite-web routes through aggregate().
/// </summary>
public sealed partial class Aggregate : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "aggregate",
            FunctionGroups.Combine,
            "Combines the series into one, point by point, with an aggregation function such as sum, average, min, max, "
            + "median, diff, stddev, count, range, multiply or last. Example: aggregate(host.cpu-[0-7].cpu-{user,system}.value,\"sum\")",
            [
                ParamSpec.SeriesListParam(),
                new("func", ParamType.AggFunc) { Required = true },
                ParamSpec.XFilesFactorParam(),
            ],
            call => Run(call.Context, [call.SeriesList()], call.String("func"), call.FloatOrNull("xFilesFactor"))),
    ];

    /// <summary>
    /// graphite-web's aggregate(): normalizes the lists to a common step (lcm), reduces each row of
    /// izip_longest (shorter series padded with None) with <paramref name="func"/> where the row passes the
    /// xFilesFactor check, and names the result "&lt;func&gt;Series(&lt;path expressions&gt;)". The result's tags
    /// are the tags every input shares (in the first series' order), plus name and aggregatedBy.
    /// Returns an empty list when there is no series at all.
    /// </summary>
    /// <param name="context">The request (its xFilesFactor is the fallback).</param>
    /// <param name="seriesLists">The lists to combine (graphite-web concatenates them).</param>
    /// <param name="func">An aggregation name or alias; a trailing "Series" is ignored ("sumSeries" is "sum").</param>
    /// <param name="xFilesFactor">The share of non-None values a row needs; null takes the request's.</param>
    /// <exception cref="QueryArgumentException">An unknown aggregation name.</exception>
    public static List<TimeSeries> Run(EvaluationContext context, IEnumerable<List<TimeSeries>> seriesLists, string func, double? xFilesFactor = null)
    {
        var rawFunc = func;
        if (func.EndsWith("Series", StringComparison.Ordinal))
        {
            func = func[..^"Series".Length];
        }

        if (!AggregationFunctions.IsKnown(func))
        {
            // getAggFunc names the function as it was given, with any "Series" suffix.
            throw new QueryArgumentException($"Unsupported aggregation function: {rawFunc}");
        }

        var reduce = AggregationFunctions.Get(func);
        if (Normalization.Normalize(seriesLists) is not { } normalized)
        {
            return [];
        }

        var (seriesList, start, end, step) = normalized;

        xFilesFactor ??= context.XFilesFactor;
        var name = $"{func}Series({SeriesNaming.FormatPathExpressions(seriesList)})";
        var values = ReduceColumns(context, seriesList, func, xFilesFactor) ?? ReduceRows(context, rawFunc, seriesList, reduce, xFilesFactor);

        var tags = CommonTags(seriesList);
        tags.TryAdd("name", name);
        tags["aggregatedBy"] = func;
        return [new TimeSeries(name, start, end, step, values, tags: tags, xFilesFactor: xFilesFactor ?? 0)];
    }

    private static double[] ReduceRows(EvaluationContext context, string function, List<TimeSeries> seriesList, Func<ReadOnlySpan<double>, double> reduce, double? xFilesFactor)
    {
        var rows = Normalization.Rows(seriesList, context, function);
        var values = context.NewValues(rows.Length, function);
        for (var i = 0; i < rows.Length; i++)
        {
            if ((i & 255) == 0)
            {
                context.CheckBudget(); // some reductions (median, percentiles) sort each row
            }

            values[i] = Normalization.XffValues(rows[i], xFilesFactor) ? reduce(rows[i]) : double.NaN;
        }

        return values;
    }

    /// <summary>
    /// <see cref="CommonTags"/> when every series still has only the tag its plain path gives ({"name": path}):
    /// that tag if all paths are equal, otherwise none; null when some series has other tags.
    /// </summary>
    private static OrderedDictionary<string, string>? CommonPathTag(IReadOnlyList<TimeSeries> seriesList)
    {
        if (!seriesList[0].HasOnlyPathTag(out var first))
        {
            return null;
        }

        var same = true;
        for (var i = 1; i < seriesList.Count; i++)
        {
            if (!seriesList[i].HasOnlyPathTag(out var path))
            {
                return null;
            }

            same &= path == first;
        }

        var tags = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        if (same)
        {
            tags["name"] = first;
        }

        return tags;
    }

    /// <summary>The tags (name and value) that every series has, in the first series' order.</summary>
    internal static OrderedDictionary<string, string> CommonTags(IReadOnlyList<TimeSeries> seriesList)
    {
        if (CommonPathTag(seriesList) is { } common)
        {
            return common;
        }

        var tags = new OrderedDictionary<string, string>(seriesList[0].Tags, StringComparer.Ordinal);
        foreach (var series in seriesList.Skip(1))
        {
            for (var i = tags.Count - 1; i >= 0; i--)
            {
                var (tag, value) = tags.GetAt(i);
                if (!series.Tags.TryGetValue(tag, out var other) || other != value)
                {
                    tags.RemoveAt(i);
                }
            }
        }

        return tags;
    }
}

using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.Combine;

/// <summary>countSeries(*seriesLists): a line at the number of series.</summary>
public sealed class CountSeries : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "countSeries",
            FunctionGroups.Combine,
            "Draws a horizontal line at the number of series given; without arguments a line at 0 over the request's range. "
            + "Example: countSeries(carbon.agents.*.*)",
            [new("seriesLists", ParamType.SeriesList) { Multiple = true }],
            Invoke)
        {
            IsAggregator = true,
        },
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesLists = call.SeriesLists();
        var xFilesFactor = call.Context.XFilesFactor ?? 0;
        if (seriesLists.Count == 0)
        {
            // graphite-web returns constantLine(0): named "0", three points over the request range, step half of it.
            var start = call.Context.StartSeconds;
            var end = call.Context.EndSeconds;
            return [new TimeSeries("0", start, end, (end - start) / 2, [0, 0, 0], xFilesFactor: xFilesFactor, pathExpression: "countSeries()")];
        }

        // Arguments that match nothing at all give no series (graphite-web's NormalizeEmptyResultError), not a 0 line.
        if (Normalization.Normalize(seriesLists) is not { } normalized)
        {
            return [];
        }

        var (seriesList, first, last, step) = normalized;
        var name = $"countSeries({SeriesNaming.FormatPathExpressions(seriesList)})";

        // One point per izip_longest row (the longest consolidated series), each the number of series.
        var length = seriesList.Max(s => s.GetPoints().Length);
        var values = call.NewValues(length);
        Array.Fill(values, seriesList.Count);
        return [new TimeSeries(name, first, last, step, values, xFilesFactor: xFilesFactor)];
    }
}

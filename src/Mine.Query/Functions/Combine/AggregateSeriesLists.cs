using Mine.Query.Evaluation;
using Mine.Query.Series;

namespace Mine.Query.Functions.Combine;

/// <summary>
/// aggregateSeriesLists(first, second, func, xFilesFactor=None) and sumSeriesLists, diffSeriesLists,
/// multiplySeriesLists: aggregate() of each pair first[i], second[i].
/// </summary>
public sealed class AggregateSeriesLists : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "aggregateSeriesLists",
            FunctionGroups.Combine,
            "Aggregates two equally long lists pairwise: the first series of each, then the second of each, and so on, "
            + "with an aggregation function as in aggregate(). Example: aggregateSeriesLists(mining.{carbon,graphite}.extracted,mining.{carbon,graphite}.shipped,\"sum\")",
            [
                ParamSpec.SeriesListParam("seriesListFirstPos"),
                ParamSpec.SeriesListParam("seriesListSecondPos"),
                new("func", ParamType.AggFunc) { Required = true },
                ParamSpec.XFilesFactorParam(),
            ],
            call => Run(call, call.String("func"), call.FloatOrNull("xFilesFactor"))),
        Define("sumSeriesLists", "sum", "Adds two equally long lists pairwise. Example: sumSeriesLists(mining.{carbon,graphite}.extracted,mining.{carbon,graphite}.shipped)"),
        Define("diffSeriesLists", "diff", "Subtracts the second list from the first, pairwise. Example: diffSeriesLists(mining.{carbon,graphite}.extracted,mining.{carbon,graphite}.shipped)"),
        Define("multiplySeriesLists", "multiply", "Multiplies two equally long lists pairwise. Example: multiplySeriesLists(mining.{carbon,graphite}.extracted,mining.{carbon,graphite}.shipped)"),
    ];

    private static FunctionDefinition Define(string name, string func, string description)
        => new(
            name,
            FunctionGroups.Combine,
            description,
            [ParamSpec.SeriesListParam("seriesListFirstPos"), ParamSpec.SeriesListParam("seriesListSecondPos")],
            call => Run(call, func, xFilesFactor: null))
        {
            IsAggregator = true,
        };

    private static List<TimeSeries> Run(FunctionCall call, string func, double? xFilesFactor)
        => Run(call.Context, call.SeriesList("seriesListFirstPos"), call.SeriesList("seriesListSecondPos"), func, xFilesFactor);

    /// <summary>
    /// Pairs the lists by position (no sorting) and aggregates each pair; the result is renamed
    /// "&lt;func&gt;Series(&lt;first name&gt;,&lt;second name&gt;)" while its tags and path expression keep what
    /// aggregate() gave them (built from the path expressions).
    /// </summary>
    public static List<TimeSeries> Run(EvaluationContext context, List<TimeSeries> first, List<TimeSeries> second, string func, double? xFilesFactor)
    {
        if (first.Count != second.Count)
        {
            throw new QueryArgumentException("seriesListFirstPos and seriesListSecondPos argument must have equal length");
        }

        var results = new List<TimeSeries>(first.Count);
        for (var i = 0; i < first.Count; i++)
        {
            // Two series always aggregate to one, so graphite-web's "no data" skip never applies.
            var result = Aggregate.Run(context, [[first[i], second[i]]], func, xFilesFactor)[0];

            // graphite-web keeps the name up to "Series(" (the func as aggregate() wrote it) and appends the names.
            var cut = result.Name.IndexOf("Series(", StringComparison.Ordinal);
            result.Name = $"{result.Name[..cut]}Series({first[i].Name},{second[i].Name})";
            results.Add(result);
        }

        return results;
    }
}

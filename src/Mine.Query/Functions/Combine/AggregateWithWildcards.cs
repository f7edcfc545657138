using Mine.Query.Series;

namespace Mine.Query.Functions.Combine;

/// <summary>
/// aggregateWithWildcards(seriesList, func, *positions) and sumSeriesWithWildcards, averageSeriesWithWildcards,
/// multiplySeriesWithWildcards: group by the name without the given nodes, aggregate() each group.
/// </summary>
public sealed class AggregateWithWildcards : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "aggregateWithWildcards",
            FunctionGroups.Combine,
            "Groups the series by their name with the given node positions removed and aggregates each group with an "
            + "aggregation function as in aggregate(); each result is named after its group. "
            + "Example: aggregateWithWildcards(host.cpu-[0-7].cpu-{user,system}.value,\"sum\",1)",
            [
                ParamSpec.SeriesListParam(),
                new("func", ParamType.AggFunc) { Required = true },
                Positions(),
            ],
            call => Run(call, call.String("func")))
        {
            // graphite-web's Param says "position", its Python signature "*positions".
            PythonArguments = "seriesList, func, *positions",
        },
        Define("sumSeriesWithWildcards", "sum", "Adds up the series whose names match once the given node positions are removed. Example: sumSeriesWithWildcards(host.cpu-[0-7].cpu-{user,system}.value,1)"),
        Define("averageSeriesWithWildcards", "average", "Averages the series whose names match once the given node positions are removed. Example: averageSeriesWithWildcards(host.cpu-[0-7].cpu-{user,system}.value,1)"),
        Define("multiplySeriesWithWildcards", "multiply", "Multiplies the series whose names match once the given node positions are removed. Example: multiplySeriesWithWildcards(web.host-[0-7].{avg-response,total-request}.value,2)"),
    ];

    private static ParamSpec Positions() => new("position", ParamType.Node) { Multiple = true };

    private static FunctionDefinition Define(string name, string func, string description)
        => new(name, FunctionGroups.Combine, description, [ParamSpec.SeriesListParam(), Positions()], call => Run(call, func))
        {
            IsAggregator = true,
        };

    private static List<TimeSeries> Run(FunctionCall call, string func)
    {
        // Compared with the indexes of enumerate(), so a negative position (or None) never removes a node.
        var positions = call.Values("position").OfType<long>().ToHashSet();
        var groups = new Dictionary<string, List<TimeSeries>>(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (var series in call.SeriesList())
        {
            // The plain name split on '.', with any tags or function text in it, as graphite-web does.
            var key = string.Join('.', series.Name.Split('.').Where((_, index) => !positions.Contains(index)));
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
                keys.Add(key);
            }

            group.Add(series);
        }

        var results = new List<TimeSeries>(keys.Count);
        foreach (var key in keys)
        {
            // The xFilesFactor is the request's; the tags keep the aggregated name.
            var result = Aggregate.Run(call.Context, [groups[key]], func)[0];
            result.Name = key;
            results.Add(result);
        }

        return results;
    }
}

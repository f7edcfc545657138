using Mine.Query.Series;

namespace Mine.Query.Functions.Combine;

/// <summary>group(*seriesLists): the series of every list, in order, as one list.</summary>
public sealed class Group : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "group",
            FunctionGroups.Combine,
            "Joins any number of series lists into one list, to pass them where a function takes a single list. Example: group(Server1.cpu.user,Server2.cpu.*)",
            // graphite-web does not mark seriesLists required here: group() gives an empty list.
            [new("seriesLists", ParamType.SeriesList) { Multiple = true }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call) => [.. call.SeriesLists().SelectMany(list => list)];
}

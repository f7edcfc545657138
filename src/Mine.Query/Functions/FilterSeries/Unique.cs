using Mine.Query.Series;

namespace Mine.Query.Functions.FilterSeries;

/// <summary>unique(*seriesLists): the series of all lists, each name only once.</summary>
public sealed class Unique : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "unique",
            FunctionGroups.FilterSeries,
            "Joins the series lists and keeps only the first series of each name. Example: unique(mostDeviant(server.*.disk_free,5),lowestCurrent(server.*.disk_free,5))",
            [ParamSpec.SeriesListsParam()],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. call.SeriesLists().SelectMany(list => list).Where(series => seen.Add(series.Name))];
    }
}

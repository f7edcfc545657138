using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.Combine;

/// <summary>
/// mapSeries(seriesList, *mapNodes), alias map: splits a list into lists of series sharing the given nodes or
/// tags, for reduceSeries.
/// </summary>
public sealed class MapSeries : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "mapSeries",
            FunctionGroups.Combine,
            "Splits a series list into one list per distinct value of the given nodes or tags (first-seen order), to feed reduceSeries. Example: reduceSeries(mapSeries(servers.*.disk.*,1),\"asPercent\",3,\"bytes_used\",\"total_bytes\")",
            [ParamSpec.SeriesListParam(), new("mapNodes", ParamType.NodeOrTag) { Required = true, Multiple = true }],
            Invoke)
        {
            Aliases = ["map"],
        },
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var nodes = call.Values("mapNodes");
        var groups = new List<List<TimeSeries>>();
        var byKey = new Dictionary<string, List<TimeSeries>>(StringComparer.Ordinal);
        foreach (var series in call.SeriesList())
        {
            var key = SeriesNaming.AggKey(series, nodes);
            if (!byKey.TryGetValue(key, out var group))
            {
                byKey[key] = group = [];
                groups.Add(group);
            }

            group.Add(series);
        }

        return new SeriesListCollection(groups);
    }
}

/// <summary>
/// A list of series lists, as graphite-web's mapSeries returns. Functions taking a <c>seriesLists</c> parameter
/// (reduceSeries) read <see cref="Lists"/>; anywhere else it acts as the concatenation of its lists. (graphite-web
/// fails with a Python error when such a result is rendered; Mine renders the series.)
/// </summary>
public sealed class SeriesListCollection : List<TimeSeries>
{
    public SeriesListCollection(IReadOnlyList<List<TimeSeries>> lists)
        : base(lists.SelectMany(list => list)) => Lists = lists;

    public IReadOnlyList<List<TimeSeries>> Lists { get; }
}

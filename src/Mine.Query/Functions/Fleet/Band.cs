using Mine.Query.Functions.Combine;
using Mine.Query.Series;

namespace Mine.Query.Functions.Fleet;

/// <summary>
/// band(seriesList, xFilesFactor=None): the group's minimum, median, average and maximum in one call, the envelope
/// the group dashboards draw; four series named like minSeries/medianSeries/averageSeries/maxSeries and tagged
/// band=min|median|average|max. The median is the centre the robust score measures from.
/// </summary>
public sealed class Band : IFunctionFamily
{
    private static readonly string[] Parts = ["min", "median", "average", "max"];

    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "band",
            FunctionGroups.Fleet,
            "Returns the minimum, median, average and maximum across the series at each point (four series: minSeries, medianSeries, averageSeries, maxSeries), the envelope of a group of hosts. Example: band(inliers(servers.web-*.load.load.shortterm))",
            [ParamSpec.SeriesListParam(), ParamSpec.XFilesFactorParam()],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var xFilesFactor = call.FloatOrNull("xFilesFactor");
        var result = new List<TimeSeries>(Parts.Length);
        foreach (var part in Parts)
        {
            foreach (var series in Aggregate.Run(call.Context, [seriesList], part, xFilesFactor))
            {
                series.Tags["band"] = part;
                result.Add(series);
            }
        }

        return result;
    }
}

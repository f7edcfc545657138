using Mine.Query.Series;

namespace Mine.Query.Functions.Fleet;

/// <summary>
/// robustScore(seriesList): replaces every member's values by its robust deviation score against the group
/// (<see cref="RobustStatistics"/>): 0 is typical, ±3 is far from the peers. Infinite scores (a member differing
/// from a group that is otherwise identical) are capped at ±1e6 so graphs stay drawable.
/// </summary>
public sealed class RobustScore : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "robustScore",
            FunctionGroups.Fleet,
            "Replaces each member's values by how many robust deviations (median / MAD across the group at each point) it is from its peers; 0 is typical, beyond ±3 is unusual. Example: robustScore(servers.web-*.load.load.shortterm)",
            [ParamSpec.SeriesListParam()],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var (series, points, step) = RobustStatistics.Normalized(call.SeriesList());
        var scores = RobustStatistics.Scores(points, call.NewValues);
        var result = new List<TimeSeries>(series.Count);
        for (var m = 0; m < series.Count; m++)
        {
            var values = scores[m];
            RobustStatistics.Cap(values);
            var member = series[m];
            var scored = member.Copy(name: $"robustScore({member.Name})", step: step, values: values);
            scored.Tags["robustScore"] = "1";
            result.Add(scored);
        }

        return result;
    }
}

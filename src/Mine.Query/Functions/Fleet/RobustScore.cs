using Mine.Query.Series;

namespace Mine.Query.Functions.Fleet;

/// <summary>
/// robustScore(seriesList): replaces every member's values by its robust deviation score against the group
/// (<see cref="RobustDeviation"/>): 0 is typical, ±3 is far from the peers. Infinite scores (a member differing
/// from a group that is otherwise identical) are capped at ±1e6 so graphs stay drawable.
/// </summary>
public sealed class RobustScore : IFunctionFamily
{
    private const double Cap = 1e6;

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
        var (series, points, step) = RobustDeviation.NormalizedPoints(call.SeriesList());
        var scores = RobustDeviation.Scores(points, call.NewValues);
        var result = new List<TimeSeries>(series.Count);
        for (var m = 0; m < series.Count; m++)
        {
            var values = scores[m];
            for (var t = 0; t < values.Length; t++)
            {
                values[t] = Math.Clamp(values[t], -Cap, Cap);
            }

            var member = series[m];
            var scored = member.Copy(name: $"robustScore({member.Name})", step: step, values: values);
            scored.Tags["robustScore"] = "1";
            result.Add(scored);
        }

        return result;
    }
}

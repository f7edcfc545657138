using Mine.Compat.Python;
using Mine.Query.Series;
using Mine.Query.Time;

namespace Mine.Query.Functions.Fleet;

/// <summary>
/// outliers(seriesList, k=3, window=None, minFraction=0.5, direction='both'): the fleet's "landmines". Keeps the
/// members whose robust score (<see cref="RobustStatistics"/>) stays beyond k for at least minFraction of their
/// points in the trailing window, most severe first. Every kept series gets the tags <c>outlier</c>
/// (above/below) and <c>outlierScore</c> (median |score| in the window, %g) so dashboards can label them.
/// inliers(), with the same arguments, is its complement: the members outliers() leaves out, as they came.
/// </summary>
public sealed class Outliers : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "outliers",
            FunctionGroups.Fleet,
            "Keeps the members of a group that stay more than k robust deviations (median / MAD across the group at each point) away from their peers for at least minFraction of the trailing window, most severe first; direction is both, above (over-working) or below (under-working). Example: outliers(servers.web-*.load.load.shortterm,3,'30min')",
            Parameters(),
            static call => Invoke(call, keepOutliers: true)),
        new(
            "inliers",
            FunctionGroups.Fleet,
            "The members of a group that outliers() with the same arguments leaves out, in their order: the group without its landmines, for a band of the healthy range. Example: band(inliers(servers.web-*.load.load.shortterm,3,'30min'))",
            Parameters(),
            static call => Invoke(call, keepOutliers: false)),
    ];

    private static ParamSpec[] Parameters() =>
    [
        ParamSpec.SeriesListParam(),
        new("k", ParamType.Float) { Default = 3.0, Suggestions = [2.0, 3.0, 5.0] },
        new("window", ParamType.IntOrInterval) { Suggestions = ["10min", "30min", "1h"] },
        new("minFraction", ParamType.Float) { Default = 0.5 },
        new("direction", ParamType.String) { Default = "both", Options = ["above", "below", "both"] },
    ];

    private static List<TimeSeries> Invoke(FunctionCall call, bool keepOutliers)
    {
        var k = call.Float("k");
        var minFraction = call.Float("minFraction");
        var direction = call.String("direction");
        if (k < 0 || double.IsNaN(k))
        {
            throw call.Error("k must be zero or more");
        }

        if (minFraction is <= 0 or > 1)
        {
            throw call.Error("minFraction must be above 0 and at most 1");
        }

        var (series, points, step) = RobustStatistics.Normalized(call.SeriesList());
        if (series.Count < RobustStatistics.MinimumMembers)
        {
            // Too few members to compare: none is an outlier, so every one is in line.
            return keepOutliers ? [] : series;
        }

        var scores = RobustStatistics.Scores(points, call.NewValues);
        var length = scores.Max(s => s.Length);
        var window = WindowPoints(call.Value("window"), step, length, call);
        var side = direction switch { "above" => OutlierDirection.Above, "below" => OutlierDirection.Below, _ => OutlierDirection.Both };
        var kept = new List<(TimeSeries Series, OutlierVerdict Verdict)>();
        for (var m = 0; m < series.Count; m++)
        {
            if (RobustStatistics.Verdict(scores[m], window, k, minFraction, side) is { } verdict)
            {
                kept.Add((series[m], verdict));
            }
        }

        if (!keepOutliers)
        {
            var outlying = kept.Select(static e => e.Series).ToHashSet(ReferenceEqualityComparer.Instance);
            return [.. series.Where(s => !outlying.Contains(s))];
        }

        var result = new List<TimeSeries>(kept.Count);
        foreach (var (member, verdict) in Common.PythonSort.SortedBy(kept, e => e.Verdict.Severity, reverse: true))
        {
            member.Tags["outlier"] = verdict.Side == OutlierSide.Above ? "above" : "below";
            member.Tags["outlierScore"] = double.IsInfinity(verdict.Severity) ? "inf" : PythonFormat.G(verdict.Severity);
            result.Add(member);
        }

        return result;
    }

    /// <summary>
    /// How many trailing points a window covers: an int is a point count, an interval string is converted with
    /// the series step; null covers every point.
    /// </summary>
    private static int WindowPoints(object? window, long step, int length, FunctionCall call)
    {
        switch (window)
        {
            case null:
                return length;
            case long points when points > 0:
                return (int)Math.Min(points, length);
            case string interval:
                var seconds = (long)Math.Abs(AtTimeParser.ParseTimeOffset(interval).TotalSeconds);
                if (seconds <= 0)
                {
                    throw call.Error($"window \"{interval}\" must be a positive interval such as \"30min\"");
                }

                return RobustStatistics.WindowPoints(seconds, step, length);
            default:
                throw call.Error($"window must be a positive number of points or an interval such as \"30min\", not {FunctionCall.Describe(window)}");
        }
    }
}

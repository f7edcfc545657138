using System.Runtime.InteropServices;
using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.Fleet;

/// <summary>
/// outliers(seriesList, k=3, window=None, minFraction=0.5, direction='both'): the fleet's "landmines". Keeps the
/// members whose robust score (<see cref="RobustDeviation"/>) stays beyond k for at least minFraction of their
/// points in the trailing window, most severe first. Every kept series gets the tags <c>outlier</c>
/// (above/below) and <c>outlierScore</c> (median |score| in the window, %g) so dashboards can label them.
/// </summary>
public sealed class Outliers : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "outliers",
            FunctionGroups.Fleet,
            "Keeps the members of a group that stay more than k robust deviations (median / MAD across the group at each point) away from their peers for at least minFraction of the trailing window, most severe first; direction is both, above (over-working) or below (under-working). Example: outliers(servers.web-*.load.load.shortterm,3,'30min')",
            [
                ParamSpec.SeriesListParam(),
                new("k", ParamType.Float) { Default = 3.0, Suggestions = [2.0, 3.0, 5.0] },
                new("window", ParamType.IntOrInterval) { Suggestions = ["10min", "30min", "1h"] },
                new("minFraction", ParamType.Float) { Default = 0.5 },
                new("direction", ParamType.String) { Default = "both", Options = ["above", "below", "both"] },
            ],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
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

        var (series, points, step) = RobustDeviation.NormalizedPoints(call.SeriesList());
        if (series.Count < RobustDeviation.MinimumMembers)
        {
            return [];
        }

        var scores = RobustDeviation.Scores(points, call.NewValues);
        var length = scores.Max(s => s.Length);
        var window = RobustDeviation.WindowPoints(call.Value("window"), step, length, call);
        var kept = new List<(TimeSeries Series, double Severity, string Side)>();
        for (var m = 0; m < series.Count; m++)
        {
            var (above, below, counted, magnitudes) = (0, 0, 0, new List<double>());
            for (var t = Math.Max(0, length - window); t < length; t++)
            {
                var score = scores[m][t];
                if (double.IsNaN(score))
                {
                    continue;
                }

                counted++;
                magnitudes.Add(Math.Abs(score));
                if (score > k)
                {
                    above++;
                }
                else if (score < -k)
                {
                    below++;
                }
            }

            if (counted == 0)
            {
                continue;
            }

            var side = above >= below ? "above" : "below";
            var beyond = direction switch
            {
                "above" => above,
                "below" => below,
                _ => Math.Max(above, below),
            };
            if (direction != "both")
            {
                side = direction;
            }

            if ((double)beyond / counted >= minFraction && beyond > 0)
            {
                kept.Add((series[m], AggregationFunctions.SafeMedian(CollectionsMarshal.AsSpan(magnitudes)), side));
            }
        }

        var result = new List<TimeSeries>(kept.Count);
        foreach (var (member, severity, side) in Common.PythonSort.SortedBy(kept, e => e.Severity, reverse: true))
        {
            member.Tags["outlier"] = side;
            member.Tags["outlierScore"] = double.IsInfinity(severity) ? "inf" : PythonFormat.G(severity);
            result.Add(member);
        }

        return result;
    }
}

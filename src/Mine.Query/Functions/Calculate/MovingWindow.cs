using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.Calculate;

/// <summary>
/// movingWindow and its fixed-function forms movingAverage, movingMedian, movingSum, movingMin and movingMax:
/// each point becomes an aggregate of the points before it (not itself), the window reaching back before the
/// request start by evaluating the argument again over a longer range.
/// </summary>
public sealed class MovingWindow : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "movingWindow",
            FunctionGroups.Calculate,
            "Replaces each point by an aggregation (average, median, sum, min, max, ...) of the preceding points in a window of N points or of a time interval; xFilesFactor is the share of non-null points a window needs. Example: movingWindow(Server.instance*.threads.idle,'5min','median',0.5)",
            [ParamSpec.SeriesListParam(), WindowSize.Param(), new("func", ParamType.AggFunc) { Default = "average" }, ParamSpec.XFilesFactorParam()],
            call => Invoke(call, call.String("func"))),
        Fixed("movingAverage", "average", "Replaces each point by the average of the preceding points in a window of N points or of a time interval. Example: movingAverage(Server.instance01.threads.busy,10)"),
        Fixed("movingMedian", "median", "Replaces each point by the median of the preceding points in a window of N points or of a time interval. Example: movingMedian(Server.instance*.threads.idle,'5min')"),
        Fixed("movingSum", "sum", "Replaces each point by the sum of the preceding points in a window of N points or of a time interval. Example: movingSum(Server.instance01.requests,10)"),
        Fixed("movingMin", "min", "Replaces each point by the minimum of the preceding points in a window of N points or of a time interval. Example: movingMin(Server.instance*.errors,'5min')"),
        Fixed("movingMax", "max", "Replaces each point by the maximum of the preceding points in a window of N points or of a time interval. Example: movingMax(Server.instance*.errors,'5min')"),
    ];

    private static FunctionDefinition Fixed(string name, string func, string description)
        => new(name, FunctionGroups.Calculate, description, [ParamSpec.SeriesListParam(), WindowSize.Param(), ParamSpec.XFilesFactorParam()], call => Invoke(call, func));

    private static List<TimeSeries> Invoke(FunctionCall call, string func)
    {
        var seriesList = call.SeriesList();
        if (seriesList.Count == 0)
        {
            return [];
        }

        var window = WindowSize.Resolve(call, seriesList);
        var aggregate = AggregationFunctions.Get(func);
        var xFilesFactor = call.FloatOrNull("xFilesFactor");

        // Python's str.capitalize(): "avg_zero" gives movingAvg_zero, "rangeOf" movingRangeof.
        var tagName = "moving" + char.ToUpperInvariant(func[0]) + func[1..].ToLowerInvariant();

        var result = new List<TimeSeries>();
        foreach (var series in WindowSize.Bootstrap(call, window.PreviewSeconds))
        {
            var windowPoints = window.PointsFor(series, call);
            series.Tags[tagName] = window.Text;
            var effectiveXff = xFilesFactor ?? series.XFilesFactor;

            // graphite-web 1.1.8 aggregates every window from scratch (no running sums), over the raw values.
            // It costs the series' length times the window: the time limit is checked as it goes.
            var values = series.Values;
            var output = call.NewValues(Math.Max(0, values.Length - (long)windowPoints));
            var nonNull = call.NewValues(values.Length);
            for (var i = windowPoints; i < values.Length; i++)
            {
                if ((i & 255) == 0)
                {
                    call.CheckTime();
                }

                var count = 0;
                foreach (var v in PythonList.Slice(values, i - windowPoints, i))
                {
                    if (!double.IsNaN(v))
                    {
                        nonNull[count++] = v;
                    }
                }

                output[i - windowPoints] = count > 0 && Xff(count, windowPoints, effectiveXff) ? aggregate(nonNull.AsSpan(0, count)) : double.NaN;
            }

            result.Add(series.Copy(
                name: $"{tagName}({series.Name},{window.NameArgument})",
                start: series.Start + window.PreviewSeconds,
                values: output));
        }

        return result;
    }

    /// <summary>graphite-web's xff(nonNull, total, xFilesFactor) with the window size as total (which may be negative).</summary>
    private static bool Xff(int nonNull, long total, double xFilesFactor)
        => nonNull != 0 && total != 0 && (double)nonNull / total >= xFilesFactor;
}

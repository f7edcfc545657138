using Mine.Query.Series;

namespace Mine.Query.Functions.Transform;

/// <summary>
/// compressPeriodicGaps(seriesList), from graphite-web after 1.1.8: a series stored at a finer step than its
/// data (a value, then the same number of Nones, again and again) is re-stepped to the data's own interval.
/// </summary>
public sealed class CompressPeriodicGaps : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "compressPeriodicGaps",
            FunctionGroups.Transform,
            "Detects a series whose values arrive every n steps with Nones between them and re-steps it to that interval (keeping the last value of each), starting at its first value; other series pass unchanged. Example: compressPeriodicGaps(Server.instance01.threads.busy)",
            [ParamSpec.SeriesListParam()],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var results = new List<TimeSeries>();
        foreach (var series in call.SeriesList())
        {
            series.Name = $"compressPeriodicGaps({series.Name})";
            series.PathExpression = series.Name;
            results.Add(Compress(call, series));
        }

        return results;
    }

    /// <summary>
    /// graphite-web's guess: the distance between the first two values that are neither None nor zero (Python
    /// truthiness) is the interval when it exceeds one step and the value one interval further on has a None
    /// on both sides. The first two are found on the iterated points, the check reads the raw values.
    /// </summary>
    private static TimeSeries Compress(FunctionCall call, TimeSeries series)
    {
        var points = series.GetPoints();
        var firstSeen = -1;
        var secondSeen = -1;
        for (var i = 0; i < points.Length; i++)
        {
            if (!IsTruthy(points[i]))
            {
                continue;
            }

            if (firstSeen >= 0)
            {
                secondSeen = i;
                break;
            }

            firstSeen = i;
        }

        var values = series.Values;
        var stepGuess = secondSeen - firstSeen;
        var thirdSeen = secondSeen + stepGuess;
        var periodic = stepGuess > 1 && thirdSeen <= values.Length - 2
            && IsTruthy(values[thirdSeen]) && double.IsNaN(values[thirdSeen - 1]) && double.IsNaN(values[thirdSeen + 1]);
        if (!periodic)
        {
            return series;
        }

        var interval = stepGuess * series.Step;
        var newStart = series.Start + (firstSeen * series.Step);
        var (newValues, _) = Summarize.SummarizeValues(call, series, "last", interval, newStart, series.End);
        var newEnd = newStart + (interval * (newValues.Length - 1));
        return new TimeSeries(series.Name, newStart, newEnd, interval, newValues, series.ConsolidationFunc, series.Tags, series.XFilesFactor, series.PathExpression);
    }

    private static bool IsTruthy(double value) => !double.IsNaN(value) && value != 0;
}

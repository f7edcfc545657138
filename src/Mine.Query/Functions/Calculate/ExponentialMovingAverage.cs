using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.Calculate;

/// <summary>
/// exponentialMovingAverage(seriesList, windowSize): ema = c * value + (1 - c) * previous ema with
/// c = 2 / (window + 1), seeded with the plain average of the first window (bootstrapped before the request start).
/// </summary>
public sealed class ExponentialMovingAverage : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "exponentialMovingAverage",
            FunctionGroups.Calculate,
            "Exponential moving average over a window of N points or a time interval: each value is weighted by 2/(window+1) against the previous average, which starts as the plain average of the first window. Example: exponentialMovingAverage(*.transactions.count,10)",
            [ParamSpec.SeriesListParam(), WindowSize.Param()],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        if (seriesList.Count == 0)
        {
            return [];
        }

        var window = WindowSize.Resolve(call, seriesList);

        // graphite-web's quirk: for an interval the constant uses the window in seconds, not in points.
        var divisor = (window.IsInterval ? window.PreviewSeconds : window.Points) + 1;
        if (divisor == 0)
        {
            throw call.Error("windowSize -1 divides by zero");
        }

        var constant = 2.0 / divisor;
        var result = new List<TimeSeries>();
        foreach (var series in WindowSize.Bootstrap(call, window.PreviewSeconds))
        {
            var windowPoints = window.PointsFor(series, call);
            series.Tags["exponentialMovingAverage"] = window.Text;
            var values = series.Values;

            // safeAvg(series[:windowPoints]) or 0: an all-None first window starts the average at 0.
            var ema = AggregationFunctions.SafeAverage(PythonList.Slice(values, 0, windowPoints));
            if (double.IsNaN(ema))
            {
                ema = 0;
            }

            // One more value than the window functions give: the seed average comes first, at the shifted start.
            var output = call.NewValues(1 + Math.Max(0, values.Length - (long)windowPoints));
            output[0] = PythonRound.Round(ema, 6);
            for (var i = windowPoints; i < values.Length; i++)
            {
                var value = PythonList.Item(values, i, call.Error);
                if (double.IsNaN(value))
                {
                    output[i - windowPoints + 1] = double.NaN;
                    continue;
                }

                ema = (constant * value) + ((1 - constant) * ema);
                output[i - windowPoints + 1] = PythonRound.Round(ema, 6);
            }

            result.Add(series.Copy(
                name: $"exponentialMovingAverage({series.Name},{window.NameArgument})",
                start: series.Start + window.PreviewSeconds,
                values: output));
        }

        return result;
    }
}

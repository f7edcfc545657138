using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.Calculate;

/// <summary>
/// stdev(seriesList, points, windowTolerance=0.1): the population standard deviation over the last N points,
/// from running sums of values and squares, None when too large a share of the window is None.
/// </summary>
public sealed class Stdev : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "stdev",
            FunctionGroups.Calculate,
            "Moving standard deviation over the last N points; a point is None when the non-null share of its window is below windowTolerance (default 0.1). Example: stdev(server*.instance*.threads.busy,30)",
            [ParamSpec.SeriesListParam(), new("points", ParamType.Integer) { Required = true }, new("windowTolerance", ParamType.Float) { Default = 0.1 }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var points = call.Integer("points");
        var windowTolerance = call.Float("windowTolerance");
        for (var s = 0; s < seriesList.Count; s++)
        {
            var series = seriesList[s];
            series.Tags["stdev"] = PythonFormat.Str(points);

            // graphite-web walks the consolidated points but takes the value leaving the window from the raw list.
            var raw = series.Values;
            var iterated = series.GetPoints();
            var output = call.NewValues(iterated.Length);
            var validPoints = 0L;
            var currentSum = 0.0;
            var currentSumOfSquares = 0.0;
            for (var index = 0; index < iterated.Length; index++)
            {
                var newValue = iterated[index];
                var bootstrapping = index < points;
                var droppedValue = bootstrapping ? double.NaN : PythonList.Item(raw, index - points, call.Error);
                if (!double.IsNaN(droppedValue))
                {
                    validPoints--;
                    currentSum -= droppedValue;
                    currentSumOfSquares -= droppedValue * droppedValue;
                }

                if (!double.IsNaN(newValue))
                {
                    validPoints++;
                    currentSum += newValue;
                    currentSumOfSquares += newValue * newValue;
                }

                if (validPoints > 0 && points == 0)
                {
                    throw call.Error("points 0 divides by zero");
                }

                // math.sqrt of a negative number raises ValueError, which graphite-web turns into None; NaN here.
                output[index] = validPoints > 0 && (double)validPoints / points >= windowTolerance
                    ? Math.Sqrt((validPoints * currentSumOfSquares) - (currentSum * currentSum)) / validPoints
                    : double.NaN;
            }

            seriesList[s] = series.Copy(name: $"stdev({series.Name},{points})", values: output);
        }

        return seriesList;
    }
}

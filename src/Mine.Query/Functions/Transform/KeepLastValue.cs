using Mine.Query.Series;

namespace Mine.Query.Functions.Transform;

/// <summary>keepLastValue(seriesList, limit=inf): fills runs of None with the value before them.</summary>
public sealed class KeepLastValue : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "keepLastValue",
            FunctionGroups.Transform,
            "Repeats the last value over gaps of at most 'limit' None values (any length by default), including a gap at the end. Example: keepLastValue(Server01.connections.handled,10)",
            [ParamSpec.SeriesListParam(), new("limit", ParamType.IntOrInf) { Default = double.PositiveInfinity }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var limit = call.Float("limit");
        var seriesList = call.SeriesList();
        foreach (var series in seriesList)
        {
            series.Name = $"keepLastValue({series.Name})";
            series.PathExpression = series.Name;
            var points = series.GetPoints();
            var values = series.Values;
            var consecutiveNones = 0;
            var lastValue = double.NaN;
            for (var i = 0; i < points.Length; i++)
            {
                if (double.IsNaN(points[i]))
                {
                    consecutiveNones++;
                    continue;
                }

                if (consecutiveNones > 0 && consecutiveNones <= limit && !double.IsNaN(lastValue))
                {
                    Array.Fill(values, lastValue, i - consecutiveNones, consecutiveNones);
                }

                consecutiveNones = 0;
                lastValue = points[i];
            }

            // The trailing gap is counted on the iterated points but filled at the end of the raw list.
            if (consecutiveNones > 0 && consecutiveNones <= limit && !double.IsNaN(lastValue))
            {
                Array.Fill(values, lastValue, values.Length - consecutiveNones, consecutiveNones);
            }
        }

        return seriesList;
    }
}

using Mine.Query.Series;

namespace Mine.Query.Functions.Transform;

/// <summary>minMax(seriesList): min-max normalization of each series to [0, 1].</summary>
public sealed class MinMax : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "minMax",
            FunctionGroups.Transform,
            "Normalizes each series to (value - min) / (max - min); a flat series becomes all 0. Example: minMax(Server.instance01.threads.busy)",
            [ParamSpec.SeriesListParam()],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        foreach (var series in seriesList)
        {
            series.Name = $"minMax({series.Name})";
            series.PathExpression = series.Name;
            var points = series.GetPoints();
            var min = DefaultZero(AggregationFunctions.SafeMin(points));
            var max = DefaultZero(AggregationFunctions.SafeMax(points));

            // graphite-web tests the raw value but computes with the iterated (possibly consolidated) point; a
            // zero range is Python's ZeroDivisionError, which it answers with 0.0.
            var values = series.Values;
            for (var i = 0; i < points.Length; i++)
            {
                if (!double.IsNaN(values[i]))
                {
                    values[i] = max - min == 0 ? 0.0 : (points[i] - min) / (max - min);
                }
            }
        }

        return seriesList;
    }

    /// <summary>safeMin/safeMax(series, default=0.0).</summary>
    private static double DefaultZero(double value) => double.IsNaN(value) ? 0.0 : value;
}

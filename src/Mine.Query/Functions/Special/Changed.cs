using Mine.Query.Series;

namespace Mine.Query.Functions.Special;

/// <summary>changed(seriesList): 1 where the value changed, else 0.</summary>
public sealed class Changed : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "changed",
            FunctionGroups.Special,
            "Replaces each value by 1 when it differs from the last non-null value before it, and by 0 when it is the same, null, or there is nothing before it. Example: changed(Server01.connections.handled)",
            [ParamSpec.SeriesListParam()],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        foreach (var series in seriesList)
        {
            series.Name = $"changed({series.Name})";
            series.PathExpression = series.Name;

            // graphite-web reads the points iteration yields (consolidated ones when valuesPerPoint > 1) but
            // writes series[i], the raw values, by the same index.
            var points = series.GetPoints();
            if (ReferenceEquals(points, series.Values))
            {
                points = (double[])points.Clone();
            }

            var values = series.Values;
            var previous = double.NaN;
            for (var i = 0; i < points.Length; i++)
            {
                var value = points[i];
                if (double.IsNaN(previous))
                {
                    previous = value;
                    values[i] = 0;
                }
                else if (!double.IsNaN(value) && previous != value)
                {
                    values[i] = 1;
                    previous = value;
                }
                else
                {
                    values[i] = 0;
                }
            }
        }

        return seriesList;
    }
}

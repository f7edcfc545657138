using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.Transform;

/// <summary>offsetToZero(seriesList): subtracts each series' minimum so its lowest point sits at zero.</summary>
public sealed class OffsetToZero : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "offsetToZero",
            FunctionGroups.Transform,
            "Subtracts each series' minimum from all its values, so the lowest point becomes 0. Example: offsetToZero(Server.instance*.responseTime)",
            [ParamSpec.SeriesListParam()],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        foreach (var series in seriesList)
        {
            var minimum = AggregationFunctions.SafeMin(series.GetPoints());

            // The tag is str() of the minimum: "None" for a series without values.
            series.Tags["offsetToZero"] = double.IsNaN(minimum) ? "None" : PythonFloat.Repr(minimum);
            series.Name = $"offsetToZero({series.Name})";
            series.PathExpression = series.Name;
            InPlace.MapNonNull(series, value => value - minimum);
        }

        return seriesList;
    }
}

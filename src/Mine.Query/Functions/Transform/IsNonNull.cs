using Mine.Query.Series;

namespace Mine.Query.Functions.Transform;

/// <summary>isNonNull(seriesList): 1 where a series has a value, 0 where it has None.</summary>
public sealed class IsNonNull : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "isNonNull",
            FunctionGroups.Transform,
            "Replaces each value with 1 and each None with 0, e.g. to count which servers report. Example: sumSeries(isNonNull(webapp.pages.*.views))",
            [ParamSpec.SeriesListParam()],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        foreach (var series in seriesList)
        {
            series.Tags["isNonNull"] = "1";
            series.Name = $"isNonNull({series.Name})";
            series.PathExpression = series.Name;
            var points = series.GetPoints();
            var flags = call.NewValues(points.Length);
            for (var i = 0; i < points.Length; i++)
            {
                flags[i] = double.IsNaN(points[i]) ? 0.0 : 1.0;
            }

            TransformNull.ReplaceValues(call, series, flags);
        }

        return seriesList;
    }
}

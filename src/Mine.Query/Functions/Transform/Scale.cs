using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.Transform;

/// <summary>scale(seriesList, factor): every value times a constant.</summary>
public sealed class Scale : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "scale",
            FunctionGroups.Transform,
            "Multiplies every value of each series by a constant factor. Example: scale(Server.instance*.threads.busy,10)",
            [ParamSpec.SeriesListParam(), new("factor", ParamType.Float) { Required = true }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var factor = call.Float("factor");
        foreach (var series in seriesList)
        {
            // graphite-web stores str(factor) in the tag and "%g" of it in the name.
            series.Tags["scale"] = PythonFormat.Str(factor);
            series.Name = $"scale({series.Name},{PythonFormat.G(factor)})";
            series.PathExpression = series.Name;
            var values = series.Values;
            for (var i = 0; i < values.Length; i++)
            {
                values[i] *= factor;
            }
        }

        return seriesList;
    }
}

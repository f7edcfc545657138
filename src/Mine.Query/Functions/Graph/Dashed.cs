using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.Graph;

/// <summary>dashed(seriesList, dashLength=5): draws the series as dashed lines.</summary>
public sealed class Dashed : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "dashed",
            FunctionGroups.Graph,
            "Draws the series as dashed lines with segments of the given length (default 5). Example: dashed(server01.instance01.memory.free,3)",
            [ParamSpec.SeriesListParam(), new("dashLength", ParamType.Integer) { Default = 5L }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var dashLength = call.Integer("dashLength");
        foreach (var series in seriesList)
        {
            series.Tags["dashed"] = PythonFormat.Str(dashLength);
            series.Name = $"dashed({series.Name}, {PythonFormat.G(dashLength)})";
            series.Options["dashed"] = dashLength;
        }

        return seriesList;
    }
}

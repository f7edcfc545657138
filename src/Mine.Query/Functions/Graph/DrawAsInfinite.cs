using Mine.Query.Series;

namespace Mine.Query.Functions.Graph;

/// <summary>drawAsInfinite(seriesList): vertical lines where the value is positive.</summary>
public sealed class DrawAsInfinite : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "drawAsInfinite",
            FunctionGroups.Graph,
            "Draws each point as a vertical line across the whole graph when its value is above zero, at the bottom when it is zero, and nothing otherwise; good for on/off metrics. Example: drawAsInfinite(Testing.script.exitCode)",
            [ParamSpec.SeriesListParam()],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        foreach (var series in seriesList)
        {
            series.Options["drawAsInfinite"] = true;

            // graphite-web's tag value is the int 1.
            series.Tags["drawAsInfinite"] = "1";
            series.Name = $"drawAsInfinite({series.Name})";
        }

        return seriesList;
    }
}

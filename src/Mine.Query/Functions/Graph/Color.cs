using Mine.Query.Series;

namespace Mine.Query.Functions.Graph;

/// <summary>color(seriesList, theColor): the colour the series are drawn in.</summary>
public sealed class Color : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "color",
            FunctionGroups.Graph,
            "Draws the series in the given colour: a name such as 'green' or hex digits such as 'ff0000' or '6464ffaa'. Example: color(collectd.hostname.cpu.0.user,'green')",
            [ParamSpec.SeriesListParam(), new("theColor", ParamType.String) { Required = true }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var color = call.String("theColor");
        foreach (var series in seriesList)
        {
            // graphite-web's series.color attribute, kept with the other drawing options.
            series.Options["color"] = color;
        }

        return seriesList;
    }
}

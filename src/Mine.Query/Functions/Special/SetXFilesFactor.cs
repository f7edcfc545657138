using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.Special;

/// <summary>setXFilesFactor(seriesList, xFilesFactor), short form xFilesFactor().</summary>
public sealed class SetXFilesFactor : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "setXFilesFactor",
            FunctionGroups.Special,
            "Sets the share (0 to 1) of non-null values a consolidated point needs, for these series and as the default of every later function and fetch in the request. Example: xFilesFactor(Sales.widgets.largeBlue,0.5)",
            [ParamSpec.SeriesListParam(), new("xFilesFactor", ParamType.Float) { Required = true }],
            Invoke)
        {
            Aliases = ["xFilesFactor"],
        },
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var xFilesFactor = call.Float("xFilesFactor");

        // graphite-web writes requestContext['xFilesFactor']: functions and fetches evaluated afterwards in the
        // request (outer calls, later targets) use it as their default.
        call.Context.SetXFilesFactor(xFilesFactor);
        foreach (var series in seriesList)
        {
            series.XFilesFactor = xFilesFactor;
            series.Tags["xFilesFactor"] = PythonFormat.Str(xFilesFactor);
        }

        return seriesList;
    }
}

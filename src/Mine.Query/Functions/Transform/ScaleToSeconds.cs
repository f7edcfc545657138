using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.Transform;

/// <summary>scaleToSeconds(seriesList, seconds): values per step turned into values per <c>seconds</c>.</summary>
public sealed class ScaleToSeconds : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "scaleToSeconds",
            FunctionGroups.Transform,
            "Scales each value from 'per step' to 'per given number of seconds', rounded to 6 decimals. Example: scaleToSeconds(derivative(app.requests.count),1)",
            [ParamSpec.SeriesListParam(), new("seconds", ParamType.Float) { Required = true }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var seconds = call.Float("seconds");
        foreach (var series in seriesList)
        {
            series.Tags["scaleToSeconds"] = PythonFormat.Str(seconds);
            series.Name = $"scaleToSeconds({series.Name},{AddOffset.PercentD(call, seconds)})";
            series.PathExpression = series.Name;
            var factor = seconds / series.Step;
            InPlace.MapNonNull(series, value => PythonRound.Round(value * factor, 6));
        }

        return seriesList;
    }
}

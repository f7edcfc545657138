using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.Transform;

/// <summary>round(seriesList, precision=None): every value rounded like Python's round(value, precision).</summary>
public sealed class Round : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "round",
            FunctionGroups.Transform,
            "Rounds each value to the given number of decimals (default 0; negative rounds to tens, hundreds...), halves to even. Example: round(Server.instance01.threads.busy,2)",
            [ParamSpec.SeriesListParam(), new("precision", ParamType.Integer) { Default = 0L }],
            Invoke)
        {
            // graphite-web's Param default is 0, its Python default None.
            PythonArguments = "seriesList, precision=None",
        },
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        // /functions reports the default as 0 (graphite-web's Param), but the Python default is None, which
        // leaves the precision out of the name.
        var precision = call.IsGiven("precision") ? call.IntegerOrNull("precision") : null;
        var digits = precision ?? 0;
        var seriesList = call.SeriesList();
        foreach (var series in seriesList)
        {
            series.Tags["round"] = PythonFormat.Str(digits);
            series.Name = precision is null ? $"round({series.Name})" : $"round({series.Name},{PythonFormat.G(digits)})";
            series.PathExpression = series.Name;
            InPlace.MapNonNull(series, value => RoundValue(call, value, digits));
        }

        return seriesList;
    }

    private static double RoundValue(FunctionCall call, double value, long digits)
    {
        try
        {
            return PythonRound.Round(value, digits);
        }
        catch (OverflowException error)
        {
            throw call.Error(error.Message);
        }
    }
}

using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.Transform;

/// <summary>
/// add(seriesList, constant) and offset(seriesList, factor): both add a constant to every non-None value; they
/// differ only in how graphite-web prints the constant in the name (add truncates it with "%d", offset uses "%g").
/// </summary>
public sealed class AddOffset : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "add",
            FunctionGroups.Transform,
            "Adds a constant to each value (negative constants subtract). Example: add(Server.instance*.threads.busy,10)",
            [ParamSpec.SeriesListParam(), new("constant", ParamType.Float) { Required = true }],
            call => Invoke(call, "add", "constant", constant => PercentD(call, constant), InPlace.Map)),
        new(
            "offset",
            FunctionGroups.Transform,
            "Adds a constant to each value. Example: offset(Server.instance01.threads.busy,10)",
            [ParamSpec.SeriesListParam(), new("factor", ParamType.Float) { Required = true }],
            call => Invoke(call, "offset", "factor", PythonFormat.G, InPlace.MapNonNull)),
    ];

    /// <param name="map">add writes None over None points (Python's TypeError branch), offset skips them.</param>
    private static List<TimeSeries> Invoke(FunctionCall call, string function, string parameter, Func<double, string> format, Action<TimeSeries, Func<double, double>> map)
    {
        var seriesList = call.SeriesList();
        var constant = call.Float(parameter);
        foreach (var series in seriesList)
        {
            series.Tags[function] = PythonFormat.Str(constant);
            series.Name = $"{function}({series.Name},{format(constant)})";
            series.PathExpression = series.Name;
            map(series, value => value + constant);
        }

        return seriesList;
    }

    /// <summary>"%d" of a float, which Python refuses for infinities and NaN.</summary>
    internal static string PercentD(FunctionCall call, double value)
        => double.IsFinite(value) ? PythonFormat.D(value) : throw call.Error($"cannot convert float {PythonFloat.Repr(value)} to integer");
}

using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.Transform;

/// <summary>
/// derivative, nonNegativeDerivative and perSecond: the change between consecutive points as new series, the
/// latter two treating a drop as a counter wrap or reset.
/// </summary>
public sealed class Derivatives : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "derivative",
            FunctionGroups.Transform,
            "The difference between each value and the one before it (None next to a None). Example: derivative(company.server.application01.ifconfig.TXPackets)",
            [ParamSpec.SeriesListParam()],
            Derivative),
        new(
            "nonNegativeDerivative",
            FunctionGroups.Transform,
            "Like derivative, but a drop counts as a counter wrap at maxValue (or a reset to minValue) or else gives None; values above maxValue or below minValue give None. Example: nonNegativeDerivative(company.server.application01.ifconfig.TXPackets)",
            [ParamSpec.SeriesListParam(), new("maxValue", ParamType.Float), new("minValue", ParamType.Float)],
            call => NonNegative(call, "nonNegativeDerivative", perSecond: false)),
        new(
            "perSecond",
            FunctionGroups.Transform,
            "nonNegativeDerivative divided by the step, i.e. the rate per second of a counter, rounded to 6 decimals. Example: perSecond(company.server.application01.ifconfig.TXPackets)",
            [ParamSpec.SeriesListParam(), new("maxValue", ParamType.Float), new("minValue", ParamType.Float)],
            call => NonNegative(call, "perSecond", perSecond: true)),
    ];

    /// <summary>One step of graphite-web's loop over the iterated points: the new value, updating the previous point.</summary>
    private delegate double Delta(TimeSeries series, double value, ref double previous);

    private static List<TimeSeries> Derivative(FunctionCall call) => Run(call, "derivative", static (_, value, ref previous) =>
    {
        var delta = value - previous;
        previous = value;
        return delta;
    });

    private static List<TimeSeries> NonNegative(FunctionCall call, string function, bool perSecond)
    {
        var maxValue = call.FloatOrNull("maxValue");
        var minValue = call.FloatOrNull("minValue");
        return Run(call, function, (series, value, ref previous) =>
        {
            var delta = NonNegativeDelta(call, value, ref previous, maxValue, minValue);
            return perSecond && !double.IsNaN(delta) ? PythonRound.Round(delta / series.Step, 6) : delta;
        });
    }

    /// <summary>A new series <c>function(name)</c> per input, tagged <c>function=1</c>, with a delta per iterated point.</summary>
    private static List<TimeSeries> Run(FunctionCall call, string function, Delta delta)
    {
        var results = new List<TimeSeries>();
        foreach (var series in call.SeriesList())
        {
            var points = series.GetPoints();
            var values = call.NewValues(points.Length);
            var previous = double.NaN;
            for (var i = 0; i < points.Length; i++)
            {
                values[i] = delta(series, points[i], ref previous);
            }

            series.Tags[function] = "1";
            results.Add(series.Copy(name: $"{function}({series.Name})", values: values));
        }

        return results;
    }

    /// <summary>_nonNegativeDelta: the delta (NaN for None), updating the previous value as graphite-web does.</summary>
    private static double NonNegativeDelta(FunctionCall call, double value, ref double previous, double? maxValue, double? minValue)
    {
        if ((maxValue is not null || minValue is not null) && double.IsNaN(value))
        {
            // Python compares None with the bound and raises TypeError (HTTP 500 in graphite-web).
            throw call.Error("a None value cannot be compared with maxValue/minValue; fill gaps first (e.g. with keepLastValue)");
        }

        if (value > maxValue || value < minValue)
        {
            previous = double.NaN;
            return double.NaN;
        }

        var last = previous;
        previous = value;
        if (double.IsNaN(last) || double.IsNaN(value))
        {
            return double.NaN;
        }

        if (value >= last)
        {
            return value - last;
        }

        if (maxValue is { } max)
        {
            return max + 1 + value - last - (minValue ?? 0);
        }

        return minValue is { } min ? value - min : double.NaN;
    }
}

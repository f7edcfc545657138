using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.Transform;

/// <summary>
/// exp, pow, squareRoot, invert, absolute, sigmoid and logit: each rewrites every value of every series in
/// place, None staying None, and wraps the name (and sets one tag) the way graphite-web does.
/// </summary>
public sealed class PointwiseMath : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "exp",
            FunctionGroups.Transform,
            "Raises e to the power of each value. Example: exp(Server.instance01.threads.busy)",
            [ParamSpec.SeriesListParam()],
            call => Apply(call, "exp", "e", v => Exp(call, v))),
        new(
            "pow",
            FunctionGroups.Transform,
            "Raises each value to the power of a constant; results Python cannot compute become None. Example: pow(Server.instance*.threads.busy,2)",
            [ParamSpec.SeriesListParam(), new("factor", ParamType.Float) { Required = true }],
            Pow),
        new(
            "squareRoot",
            FunctionGroups.Transform,
            "Square root of each value; negative values become None. Example: squareRoot(Server.instance01.threads.busy)",
            [ParamSpec.SeriesListParam()],
            call => Apply(call, "squareRoot", "1", v => SafePow(v, 0.5))),
        new(
            "invert",
            FunctionGroups.Transform,
            "Replaces each value by 1/value; zero becomes None. Example: invert(Server.instance01.threads.busy)",
            [ParamSpec.SeriesListParam()],
            call => Apply(call, "invert", "1", v => SafePow(v, -1))),
        new(
            "absolute",
            FunctionGroups.Transform,
            "Absolute value of each value. Example: absolute(Server.instance*.threads.busy)",
            [ParamSpec.SeriesListParam()],
            call => Apply(call, "absolute", "1", Math.Abs)),
        new(
            "sigmoid",
            FunctionGroups.Transform,
            "Applies the sigmoid 1 / (1 + exp(-x)) to each value. Example: sigmoid(Server.instance*.threads.busy)",
            [ParamSpec.SeriesListParam()],
            call => Apply(call, "sigmoid", "sigmoid", v => double.IsNaN(v) ? double.NaN : 1 / (1 + Exp(call, -v)))),
        new(
            "logit",
            FunctionGroups.Transform,
            "Applies the logit log(x / (1 - x)) to each value; values outside (0, 1) become None. Example: logit(Server.instance*.threads.busy)",
            [ParamSpec.SeriesListParam()],
            call => Apply(call, "logit", "logit", Logit)),
    ];

    private static List<TimeSeries> Pow(FunctionCall call)
    {
        var factor = call.Float("factor");

        // graphite-web names it with "%g" of the factor and tags str() of it.
        return Apply(call, "pow", PythonFormat.Str(factor), v => SafePow(v, factor), "," + PythonFormat.G(factor));
    }

    private static List<TimeSeries> Apply(FunctionCall call, string function, string tag, Func<double, double> transform, string nameSuffix = "")
    {
        var seriesList = call.SeriesList();
        foreach (var series in seriesList)
        {
            series.Tags[function] = tag;
            series.Name = $"{function}({series.Name}{nameSuffix})";
            series.PathExpression = series.Name;
            InPlace.Map(series, transform);
        }

        return seriesList;
    }

    /// <summary>math.exp: Python raises OverflowError (an HTTP 500 in graphite-web) where C returns infinity.</summary>
    private static double Exp(FunctionCall call, double value)
    {
        var result = Math.Exp(value);
        return double.IsPositiveInfinity(result) && double.IsFinite(value)
            ? throw call.Error($"math range error: exp({PythonFloat.Repr(value)}) overflows")
            : result;
    }

    /// <summary>
    /// safePow: None for a None operand, and for what math.pow refuses (ValueError, OverflowError): a NaN or
    /// infinite result from finite operands, such as a negative base with a fractional exponent or 0 ** -1.
    /// </summary>
    private static double SafePow(double value, double exponent)
    {
        if (double.IsNaN(value))
        {
            return double.NaN;
        }

        var result = Math.Pow(value, exponent);
        return !double.IsFinite(result) && double.IsFinite(value) && double.IsFinite(exponent) ? double.NaN : result;
    }

    /// <summary>math.log(x / (1 - x)), None where Python raises ZeroDivisionError or ValueError (log of x &lt;= 0).</summary>
    private static double Logit(double value)
    {
        var denominator = 1 - value;
        if (double.IsNaN(value) || denominator == 0)
        {
            return double.NaN;
        }

        var ratio = value / denominator;
        return ratio > 0 ? Math.Log(ratio) : double.NaN;
    }
}

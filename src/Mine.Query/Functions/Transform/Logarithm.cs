using System.Globalization;
using Mine.Query.Series;

namespace Mine.Query.Functions.Transform;

/// <summary>log(seriesList, base=10): the logarithm of each value as new series.</summary>
public sealed class Logarithm : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "log",
            FunctionGroups.Transform,
            "Logarithm of each value in the given base (default 10); values of zero or below become None. Example: log(carbon.agents.hostname.avgUpdateTime,2)",
            [ParamSpec.SeriesListParam(), new("base", ParamType.Integer) { Default = 10L }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var logBase = call.Integer("base");
        var baseText = logBase.ToString(CultureInfo.InvariantCulture);
        var results = new List<TimeSeries>();
        foreach (var series in call.SeriesList())
        {
            var points = series.GetPoints();
            var values = call.NewValues(points.Length);
            for (var i = 0; i < points.Length; i++)
            {
                var value = points[i];
                values[i] = double.IsNaN(value) || value <= 0 ? double.NaN : Log(call, value, logBase);
            }

            series.Tags["log"] = baseText;
            results.Add(series.Copy(name: $"log({series.Name}, {baseText})", values: values));
        }

        return results;
    }

    /// <summary>math.log(x, base) = log(x) / log(base); Python fails where the base makes that undefined.</summary>
    private static double Log(FunctionCall call, double value, long logBase)
    {
        if (logBase <= 0)
        {
            throw call.Error("math domain error: the base must be positive");
        }

        if (logBase == 1)
        {
            throw call.Error("float division by zero: the base must not be 1");
        }

        return Math.Log(value) / Math.Log(logBase);
    }
}

using Mine.Compat.Python;
using Mine.Query.Functions.Common;
using Mine.Query.Series;
using Mine.Query.Time;

namespace Mine.Query.Functions.Transform;

/// <summary>integralByInterval(seriesList, intervalUnit): a running total that restarts every interval.</summary>
public sealed class IntegralByInterval : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "integralByInterval",
            FunctionGroups.Transform,
            "Like integral, but the total restarts at 0 at every multiple of the interval counted from the start of the range; None values repeat the total so far. Example: integralByInterval(company.sales.perMinute,\"1d\")",
            [ParamSpec.SeriesListParam(), new("intervalUnit", ParamType.String) { Required = true }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var intervalUnit = call.String("intervalUnit");
        var duration = Math.Abs(AtTimeParser.ParseTimeOffset(intervalUnit).Ticks / TimeSpan.TicksPerSecond);
        var startTime = call.Context.StartSeconds;
        var results = new List<TimeSeries>();
        foreach (var series in call.SeriesList())
        {
            var points = series.GetPoints();
            if (points.Length > 0 && duration == 0)
            {
                // Python's integer division by a zero interval.
                throw call.Error($"the interval {PythonText.Repr(intervalUnit)} is zero seconds long");
            }

            var values = call.NewValues(points.Length);
            var currentTime = series.Start;
            var current = 0.0;
            for (var i = 0; i < points.Length; i++)
            {
                if (Normalization.PythonFloorDiv(currentTime - startTime, duration) != Normalization.PythonFloorDiv(currentTime - startTime - series.Step, duration))
                {
                    current = 0.0;
                }

                if (!double.IsNaN(points[i]))
                {
                    current += points[i];
                }

                values[i] = current;
                currentTime += series.Step;
            }

            series.Tags["integralByInterval"] = intervalUnit;
            results.Add(series.Copy(name: $"integralByInterval({series.Name},'{intervalUnit}')", values: values));
        }

        return results;
    }
}

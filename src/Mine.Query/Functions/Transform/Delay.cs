using System.Globalization;
using Mine.Query.Series;

namespace Mine.Query.Functions.Transform;

/// <summary>delay(seriesList, steps): shifts the values by a number of steps, padding with None.</summary>
public sealed class Delay : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "delay",
            FunctionGroups.Transform,
            "Shifts every value later by the given number of steps (earlier for a negative count), padding with None. Example: divideSeries(server.FreeSpace,delay(server.FreeSpace,1))",
            [ParamSpec.SeriesListParam(), new("steps", ParamType.Integer) { Required = true }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var steps = call.Integer("steps");
        var results = new List<TimeSeries>();
        foreach (var series in call.SeriesList())
        {
            series.Tags["delay"] = steps.ToString(CultureInfo.InvariantCulture);
            results.Add(series.Copy(name: $"delay({series.Name},{steps.ToString(CultureInfo.InvariantCulture)})", values: Shift(call, series.Values, steps)));
        }

        return results;
    }

    /// <summary>
    /// graphite-web's list slicing on the raw values: <c>series[-steps:] + [None] * min(-steps, len)</c> for a
    /// negative count, <c>[None] * min(steps, len) + series[:-steps]</c> otherwise, so delay(x, 0) is empty
    /// (series[:-0] is series[:0]).
    /// </summary>
    private static double[] Shift(FunctionCall call, double[] values, long steps)
    {
        var length = values.Length;
        if (steps < 0)
        {
            var skip = (int)Math.Min(-steps, length);
            var shifted = call.NewValues(length);
            Array.Copy(values, skip, shifted, 0, length - skip);
            Array.Fill(shifted, double.NaN, length - skip, skip);
            return shifted;
        }

        var pad = (int)Math.Min(steps, length);
        var kept = steps == 0 ? 0 : length - pad;
        var result = call.NewValues(pad + kept);
        Array.Fill(result, double.NaN, 0, pad);
        Array.Copy(values, 0, result, pad, kept);
        return result;
    }
}

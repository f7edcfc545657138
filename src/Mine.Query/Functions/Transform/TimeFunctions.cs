using Mine.Query.Series;

namespace Mine.Query.Functions.Transform;

/// <summary>
/// timeFunction (time) and sinFunction (sin): generated series over the request's range. Both compute from
/// time.mktime() of the request's times, i.e. their wall clock in the request's zone read as UTC (see
/// <see cref="ServerClock"/>), so with a tz= other than UTC the values move by the zone's offset.
/// </summary>
public sealed class TimeFunctions : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "timeFunction",
            FunctionGroups.Transform,
            "A series named as given whose value at each step is its timestamp in seconds. Example: time(\"The.time.series\")",
            [new("name", ParamType.String) { Required = true }, new("step", ParamType.Integer) { Default = 60L }],
            Time) { Aliases = ["time"] },
        new(
            "sinFunction",
            FunctionGroups.Transform,
            "A series named as given whose value is the sine of the timestamp, times the amplitude. Example: sin(\"The.time.series\",2)",
            [
                new("name", ParamType.String) { Required = true },
                new("amplitude", ParamType.Integer) { Default = 1L },
                new("step", ParamType.Integer) { Default = 60L },
            ],
            Sin) { Aliases = ["sin"] },
    ];

    private static List<TimeSeries> Time(FunctionCall call)
    {
        var context = call.Context;
        var step = Step(call);
        var start = ServerClock.MkTime(context.StartSeconds, context.TimeZone);
        var values = WallClockSeconds(call, step, start);
        var end = ServerClock.MkTime(context.EndSeconds, context.TimeZone);
        return [new TimeSeries(call.String("name"), start, end, step, values, xFilesFactor: context.XFilesFactor ?? 0)];
    }

    private static List<TimeSeries> Sin(FunctionCall call)
    {
        var context = call.Context;
        var step = Step(call);
        var amplitude = call.Integer("amplitude");
        var values = WallClockSeconds(call, step, ServerClock.MkTime(context.StartSeconds, context.TimeZone));
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Math.Sin(values[i]) * amplitude;
        }

        // Unlike time(), the series itself starts and ends at the real epoch seconds of the range.
        return [new TimeSeries(call.String("name"), context.StartSeconds, context.EndSeconds, step, values, xFilesFactor: context.XFilesFactor ?? 0)];
    }

    /// <summary>
    /// <c>while when &lt; endTime: mktime(when); when += step</c>: adding to a pytz datetime keeps its UTC offset,
    /// so the wall clock advances evenly from the start's even across a DST change.
    /// </summary>
    private static double[] WallClockSeconds(FunctionCall call, long step, long firstWallClock)
    {
        var (startSeconds, endSeconds) = (call.Context.StartSeconds, call.Context.EndSeconds);
        var count = endSeconds > startSeconds ? (endSeconds - startSeconds + step - 1) / step : 0;
        var values = call.NewValues(count);
        for (var i = 0; i < count; i++)
        {
            values[i] = firstWallClock + (i * step);
        }

        return values;
    }

    /// <summary>A step of zero or below never reaches the end in graphite-web (it loops forever); Mine refuses it.</summary>
    private static long Step(FunctionCall call)
    {
        var step = call.Integer("step");
        return step > 0 ? step : throw call.Error("step must be a positive number of seconds");
    }
}

using Mine.Compat.Python;
using Mine.Query.Series;
using Mine.Query.Time;

namespace Mine.Query.Functions.Transform;

/// <summary>timeShift(seriesList, timeShift, resetEnd=True, alignDST=False): the series fetched from another time range.</summary>
public sealed class TimeShift : IFunctionFamily
{
    internal static readonly IReadOnlyList<object> ShiftSuggestions = ["1h", "6h", "12h", "1d", "2d", "7d", "14d", "30d"];

    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "timeShift",
            FunctionGroups.Transform,
            "Draws the series as they were a given time ago (a leading + shifts forward), re-fetched over the shifted range and laid over the current one; resetEnd (default true) keeps the current end. Example: timeShift(Sales.widgets.largeBlue,\"7d\")",
            [
                ParamSpec.SeriesListParam(),
                new("timeShift", ParamType.Interval) { Required = true, Suggestions = ShiftSuggestions },
                new("resetEnd", ParamType.Boolean) { Default = true },

                // graphite-web compares DST flags from time.localtime, i.e. in its process zone settings.TIME_ZONE,
                // which is UTC (for Mine as for graphite-web's defaults) and never in DST: the option never
                // shifts anything, so it is accepted and has no effect.
                new("alignDst", ParamType.Boolean) { Default = false },
            ],
            Invoke)
        {
            // graphite-web's Param is alignDst, its Python argument alignDST.
            PythonArguments = "seriesList, timeShift, resetEnd=True, alignDST=False",
        },
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var shift = DefaultToPast(call, call.String("timeShift"));
        var delta = OffsetSeconds(shift);
        var context = call.Context;
        var shifted = context.WithTimeRange(ServerClock.Shift(context.StartSeconds, delta), ServerClock.Shift(context.EndSeconds, delta));
        var resetEnd = call.Boolean("resetEnd");

        var seriesList = call.SeriesList();
        if (seriesList.Count < 1)
        {
            return [];
        }

        // Every shifted series takes the first original series' start (and end, with resetEnd).
        var first = seriesList[0];
        var results = call.Reevaluate("seriesList", shifted);
        foreach (var series in results)
        {
            series.Tags["timeShift"] = shift;
            series.Name = $"timeShift({series.Name}, \"{shift}\")";
            series.End = resetEnd ? first.End : series.End - series.Start + first.Start;
            series.Start = first.Start;
        }

        return results;
    }

    /// <summary>An offset without a sign means the past: graphite-web prefixes '-' when it starts with a digit.</summary>
    internal static string DefaultToPast(FunctionCall call, string offset)
    {
        if (offset.Length == 0)
        {
            // offset[0] of an empty string: Python's IndexError.
            throw call.Error("the time shift must not be empty");
        }

        return PythonText.IsDigit(offset[0]) ? "-" + offset : offset;
    }

    internal static long OffsetSeconds(string offset) => AtTimeParser.ParseTimeOffset(offset).Ticks / TimeSpan.TicksPerSecond;
}

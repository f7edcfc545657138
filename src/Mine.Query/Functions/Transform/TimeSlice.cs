using System.Globalization;
using Mine.Query.Series;
using Mine.Query.Time;

namespace Mine.Query.Functions.Transform;

/// <summary>timeSlice(seriesList, startSliceAt, endSliceAt='now'): None outside a time window.</summary>
public sealed class TimeSlice : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "timeSlice",
            FunctionGroups.Transform,
            "Keeps the values between two times (both inclusive, given like from/until) and sets the others to None. Example: timeSlice(network.core.port1,\"00:00 20140101\",\"11:59 20140630\")",
            [
                ParamSpec.SeriesListParam(),
                new("startSliceAt", ParamType.Date) { Required = true },
                new("endSliceAt", ParamType.Date) { Default = "now" },
            ],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var context = call.Context;
        var start = ParseTime(call, "startSliceAt");
        var end = ParseTime(call, "endSliceAt");
        var startText = start.ToString(CultureInfo.InvariantCulture);
        var endText = end.ToString(CultureInfo.InvariantCulture);

        // graphite-web walks from mktime() of the request start (its wall clock read as UTC, see ServerClock),
        // not from the series start, with the series' step.
        var requestStart = ServerClock.MkTime(context.StartSeconds, context.TimeZone);
        var seriesList = call.SeriesList();
        foreach (var series in seriesList)
        {
            series.Tags["timeSliceStart"] = startText;
            series.Tags["timeSliceEnd"] = endText;
            series.Name = $"timeSlice({series.Name}, {startText}, {endText})";
            var points = series.GetPoints();
            var current = requestStart;
            for (var i = 0; i < points.Length; i++)
            {
                if (double.IsNaN(points[i]) || current < start || current > end)
                {
                    series.Values[i] = double.NaN;
                }

                current += series.Step;
            }
        }

        return seriesList;
    }

    /// <summary>
    /// parseATTime(value) without the request's zone: graphite-web reads the slice bounds in settings.TIME_ZONE
    /// (UTC). Unlike graphite-web, which takes "now" from the clock, relative times are anchored at the request's
    /// now (they agree unless the request sets now=).
    /// </summary>
    private static long ParseTime(FunctionCall call, string parameter)
    {
        if (call.Value(parameter) is not string text)
        {
            // parseATTime calls .strip() on it: Python's AttributeError for anything but a string.
            throw call.Error($"parameter \"{parameter}\" needs a time string such as \"-1h\" or \"20240101\", not {FunctionCall.Describe(call.Value(parameter))}");
        }

        return AtTimeParser.Parse(text, TimeZoneInfo.Utc, DateTimeOffset.FromUnixTimeSeconds(call.Context.NowSeconds)).ToUnixTimeSeconds();
    }
}

using Mine.Query.Series;
using Mine.Query.Time;

namespace Mine.Query.Functions.Calculate;

/// <summary>
/// linearRegression(seriesList, startSourceAt=None, endSourceAt=None): the least-squares line fitted to each
/// series over a source range (the request range unless given), drawn over the request range.
/// </summary>
public sealed class LinearRegression : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "linearRegression",
            FunctionGroups.Calculate,
            "Replaces each series by its least-squares regression line, fitted to the values between startSourceAt and endSourceAt (the request range by default). Example: linearRegression(Server.instance01.threads.busy,'-1d')",
            [ParamSpec.SeriesListParam(), new("startSourceAt", ParamType.Date), new("endSourceAt", ParamType.Date)],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var context = call.Context;

        // graphite-web parses these in its TIME_ZONE setting relative to the wall clock; Mine uses the request's
        // time zone and now, which are those unless the request sets tz or now.
        var start = ParseDate(call, "startSourceAt");
        var end = ParseDate(call, "endSourceAt");
        var sourceContext = context.WithTimeRange(start ?? context.StartSeconds, end ?? context.EndSeconds);
        var sourceList = call.Reevaluate("seriesList", sourceContext);

        // graphite-web writes the range with time.mktime(startTime.timetuple()) in a UTC process: a parsed time is
        // exact, but the request's own start and end are read as wall-clock time in the request's zone.
        var startText = start ?? MktimeOfWallClock(context.StartSeconds, context.TimeZone);
        var endText = end ?? MktimeOfWallClock(context.EndSeconds, context.TimeZone);

        var results = new List<TimeSeries>();

        // zip(sourceList, seriesList): pairs by position, stops at the shorter list.
        for (var k = 0; k < Math.Min(sourceList.Count, seriesList.Count); k++)
        {
            var series = seriesList[k];
            series.Tags["linearRegressions"] = $"{startText}, {endText}";
            var name = $"linearRegression({series.Name}, {startText}, {endText})";
            if (Analyze(sourceList[k], call) is not (var factor, var offset))
            {
                continue;
            }

            var values = call.NewValues(series.Values.Length);
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = offset + ((series.Start + (i * series.Step)) * factor);
            }

            results.Add(new TimeSeries(name, series.Start, series.End, series.Step, values, tags: series.Tags, xFilesFactor: series.XFilesFactor));
        }

        return results;
    }

    /// <summary>
    /// _linearRegressionAnalysis: (factor per second, offset at time 0) by least squares over (index, value) pairs
    /// of the non-null points; null when fewer than two points make the denominator 0. Index sums are exact
    /// integers as in Python; value sums run left to right.
    /// </summary>
    private static (double Factor, double Offset)? Analyze(TimeSeries source, FunctionCall call)
    {
        long n = 0;
        Int128 sumI = 0;
        Int128 sumII = 0;
        var sumV = 0.0;
        var sumIV = 0.0;
        var points = source.GetPoints();
        for (var i = 0; i < points.Length; i++)
        {
            var v = points[i];
            if (double.IsNaN(v))
            {
                continue;
            }

            n++;
            sumI += i;
            sumII += (Int128)i * i;
            sumV += v;
            sumIV += i * v;
        }

        var denominator = (double)((n * sumII) - (sumI * sumI));
        if (denominator == 0)
        {
            return null;
        }

        if (source.Step == 0)
        {
            throw call.Error($"series {source.Name} has a step of 0 seconds");
        }

        var factor = (((n * sumIV) - ((double)sumI * sumV)) / denominator) / source.Step;
        var offset = ((((double)sumII * sumV) - (sumIV * (double)sumI)) / denominator) - (factor * source.Start);
        return (factor, offset);
    }

    private static long? ParseDate(FunctionCall call, string parameter)
    {
        var value = call.Value(parameter);
        if (value is null)
        {
            return null;
        }

        if (value is not string text)
        {
            throw call.Error($"{parameter} must be a quoted time such as '-1d' or '00:00 20140101', not {FunctionCall.Describe(value)}");
        }

        var now = DateTimeOffset.FromUnixTimeSeconds(call.Context.NowSeconds);
        return AtTimeParser.Parse(text, call.Context.TimeZone, now).ToUnixTimeSeconds();
    }

    /// <summary>
    /// time.mktime(dt.timetuple()) under TZ=UTC: the wall-clock fields read as UTC, minus an hour when the zone is
    /// on daylight saving time (glibc's mktime honours tm_isdst=1 even in a zone without DST).
    /// </summary>
    private static long MktimeOfWallClock(long seconds, TimeZoneInfo zone)
    {
        var instant = DateTimeOffset.FromUnixTimeSeconds(seconds);
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var wallClockAsUtc = new DateTimeOffset(local.DateTime, TimeSpan.Zero).ToUnixTimeSeconds();
        return zone.IsDaylightSavingTime(instant) ? wallClockAsUtc - 3600 : wallClockAsUtc;
    }
}

using Mine.Compat.Python;
using Mine.Query.Functions.Common;
using Mine.Query.Series;
using Mine.Query.Time;

namespace Mine.Query.Functions.Transform;

/// <summary>
/// summarize and smartSummarize: each series aggregated into buckets of a fixed interval. summarize aligns the
/// buckets to multiples of the interval (or to the series start); smartSummarize starts them at the series
/// start, optionally fetching again from a start rounded down to a calendar unit.
/// </summary>
public sealed class Summarize : IFunctionFamily
{
    private static readonly IReadOnlyList<object> IntervalSuggestions = ["10min", "1h", "1d"];

    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "summarize",
            FunctionGroups.Transform,
            "Aggregates each series into buckets of the interval (sum by default, or another aggregation), buckets aligned to multiples of the interval or, with alignToFrom, to the start of the series. Example: summarize(counter.errors,\"1hour\",\"sum\")",
            [
                ParamSpec.SeriesListParam(),
                new("intervalString", ParamType.Interval) { Required = true, Suggestions = IntervalSuggestions },
                new("func", ParamType.AggFunc) { Default = "sum" },
                new("alignToFrom", ParamType.Boolean) { Default = false },
            ],
            SummarizeSeries),
        new(
            "smartSummarize",
            FunctionGroups.Transform,
            "Like summarize with buckets starting at the start of the range; alignTo (years, months, weeks, days, hours, minutes, seconds) first moves that start back to the beginning of the unit. Example: smartSummarize(app.requests,\"1d\",\"sum\",\"days\")",
            [
                ParamSpec.SeriesListParam(),
                new("intervalString", ParamType.Interval) { Required = true, Suggestions = IntervalSuggestions },
                new("func", ParamType.AggFunc) { Default = "sum" },

                // graphite-web still accepts True and False here for its old alignToFrom flag, and ignores them.
                new("alignTo", ParamType.String) { Options = [false, null!, true, "days", "hours", "minutes", "months", "seconds", "weeks", "years"] },
            ],
            SmartSummarize),
    ];

    private static List<TimeSeries> SummarizeSeries(FunctionCall call)
    {
        var intervalString = call.String("intervalString");
        var func = call.String("func");
        var alignToFrom = call.Boolean("alignToFrom");
        var interval = IntervalSeconds(intervalString);
        var results = new List<TimeSeries>();
        foreach (var series in call.SeriesList())
        {
            EnsurePositive(call, interval, intervalString);
            long newStart;
            long newEnd;
            if (alignToFrom)
            {
                newStart = series.Start;
                newEnd = series.End;
            }
            else
            {
                newStart = series.Start - Normalization.PythonMod(series.Start, interval);
                newEnd = series.End - Normalization.PythonMod(series.End, interval) + interval;
            }

            var (values, alignedEnd) = SummarizeValues(call, series, func, interval, newStart, newEnd);
            if (alignToFrom)
            {
                newEnd = alignedEnd;
            }

            series.Tags["summarize"] = intervalString;
            series.Tags["summarizeFunction"] = func;
            var name = $"summarize({series.Name}, \"{intervalString}\", \"{func}\"{(alignToFrom ? ", true" : "")})";
            results.Add(series.Copy(name: name, start: newStart, end: newEnd, step: interval, values: values));
        }

        return results;
    }

    private static List<TimeSeries> SmartSummarize(FunctionCall call)
    {
        var intervalString = call.String("intervalString");
        var func = call.String("func");
        var seriesList = call.SeriesList();

        // A string alignTo fetches the series again from the aligned start; True/False are ignored.
        if (call.Value("alignTo") is string alignTo)
        {
            var start = ServerClock.AlignStart(call.Context, wall => AlignWallClock(wall, alignTo));
            seriesList = call.Reevaluate("seriesList", call.Context.WithTimeRange(start, call.Context.EndSeconds));
        }

        var interval = IntervalSeconds(intervalString);
        var results = new List<TimeSeries>();
        foreach (var series in seriesList)
        {
            EnsurePositive(call, interval, intervalString);
            var (values, alignedEnd) = SummarizeValues(call, series, func, interval, series.Start, series.End);
            series.Tags["smartSummarize"] = intervalString;
            series.Tags["smartSummarizeFunction"] = func;
            var name = $"smartSummarize({series.Name}, \"{intervalString}\", \"{func}\")";
            results.Add(series.Copy(name: name, end: alignedEnd, step: interval, values: values));
        }

        return results;
    }

    /// <summary>The start of the unit (getUnitString of alignTo) containing the wall-clock time; weeks start on Monday.</summary>
    private static DateTime AlignWallClock(DateTime wall, string alignTo)
    {
        if (alignTo.StartsWith('s'))
        {
            return wall;
        }

        if (alignTo.StartsWith("min", StringComparison.Ordinal))
        {
            return wall.Date.AddHours(wall.Hour).AddMinutes(wall.Minute);
        }

        if (alignTo.StartsWith('h'))
        {
            return wall.Date.AddHours(wall.Hour);
        }

        if (alignTo.StartsWith('d'))
        {
            return wall.Date;
        }

        if (alignTo.StartsWith('w'))
        {
            // graphite-web reads an ISO weekday from a trailing digit, which no accepted option has: Monday.
            var daysToSubtract = ((int)wall.DayOfWeek + 6) % 7;
            return wall.Date.AddDays(-daysToSubtract);
        }

        return alignTo.StartsWith("mon", StringComparison.Ordinal)
            ? new DateTime(wall.Year, wall.Month, 1)
            : new DateTime(wall.Year, 1, 1);
    }

    /// <summary><c>delta.seconds + delta.days * 86400</c> of the parsed interval.</summary>
    internal static long IntervalSeconds(string intervalString)
        => AtTimeParser.ParseTimeOffset(intervalString).Ticks / TimeSpan.TicksPerSecond;

    /// <summary>
    /// Python fails (division by zero) or never ends (a step of zero or below) once a series meets an interval
    /// that is not positive; Mine refuses it at the same point.
    /// </summary>
    internal static void EnsurePositive(FunctionCall call, long interval, string intervalString)
    {
        if (interval <= 0)
        {
            throw call.Error($"the interval {PythonText.Repr(intervalString)} must be longer than zero seconds");
        }
    }

    /// <summary>
    /// _summarizeValues: walks the series' timestamps (raw step) against its iterated points, one bucket per
    /// interval from newStart while below newEnd; a bucket gets the aggregate of its points when enough of them
    /// are non-None (xFilesFactor of the series against interval / step points). Returns the values and the
    /// end of the last bucket. The buckets are counted, and reserved, before any is made.
    /// </summary>
    internal static (double[] Values, long AlignedEnd) SummarizeValues(FunctionCall call, TimeSeries series, string func, long interval, long newStart, long newEnd)
    {
        var bucketCount = newEnd > newStart ? ((newEnd - newStart - 1) / interval) + 1 : 0;
        var values = call.NewValues(bucketCount);
        var aggregate = AggregationFunctions.Get(func);
        var timestampCount = series.End > series.Start ? (int)((series.End - series.Start + series.Step - 1) / series.Step) : 0;
        var points = series.GetPoints();
        var intervalPoints = (double)interval / series.Step;
        var numPoints = Math.Min(timestampCount, points.Length);

        var i = 0;
        var timestamp = newStart;
        for (var bucket = 0; bucket < values.Length; bucket++)
        {
            var first = i;
            var nonNull = 0;
            while (i < numPoints && series.Start + (i * series.Step) < timestamp + interval)
            {
                var pointTime = series.Start + (i * series.Step);
                if (pointTime <= timestamp)
                {
                    first = i;
                }

                if (pointTime >= timestamp && !double.IsNaN(points[i]))
                {
                    nonNull++;
                }

                i++;
            }

            var enough = nonNull != 0 && nonNull / intervalPoints >= series.XFilesFactor;
            values[bucket] = enough ? aggregate(points.AsSpan(first, i - first)) : double.NaN;
            timestamp += interval;
        }

        return (values, timestamp);
    }
}

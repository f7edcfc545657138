using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.Transform;

/// <summary>hitcount(seriesList, intervalString, alignToInterval=False): per-second rates turned into hits per interval.</summary>
public sealed class Hitcount : IFunctionFamily
{
    private const long Minute = 60;
    private const long Hour = 3600;
    private const long Day = 86400;

    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "hitcount",
            FunctionGroups.Transform,
            "Treats values as hits per second and counts the hits in each interval, splitting a point's hits between the buckets its step overlaps; buckets end at the end of the series, or with alignToInterval start at the start of the range rounded down to the day, hour or minute. Example: hitcount(app.requests.rate,\"1h\")",
            [
                ParamSpec.SeriesListParam(),
                new("intervalString", ParamType.Interval) { Required = true, Suggestions = ["10min", "1h", "1d"] },
                new("alignToInterval", ParamType.Boolean) { Default = false },
            ],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var intervalString = call.String("intervalString");
        var alignToInterval = call.Boolean("alignToInterval");
        var interval = Summarize.IntervalSeconds(intervalString);
        var seriesList = call.SeriesList();

        if (alignToInterval)
        {
            // Fetch again from the start of the range's day, hour or minute (wall clock of the request's zone).
            var start = ServerClock.AlignStart(call.Context, wall => interval switch
            {
                >= Day => wall.Date,
                >= Hour => wall.Date.AddHours(wall.Hour),
                >= Minute => wall.Date.AddHours(wall.Hour).AddMinutes(wall.Minute),
                _ => wall,
            });
            seriesList = call.Reevaluate("seriesList", call.Context.WithTimeRange(start, call.Context.EndSeconds));
            foreach (var series in seriesList)
            {
                Summarize.EnsurePositive(call, interval, intervalString);
                var intervalCount = Normalization.PythonFloorDiv(series.End - series.Start, interval);
                series.End = series.Start + (intervalCount * interval) + interval;
            }
        }

        var results = new List<TimeSeries>();
        foreach (var series in seriesList)
        {
            Summarize.EnsurePositive(call, interval, intervalString);
            var (newStart, values) = Count(call, series, interval);
            series.Tags["hitcount"] = intervalString;
            var name = $"hitcount({series.Name}, \"{intervalString}\"{(alignToInterval ? ", true" : "")})";
            results.Add(series.Copy(name: name, start: newStart, step: interval, values: values));
        }

        return results;
    }

    /// <summary>
    /// The buckets end at the series end; a point covers [t, t + step) and adds value × the seconds it overlaps
    /// each bucket (a point past the last bucket is cut at its end). Empty buckets are None.
    /// </summary>
    private static (long NewStart, double[] Values) Count(FunctionCall call, TimeSeries series, long interval)
    {
        var step = series.Step;
        var bucketCount = (long)Math.Ceiling((double)(series.End - series.Start) / interval);
        // The buckets (a reference each, as big as a value) and then their sums are reserved before either is made.
        call.ReserveValues(Math.Max(bucketCount, 0));
        var buckets = new List<double>?[Math.Max(bucketCount, 0)];
        var newStart = series.End - (bucketCount * interval);
        var points = series.GetPoints();
        for (var i = 0; i < points.Length; i++)
        {
            var value = points[i];
            if (double.IsNaN(value))
            {
                continue;
            }

            var startTime = series.Start + (i * step);
            var startBucket = Normalization.PythonFloorDiv(startTime - newStart, interval);
            var startMod = Normalization.PythonMod(startTime - newStart, interval);
            var endTime = startTime + step;
            var endBucket = Normalization.PythonFloorDiv(endTime - newStart, interval);
            var endMod = Normalization.PythonMod(endTime - newStart, interval);
            if (endBucket >= bucketCount)
            {
                endBucket = bucketCount - 1;
                endMod = interval;
            }

            if (startBucket == endBucket)
            {
                if (startBucket >= 0)
                {
                    Add(buckets, startBucket, value * (endMod - startMod));
                }

                continue;
            }

            if (startBucket >= 0)
            {
                Add(buckets, startBucket, value * (interval - startMod));
            }

            var hitsPerBucket = value * interval;
            for (var j = startBucket + 1; j < endBucket; j++)
            {
                Add(buckets, j, hitsPerBucket);
            }

            if (endMod > 0)
            {
                Add(buckets, endBucket, value * endMod);
            }
        }

        // sum(bucket): Python adds from int 0, left to right.
        var values = call.NewValues(buckets.Length);
        for (var b = 0; b < buckets.Length; b++)
        {
            values[b] = buckets[b] is { } bucket ? bucket.Aggregate(0.0, (sum, hits) => sum + hits) : double.NaN;
        }

        return (newStart, values);
    }

    /// <summary>Points never start before newStart, so every index is a bucket of the series.</summary>
    private static void Add(List<double>?[] buckets, long index, double hits) => (buckets[index] ??= []).Add(hits);
}

namespace Mine.Graphs.Layout;

/// <summary>
/// One row of glyph.py's x-axis table (taken from rrdtool): for graphs with at least <see cref="SecondsPerPixel"/>
/// seconds per pixel and at most <see cref="MaxInterval"/> seconds in all, where the minor and major grid lines
/// and the labels go, and how labels are written.
/// </summary>
public sealed record XAxisConfig(
    double SecondsPerPixel,
    TimeUnit MinorGridUnit,
    double MinorGridStep,
    TimeUnit MajorGridUnit,
    double MajorGridStep,
    TimeUnit LabelUnit,
    double LabelStep,
    string Format,
    long? MaxInterval)
{
    private const long Min = 60;
    private const long Hour = 3600;
    private const long Day = 86400;

    /// <summary>graphite-web's DATE_FORMAT.</summary>
    private const string DateFormat = "%m/%d";

    public static IReadOnlyList<XAxisConfig> All { get; } =
    [
        new(0.00, TimeUnit.Second, 5, TimeUnit.Minute, 1, TimeUnit.Second, 5, "%H:%M:%S", 10 * Min),
        new(0.07, TimeUnit.Second, 10, TimeUnit.Minute, 1, TimeUnit.Second, 10, "%H:%M:%S", 20 * Min),
        new(0.14, TimeUnit.Second, 15, TimeUnit.Minute, 1, TimeUnit.Second, 15, "%H:%M:%S", 30 * Min),
        new(0.27, TimeUnit.Second, 30, TimeUnit.Minute, 2, TimeUnit.Minute, 1, "%H:%M", 2 * Hour),
        new(0.5, TimeUnit.Minute, 1, TimeUnit.Minute, 2, TimeUnit.Minute, 1, "%H:%M", 2 * Hour),
        new(1.2, TimeUnit.Minute, 1, TimeUnit.Minute, 4, TimeUnit.Minute, 2, "%H:%M", 3 * Hour),
        new(2, TimeUnit.Minute, 1, TimeUnit.Minute, 10, TimeUnit.Minute, 5, "%H:%M", 6 * Hour),
        new(5, TimeUnit.Minute, 2, TimeUnit.Minute, 10, TimeUnit.Minute, 10, "%H:%M", 12 * Hour),
        new(10, TimeUnit.Minute, 5, TimeUnit.Minute, 20, TimeUnit.Minute, 20, "%H:%M", 1 * Day),
        new(30, TimeUnit.Minute, 10, TimeUnit.Hour, 1, TimeUnit.Hour, 1, "%H:%M", 2 * Day),
        new(60, TimeUnit.Minute, 30, TimeUnit.Hour, 2, TimeUnit.Hour, 2, "%H:%M", 2 * Day),
        new(100, TimeUnit.Hour, 2, TimeUnit.Hour, 4, TimeUnit.Hour, 4, "%a %H:%M", 6 * Day),
        new(255, TimeUnit.Hour, 6, TimeUnit.Hour, 12, TimeUnit.Hour, 12, DateFormat + " %H:%M", 10 * Day),
        new(600, TimeUnit.Hour, 6, TimeUnit.Day, 1, TimeUnit.Day, 1, DateFormat, 14 * Day),
        new(1000, TimeUnit.Hour, 12, TimeUnit.Day, 1, TimeUnit.Day, 1, DateFormat, 365 * Day),
        new(2000, TimeUnit.Day, 1, TimeUnit.Day, 2, TimeUnit.Day, 2, DateFormat, 365 * Day),
        new(4000, TimeUnit.Day, 2, TimeUnit.Day, 4, TimeUnit.Day, 4, DateFormat, 365 * Day),
        new(8000, TimeUnit.Day, 3.5, TimeUnit.Day, 7, TimeUnit.Day, 7, DateFormat, 365 * Day),
        new(16000, TimeUnit.Day, 7, TimeUnit.Day, 14, TimeUnit.Day, 14, DateFormat, 365 * Day),
        new(32000, TimeUnit.Day, 15, TimeUnit.Day, 30, TimeUnit.Day, 30, DateFormat, 365 * Day),
        new(64000, TimeUnit.Day, 30, TimeUnit.Day, 60, TimeUnit.Day, 60, DateFormat + " %Y", null),
        new(100000, TimeUnit.Day, 60, TimeUnit.Day, 120, TimeUnit.Day, 120, DateFormat + " %Y", null),
        new(120000, TimeUnit.Day, 120, TimeUnit.Day, 240, TimeUnit.Day, 240, DateFormat + " %Y", null),
    ];

    /// <summary>The last row fine enough for the graph's seconds per pixel whose interval covers its time range.</summary>
    public static XAxisConfig Choose(double secondsPerPixel, long timeRange)
    {
        XAxisConfig? chosen = null;
        foreach (var config in All)
        {
            if (config.SecondsPerPixel <= secondsPerPixel && (config.MaxInterval ?? (timeRange + 1)) >= timeRange)
            {
                chosen = config;
            }
        }

        return chosen ?? All[^1];
    }
}

public enum TimeUnit
{
    Second = 1,
    Minute = 60,
    Hour = 3600,
    Day = 86400,
}

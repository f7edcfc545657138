using Mine.Compat.Python;
using Mine.Query.Functions.Common;
using Mine.Query.Series;
using Mine.Query.Time;

namespace Mine.Query.Functions.Calculate;

/// <summary>
/// The <c>windowSize</c> argument of movingWindow and exponentialMovingAverage (graphite-web's intOrInterval,
/// which it does not validate): a quoted interval such as "5min", or a number of points, which Python turns into
/// a whole number with <c>int()</c> (so 2.7 means 2 points but is still written 2.7 in names).
/// </summary>
internal readonly record struct WindowSize(bool IsInterval, long PreviewSeconds, long Points, string Text)
{
    /// <summary>graphite-web's suggestions for intOrInterval window sizes.</summary>
    public static IReadOnlyList<object> Suggestions { get; } = [5L, 7L, 10L, "1min", "5min", "10min", "30min", "1hour"];

    public static ParamSpec Param() => new("windowSize", ParamType.IntOrInterval) { Required = true, Suggestions = Suggestions };

    /// <summary>
    /// An interval gives <c>abs(offset)</c> seconds of bootstrap; a number N gives N times the largest step of the
    /// (non-empty) series list.
    /// </summary>
    public static WindowSize Resolve(FunctionCall call, IReadOnlyList<TimeSeries> seriesList)
    {
        var value = call.Value("windowSize");
        if (value is string text)
        {
            TimeSpan offset;
            try
            {
                offset = AtTimeParser.ParseTimeOffset(text);
            }
            catch (QueryArgumentException error)
            {
                throw call.Error($"windowSize {PythonText.Repr(text)} is not a number of points nor an interval: {error.Message}");
            }

            var seconds = Normalization.PythonFloorDiv(offset.Ticks, TimeSpan.TicksPerSecond);
            return new WindowSize(true, Math.Abs(seconds), 0, text);
        }

        var points = value switch
        {
            long l => l,
            bool b => b ? 1 : 0,
            double d when double.IsFinite(d) && Math.Abs(d) < 9e15 => (long)Math.Truncate(d),
            _ => throw call.Error($"windowSize must be a number of points or a quoted interval such as '5min', not {FunctionCall.Describe(value)}"),
        };
        var maxStep = seriesList.Max(s => s.Step);
        try
        {
            return new WindowSize(false, checked(maxStep * points), points, PythonFormat.Str(value));
        }
        catch (OverflowException)
        {
            throw call.Error($"windowSize {PythonFormat.Str(value)} reaches outside the representable dates");
        }
    }

    /// <summary>The window in points for one bootstrapped series: an interval counts whole steps of that series.</summary>
    public long PointsFor(TimeSeries series, FunctionCall call) => IsInterval ? StepsIn(PreviewSeconds, series, call) : Points;

    /// <summary>
    /// <c>seconds // series.step</c>; a zero step (a constantLine over a range shorter than two seconds) is
    /// Python's ZeroDivisionError.
    /// </summary>
    public static long StepsIn(long seconds, TimeSeries series, FunctionCall call)
        => series.Step != 0
            ? Normalization.PythonFloorDiv(seconds, series.Step)
            : throw call.Error($"series {series.Name} has a step of 0 seconds");

    /// <summary>How graphite-web writes the window in names: quoted when it was an interval.</summary>
    public string NameArgument => IsInterval ? $"\"{Text}\"" : Text;

    /// <summary>
    /// Evaluates the series argument again from <paramref name="previewSeconds"/> before the request start, like
    /// graphite-web's evaluateTarget over a context whose startTime moved back (a start before year 1 is Python's
    /// OverflowError).
    /// </summary>
    public static List<TimeSeries> Bootstrap(FunctionCall call, long previewSeconds)
    {
        const long YearOne = -62_135_596_800;
        var context = call.Context;
        var start = context.StartSeconds - (double)previewSeconds;
        if (start < YearOne || start > long.MaxValue / 2)
        {
            throw call.Error("the window reaches outside the representable dates");
        }

        return call.Reevaluate("seriesList", context.WithTimeRange(context.StartSeconds - previewSeconds, context.EndSeconds));
    }
}

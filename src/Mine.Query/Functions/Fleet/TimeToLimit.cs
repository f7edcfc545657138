using Mine.Compat.Python;
using Mine.Query.Functions.Common;
using Mine.Query.Series;
using Mine.Query.Time;

namespace Mine.Query.Functions.Fleet;

/// <summary>
/// timeToLimit(seriesList, limit, window='6h', minTau=0.6): at every point, the hours until the Theil–Sen line
/// (<see cref="TheilSen"/>) fitted over the trailing window reaches the limit: "this disk is full in 7 h". The limit
/// is a number (100 for a percentage) or a series list (one series for all, or one per series, paired by name as
/// asPercent pairs them), e.g. <c>sumSeries(web-1.df-var.df_complex-{used,free})</c>. None where the line does not
/// rise, where its Kendall tau is under minTau (noise and spikes are not trends), or where fewer than half the
/// window's points are present; 0 where the line is past the limit already. The trend landmines
/// (docs/ui.md, "Trends") use the same line and the same minTau, so a graph of this draws their verdict.
/// </summary>
public sealed class TimeToLimit : IFunctionFamily
{
    /// <summary>Each point fits the window's points pairwise: O(window²) per point, so the window is bounded.</summary>
    public const int MaxWindowPoints = 400;

    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "timeToLimit",
            FunctionGroups.Fleet,
            "Hours until each series reaches a limit (a number, or series: one for all or one per series) at the rate of its robust (Theil-Sen) trend over the trailing window; None where it is not rising steadily (Kendall tau under minTau). Example: timeToLimit(web-1.df-var.df_complex-used,sumSeries(web-1.df-var.df_complex-{used,free}),'6h')",
            [
                ParamSpec.SeriesListParam(),
                new("limit", ParamType.Any) { Required = true },
                new("window", ParamType.IntOrInterval) { Default = "6h", Suggestions = ["1h", "6h", "24h"] },
                new("minTau", ParamType.Float) { Default = TheilSen.DefaultMinTau },
            ],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var minTau = call.Float("minTau");
        if (minTau is < -1 or > 1 || double.IsNaN(minTau))
        {
            throw call.Error("minTau must be between -1 and 1 (Kendall's tau; 0.6 by default)");
        }

        var limit = call.Value("limit");
        var limits = limit switch
        {
            List<TimeSeries> list when list.Count == 1 || list.Count == seriesList.Count => list,
            List<TimeSeries> list => throw call.Error($"limit must be a number or 1 series or as many series as the first argument ({seriesList.Count}), not {list.Count}"),
            double or long => null,
            var other => throw call.Error($"limit must be a number or a series list, not {FunctionCall.Describe(other)}"),
        };

        var pairs = limits is { Count: > 1 }
            ? PythonSort.ByName(seriesList).Zip(PythonSort.ByName(limits), static (s, l) => (s, (TimeSeries?)l)).ToList()
            : [.. seriesList.Select(s => (s, limits?[0]))];
        var constant = limit switch { double d => d, long l => l, _ => double.NaN };
        var result = new List<TimeSeries>(pairs.Count);
        foreach (var (series, limitSeries) in pairs)
        {
            result.Add(Hours(call, series, limitSeries, constant, minTau));
        }

        return result;
    }

    private static TimeSeries Hours(FunctionCall call, TimeSeries series, TimeSeries? limitSeries, double constant, double minTau)
    {
        var (start, step) = (series.Start, series.Step);
        if (limitSeries is not null)
        {
            (_, start, _, step) = Normalization.Normalize([[series, limitSeries]])!.Value;
        }

        var points = series.GetPoints();
        var limits = limitSeries?.GetPoints();
        var window = WindowPoints(call, call.Value("window"), step);
        var values = call.NewValues(points.Length);
        for (var t = 0; t < points.Length; t++)
        {
            call.CheckTime();
            var level = limits is null ? constant : t < limits.Length ? limits[t] : double.NaN;
            var from = Math.Max(0, t - window + 1);
            var fit = double.IsNaN(points[t]) || double.IsNaN(level) ? null : TheilSen.Fit(points.AsSpan(from, t - from + 1), start + (from * step), step);
            values[t] = fit is { } line && line.Points >= Math.Max(TheilSen.MinimumPoints, window / 2) && line.Tau >= minTau && line.WhenReaches(level) is { } reached
                ? Math.Max(0, reached - (start + (t * step))) / 3600
                : double.NaN;
        }

        var named = new TimeSeries($"timeToLimit({series.Name})", start, start + (points.Length * step), step, values);
        named.Tags["timeToLimit"] = "hours";
        return named;
    }

    /// <summary>The window as points at the series' step: an int counts points, an interval string is converted.</summary>
    private static int WindowPoints(FunctionCall call, object? window, long step)
    {
        var points = window switch
        {
            long count when count > 1 => count,
            string interval when Math.Abs((long)AtTimeParser.ParseTimeOffset(interval).TotalSeconds) is var seconds and >= 1 => seconds / Math.Max(1, step),
            _ => throw call.Error($"window must be a number of points (2 or more) or an interval such as \"6h\", not {FunctionCall.Describe(window)}"),
        };
        if (points > MaxWindowPoints)
        {
            throw call.Error($"window covers {points} points, at most {MaxWindowPoints}: use a shorter window or fewer points (summarize(X,\"5min\",\"avg\"))");
        }

        return (int)Math.Max(2, points);
    }
}

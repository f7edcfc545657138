using Mine.Compat.Python;
using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.Combine;

/// <summary>
/// asPercent(seriesList, total=None, *nodes), alias pct: each series as a percentage of a total — the sum of the
/// list, a number, one series, a matching series of an equally long list, or (with nodes) the total of the group
/// sharing the same nodes or tags.
/// </summary>
public sealed class AsPercent : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "asPercent",
            FunctionGroups.Combine,
            "Each series as a percentage of a total: the sum of the list (no total), a number, a single series, the same-named-order series of an equally long list, or with nodes the summed series of the matching group (unmatched ones give all-None MISSING series). Example: asPercent(Server*.connections.failed,Server*.connections.attempted,0)",
            [
                ParamSpec.SeriesListParam(),
                new("total", ParamType.Any),
                new("nodes", ParamType.NodeOrTag) { Multiple = true },
            ],
            Invoke)
        {
            Aliases = ["pct"],
            IsAggregator = true,
        },
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var total = call.Value("total");
        var nodes = call.Values("nodes");

        // graphite-web starts with normalize([seriesList]): an empty list ends the call with no result, and the
        // series keep the common consolidation for what follows.
        if (Normalization.Normalize(seriesList) is null)
        {
            return [];
        }

        var xFilesFactor = call.Context.XFilesFactor ?? 0;
        if (nodes.Count > 0)
        {
            return ByNodes(call, seriesList, total, nodes, xFilesFactor);
        }

        if (total is List<TimeSeries> totalList)
        {
            if (totalList.Count != 1 && totalList.Count != seriesList.Count)
            {
                throw call.Error("asPercent second argument must be missing, a single digit, reference exactly 1 series or reference the same number of series as the first argument");
            }

            if (totalList.Count == seriesList.Count)
            {
                // matchSeries: both lists sorted by name, paired in that order.
                var sortedSeries = PythonSort.ByName(seriesList);
                var sortedTotals = PythonSort.ByName(totalList);
                return [.. sortedSeries.Select((series, i) => Percent(call, series, sortedTotals[i], xFilesFactor))];
            }

            Normalization.Normalize([seriesList, totalList]);
            var totalPoints = totalList[0].GetPoints();
            return [.. seriesList.Select(series => AgainstTotal(call, series, totalPoints, totalList[0].Name, xFilesFactor))];
        }

        if (total is null)
        {
            var rows = Normalization.Rows(seriesList, call.Context, call.CalledName);
            var sums = call.NewValues(rows.Length);
            for (var i = 0; i < rows.Length; i++)
            {
                sums[i] = AggregationFunctions.SafeSum(rows[i]);
            }

            var totalText = $"sumSeries({SeriesNaming.FormatPathExpressions(seriesList)})";
            return [.. seriesList.Select(series => AgainstTotal(call, series, sums, totalText, xFilesFactor))];
        }

        // A constant: [total] * len(seriesList[0]), the RAW length of the first series.
        var constant = new object?[seriesList[0].Values.Length];
        Array.Fill(constant, total);
        return [.. seriesList.Select(series => AgainstConstant(call, series, constant, PythonFormat.Str(total), xFilesFactor))];
    }

    /// <summary>
    /// A series against a total row (izip_longest of the series' points and the total). graphite-web gives the
    /// result the series' own start, end and raw step, even when the points are consolidated.
    /// </summary>
    private static TimeSeries AgainstTotal(FunctionCall call, TimeSeries series, double[] totals, string totalText, double xFilesFactor)
    {
        var points = series.GetPoints();
        var values = call.NewValues(Math.Max(points.Length, totals.Length));
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Percentage(i < points.Length ? points[i] : double.NaN, i < totals.Length ? totals[i] : double.NaN);
        }

        return new TimeSeries(ResultName(series, totalText), series.Start, series.End, series.Step, values, xFilesFactor: xFilesFactor);
    }

    /// <summary>AgainstTotal for a constant total of any Python type (bool counts as 1 or 0, a string fails on a value).</summary>
    private static TimeSeries AgainstConstant(FunctionCall call, TimeSeries series, object?[] totals, string totalText, double xFilesFactor)
    {
        var points = series.GetPoints();
        var values = call.NewValues(Math.Max(points.Length, totals.Length));
        for (var i = 0; i < values.Length; i++)
        {
            var value = i < points.Length ? points[i] : double.NaN;
            if (double.IsNaN(value))
            {
                values[i] = double.NaN;
                continue;
            }

            values[i] = (i < totals.Length ? totals[i] : null) switch
            {
                null => double.NaN,
                double d => Percentage(value, d),
                long l => Percentage(value, l),
                bool b => Percentage(value, b ? 1 : 0),
                var other => throw call.Error($"total must be a number or a series list, not {FunctionCall.Describe(other)}"),
            };
        }

        return new TimeSeries(ResultName(series, totalText), series.Start, series.End, series.Step, values, xFilesFactor: xFilesFactor);
    }

    /// <summary>"asPercent(series,total)", with the series' path expression when the total text is empty.</summary>
    private static string ResultName(TimeSeries series, string totalText)
        => $"asPercent({series.Name},{(totalText.Length > 0 ? totalText : series.PathExpression)})";

    /// <summary>A series against one total series, both normalized together first.</summary>
    private static TimeSeries Percent(FunctionCall call, TimeSeries series, TimeSeries total, double xFilesFactor)
    {
        var (_, start, end, step) = Normalization.Normalize([[series, total]])!.Value;
        var a = series.GetPoints();
        var b = total.GetPoints();
        var values = call.NewValues(Math.Max(a.Length, b.Length));
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Percentage(i < a.Length ? a[i] : double.NaN, i < b.Length ? b[i] : double.NaN);
        }

        return new TimeSeries($"asPercent({series.Name},{total.Name})", start, end, step, values, xFilesFactor: xFilesFactor);
    }

    /// <summary>safeMul(safeDiv(value, total), 100.0): divided first, then multiplied, as graphite-web rounds.</summary>
    private static double Percentage(double value, double total) => DivideSeries.SafeDiv(value, total) * 100.0;

    /// <summary>
    /// The nodes form: series and totals grouped by aggKey (first-seen order, series keys first), each group's
    /// total summed when it has several series, unmatched sides giving all-None "MISSING" series.
    /// </summary>
    private static List<TimeSeries> ByNodes(FunctionCall call, List<TimeSeries> seriesList, object? total, IReadOnlyList<object?> nodes, double xFilesFactor)
    {
        var keys = new List<string>();
        var groups = new Dictionary<string, List<TimeSeries>>(StringComparer.Ordinal);
        foreach (var series in seriesList)
        {
            var key = SeriesNaming.AggKey(series, nodes);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
                keys.Add(key);
            }

            group.Add(series);
        }

        // graphite-web's local start, end and step: assigned by each normalize() whose result it keeps, and read
        // by the MISSING series, which therefore take whatever the last such normalize gave (or fail when none
        // ran yet, a Python UnboundLocalError).
        (long Start, long End, long Step)? range = null;
        var totals = new Dictionary<string, TimeSeries>(StringComparer.Ordinal);
        if (total is null)
        {
            foreach (var key in keys)
            {
                totals[key] = SummedTotal(call, groups[key], xFilesFactor, ref range);
            }
        }
        else if (total is List<TimeSeries> totalList)
        {
            var totalKeys = new List<string>();
            var totalGroups = new Dictionary<string, List<TimeSeries>>(StringComparer.Ordinal);
            foreach (var series in totalList)
            {
                var key = SeriesNaming.AggKey(series, nodes);
                if (!totalGroups.TryGetValue(key, out var group))
                {
                    totalGroups[key] = group = [];
                    totalKeys.Add(key);
                    if (!groups.ContainsKey(key))
                    {
                        keys.Add(key);
                    }
                }

                group.Add(series);
            }

            foreach (var key in totalKeys)
            {
                totals[key] = SummedTotal(call, totalGroups[key], xFilesFactor, ref range);
            }
        }
        else
        {
            throw call.Error("total must be None or a seriesList");
        }

        var results = new List<TimeSeries>();
        foreach (var key in keys)
        {
            if (!groups.TryGetValue(key, out var group))
            {
                var totalOnly = totals[key];
                results.Add(Missing(call, $"asPercent(MISSING,{totalOnly.Name})", totalOnly, range, xFilesFactor));
                continue;
            }

            foreach (var series in group)
            {
                if (!totals.TryGetValue(key, out var totalSeries))
                {
                    results.Add(Missing(call, $"asPercent({series.Name},MISSING)", series, range, xFilesFactor));
                    continue;
                }

                var percent = Percent(call, series, totalSeries, xFilesFactor);
                range = (percent.Start, percent.End, percent.Step);
                results.Add(percent);
            }
        }

        return results;
    }

    /// <summary>A group's total: its only series itself, or a new "sumSeries(paths)" of safeSum rows.</summary>
    private static TimeSeries SummedTotal(FunctionCall call, List<TimeSeries> group, double xFilesFactor, ref (long Start, long End, long Step)? range)
    {
        if (group.Count == 1)
        {
            return group[0];
        }

        var name = $"sumSeries({SeriesNaming.FormatPathExpressions(group)})";
        var (_, start, end, step) = Normalization.Normalize(group)!.Value;
        range = (start, end, step);
        var rows = Normalization.Rows(group, call.Context, call.CalledName);
        var sums = call.NewValues(rows.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            sums[i] = AggregationFunctions.SafeSum(rows[i]);
        }

        return new TimeSeries(name, start, end, step, sums, xFilesFactor: xFilesFactor);
    }

    /// <summary>An all-None series as long as <paramref name="like"/>'s points, over graphite-web's current range.</summary>
    private static TimeSeries Missing(FunctionCall call, string name, TimeSeries like, (long Start, long End, long Step)? range, double xFilesFactor)
    {
        var (start, end, step) = range ?? throw call.Error($"cannot build {name}: no matched series or summed total came before it (graphite-web fails here too)");
        var values = call.NewValues(like.GetPoints().Length);
        Array.Fill(values, double.NaN);
        return new TimeSeries(name, start, end, step, values, xFilesFactor: xFilesFactor);
    }
}

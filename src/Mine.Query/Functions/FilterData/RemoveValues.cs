using Mine.Compat.Python;
using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.FilterData;

/// <summary>
/// removeAboveValue, removeBelowValue, removeAbovePercentile and removeBelowPercentile: set the values above or
/// below a threshold (a constant, or the series' own nth percentile) to None.
/// </summary>
public sealed class RemoveValues : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        Define("removeAboveValue", above: true, percentile: false, "Sets every value above n to None. Example: removeAboveValue(server*.instance*.threads.busy,100)"),
        Define("removeBelowValue", above: false, percentile: false, "Sets every value below n to None. Example: removeBelowValue(server*.instance*.threads.busy,1)"),
        Define("removeAbovePercentile", above: true, percentile: true, "Sets every value above the series' own nth percentile to None. Example: removeAbovePercentile(server*.instance*.threads.busy,95)"),
        Define("removeBelowPercentile", above: false, percentile: true, "Sets every value below the series' own nth percentile to None. Example: removeBelowPercentile(server*.instance*.threads.busy,5)"),
    ];

    private static FunctionDefinition Define(string name, bool above, bool percentile, string description) => new(
        name,
        FunctionGroups.FilterData,
        description,
        [ParamSpec.SeriesListParam(), new("n", ParamType.Float) { Required = true }],
        call => Invoke(call, name, above, percentile));

    private static List<TimeSeries> Invoke(FunctionCall call, string name, bool above, bool percentile)
    {
        var seriesList = call.SeriesList();
        var n = call.Float("n");
        foreach (var series in seriesList)
        {
            // Renamed first: a series that the percentile variant then skips keeps the new name.
            series.Name = $"{name}({series.Name}, {PythonFormat.G(n)})";
            series.PathExpression = series.Name;
            var threshold = n;
            if (percentile && !TryOwnPercentile(series, n, call, out threshold))
            {
                continue;
            }

            // Python enumerates the series (consolidated points) but assigns s[index] in the raw list.
            var points = series.GetPoints();
            for (var i = 0; i < points.Length; i++)
            {
                var value = points[i];
                var remove = above
                    ? !double.IsNaN(value) && value > threshold
                    : double.IsNaN(value) || value < threshold;
                if (remove)
                {
                    series.Values[i] = double.NaN;
                }
            }
        }

        return seriesList;
    }

    /// <summary>
    /// <c>nPercentile(requestContext, [s], n)[0][0]</c> inside <c>try/except IndexError</c>: false (leave the series
    /// alone) when the series has no values, when its span holds no whole step (nPercentile then builds an empty
    /// series), or when n lies so far outside 0..100 that the rank falls off the sorted values.
    /// </summary>
    private static bool TryOwnPercentile(TimeSeries series, double n, FunctionCall call, out double percentile)
    {
        percentile = double.NaN;

        // nPercentile asserts the percent is non-zero (AssertionError, HTTP 500 in graphite-web).
        if (n == 0)
        {
            throw call.Error("The requested percent is required to be greater than 0");
        }

        var points = series.GetPoints();
        if (!points.Any(v => !double.IsNaN(v)) || !Percentile.TryGet(points, n, interpolate: false, out percentile))
        {
            return false;
        }

        // nPercentile tags its copy with the percent, and copy() shares the tags dict with the input series, so
        // graphite-web's series end up tagged nPercentile=<str(float(n))> too.
        if (!double.IsNaN(percentile))
        {
            series.Tags["nPercentile"] = PythonFormat.Str(n);
        }

        return Math.Truncate((double)(series.End - series.Start) / series.Step) > 0;
    }
}

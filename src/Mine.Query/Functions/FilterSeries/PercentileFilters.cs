using Mine.Compat.Python;
using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.FilterSeries;

/// <summary>
/// averageOutsidePercentile and removeBetweenPercentile: drop the series that stay inside the band between the
/// (100-n)th and nth percentiles, of the series' averages or of each moment's values.
/// </summary>
/// <remarks>
/// graphite-web compares None with floats here, which raises TypeError (HTTP 500): any series without values
/// (averageOutsidePercentile) or any None point at all (removeBetweenPercentile) fails the request. Mine fails it
/// too, with a 400 that says why.
/// </remarks>
public sealed class PercentileFilters : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "averageOutsidePercentile",
            FunctionGroups.FilterSeries,
            "Keeps the series whose average lies outside the band between the (100-n)th and nth percentiles of all the series' averages. Example: averageOutsidePercentile(server*.instance*.threads.busy,90)",
            [ParamSpec.SeriesListParam(), new("n", ParamType.Float) { Required = true }],
            AverageOutsidePercentile),
        new(
            "removeBetweenPercentile",
            FunctionGroups.FilterSeries,
            "Keeps the series that at some moment lie outside the band between the (100-n)th and nth percentiles of all the series' values at that moment. Example: removeBetweenPercentile(server*.instance*.threads.busy,95)",
            [ParamSpec.SeriesListParam(), new("n", ParamType.Float) { Required = true }],
            RemoveBetweenPercentile),
    ];

    private static List<TimeSeries> AverageOutsidePercentile(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var n = Band(call.Float("n"));
        var averages = seriesList.Select(s => AggregationFunctions.SafeAverage(s.GetPoints())).ToArray();
        var low = Get(call, averages, 100 - n);
        var high = Get(call, averages, n);

        var result = new List<TimeSeries>();
        for (var i = 0; i < seriesList.Count; i++)
        {
            // `not low < average < high`; the first comparison already fails on a None.
            if (double.IsNaN(low) || double.IsNaN(averages[i]))
            {
                throw call.Error($"series {seriesList[i].Name} has no values to compare with the percentiles");
            }

            if (!(low < averages[i] && averages[i] < high))
            {
                result.Add(seriesList[i]);
            }
        }

        return result;
    }

    private static List<TimeSeries> RemoveBetweenPercentile(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var n = Band(call.Float("n"));
        var points = seriesList.Select(s => s.GetPoints()).ToArray();

        // zip(*seriesList): one column per moment, as many as the shortest series has.
        var columns = points.Length == 0 ? 0 : points.Min(p => p.Length);
        var lows = call.NewValues(columns);
        var highs = call.NewValues(columns);
        var column = call.NewValues(points.Length);
        for (var i = 0; i < columns; i++)
        {
            if ((i & 63) == 0)
            {
                call.CheckTime(); // a sort of the whole column per point
            }

            for (var s = 0; s < points.Length; s++)
            {
                column[s] = points[s][i];
            }

            lows[i] = Get(call, column, 100 - n);
            highs[i] = Get(call, column, n);
        }

        var result = new List<TimeSeries>();
        for (var s = 0; s < seriesList.Count; s++)
        {
            // Every point is compared (a list, not a short-circuiting any()), so a longer series runs past the
            // percentile lists (IndexError) and a None meets a '<' (TypeError).
            var outside = false;
            for (var i = 0; i < points[s].Length; i++)
            {
                var value = points[s][i];
                if (i >= columns)
                {
                    throw call.Error($"series {seriesList[s].Name} is longer than the shortest series in the list");
                }

                if (double.IsNaN(value) || double.IsNaN(lows[i]))
                {
                    throw call.Error($"series {seriesList[s].Name} has a None value, which cannot be compared with the percentiles");
                }

                outside |= !(lows[i] < value && value < highs[i]);
            }

            if (outside)
            {
                result.Add(seriesList[s]);
            }
        }

        return result;
    }

    /// <summary>Both functions take n below 50 as 100 - n.</summary>
    private static double Band(double n) => n < 50 ? 100 - n : n;

    private static double Get(FunctionCall call, ReadOnlySpan<double> values, double n)
        => Percentile.TryGet(values, n, interpolate: false, out var percentile)
            ? percentile
            : throw call.Error($"the {PythonFloat.Repr(n)}th percentile is out of range");
}

using Mine.Compat.Python;
using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.FilterSeries;

/// <summary>mostDeviant(seriesList, n): the n series with the largest spread around their own mean.</summary>
public sealed class MostDeviant : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "mostDeviant",
            FunctionGroups.FilterSeries,
            "Keeps the n series whose values vary most around their own mean (largest variance), most deviant first; series without values are dropped. Example: mostDeviant(server*.instance*.memory.free,5)",
            [ParamSpec.SeriesListParam(), new("n", ParamType.Integer) { Required = true }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var deviants = new List<(double Sigma, TimeSeries Series)>();
        foreach (var series in call.SeriesList())
        {
            var points = series.GetPoints();
            var mean = AggregationFunctions.SafeAverage(points);
            if (double.IsNaN(mean))
            {
                continue;
            }

            // graphite-web calls it sigma but ranks by the variance: the mean squared deviation.
            var squareSum = 0.0;
            foreach (var v in points)
            {
                if (!double.IsNaN(v))
                {
                    squareSum += (v - mean) * (v - mean);
                }
            }

            deviants.Add((squareSum / AggregationFunctions.SafeCount(points), series));
        }

        var sorted = PythonSort.SortedBy(deviants, d => d.Sigma, PythonSort.NoneLowest, reverse: true);
        return PythonList.Head([.. sorted.Select(d => d.Series)], call.Integer("n"));
    }
}

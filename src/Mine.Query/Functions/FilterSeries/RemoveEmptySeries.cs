using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.FilterSeries;

/// <summary>removeEmptySeries(seriesList, xFilesFactor): drops series without (enough) non-null values.</summary>
public sealed class RemoveEmptySeries : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "removeEmptySeries",
            FunctionGroups.FilterSeries,
            "Drops the series whose share of non-null values is below xFilesFactor (default 0: drops only series with no value at all). Example: removeEmptySeries(server*.instance*.threads.busy,0.5)",
            [ParamSpec.SeriesListParam(), ParamSpec.XFilesFactorParam()],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        // None means 0 here, not the series' or the request's factor.
        var xFilesFactor = call.FloatOrNull("xFilesFactor") ?? 0;
        return [.. call.SeriesList().Where(s => HasEnoughValues(s, xFilesFactor))];
    }

    /// <summary>
    /// xffValues(series, xFilesFactor): the non-null count comes from iterating (consolidated points) but the
    /// total and the emptiness test from len() (raw values).
    /// </summary>
    private static bool HasEnoughValues(TimeSeries series, double xFilesFactor)
    {
        if (series.Values.Length == 0)
        {
            return false;
        }

        var nonNull = (int)AggregationFunctions.SafeCount(series.GetPoints());
        return Normalization.Xff(nonNull, series.Values.Length, xFilesFactor);
    }
}

using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.Combine;

/// <summary>powSeries(*seriesLists): the first series raised to the second, that result to the third, and so on.</summary>
public sealed class PowSeries : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "powSeries",
            FunctionGroups.Combine,
            "Raises the first series to the power of the second, point by point, then the result to the third and so on; "
            + "a point is None when any value is None or the power is undefined. Example: powSeries(Server.instance01.app.requests,Server.instance01.app.replies)",
            [new("seriesList", ParamType.SeriesList) { Required = true, Multiple = true }],
            Invoke)
        {
            IsAggregator = true,

            // graphite-web's Param says "seriesList", its Python signature "*seriesLists".
            PythonArguments = "*seriesLists",
        },
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        if (Normalization.Normalize(call.SeriesLists("seriesList")) is not { } normalized)
        {
            return [];
        }

        var (seriesList, start, end, step) = normalized;

        // Unlike the other combiners, the name lists every series' name, not the path expressions.
        var name = $"powSeries({string.Join(',', seriesList.Select(s => s.Name))})";
        var rows = Normalization.Rows(seriesList, call.Context, call.CalledName);
        var values = call.NewValues(rows.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            var result = row[0];
            for (var j = 1; j < row.Length; j++)
            {
                result = SafePow(result, row[j]);
            }

            values[i] = result;
        }

        return [new TimeSeries(name, start, end, step, values, xFilesFactor: call.Context.XFilesFactor ?? 0)];
    }

    /// <summary>
    /// safePow: None when either side is None or Python's math.pow raises, which it does where C's pow reports a
    /// domain error (a negative base to a fractional power: NaN here) or a pole or overflow from finite inputs
    /// (0 to a negative power, results beyond double: infinity here).
    /// </summary>
    internal static double SafePow(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return double.NaN;
        }

        var result = Math.Pow(a, b);
        return double.IsInfinity(result) && double.IsFinite(a) && double.IsFinite(b) ? double.NaN : result;
    }
}

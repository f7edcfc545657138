using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.Combine;

/// <summary>
/// divideSeries(dividendSeriesList, divisorSeries) and divideSeriesLists(dividendSeriesList, divisorSeriesList):
/// point-by-point quotients, None where either side is None or the divisor is 0.
/// </summary>
public sealed class DivideSeries : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "divideSeries",
            FunctionGroups.Combine,
            "Divides each series of the first list by the single series of the second, point by point (None where the divisor is 0 or None). Example: divideSeries(Series.dividends,Series.divisors)",
            [ParamSpec.SeriesListParam("dividendSeriesList"), ParamSpec.SeriesListParam("divisorSeries")],
            InvokeDivideSeries),
        new(
            "divideSeriesLists",
            FunctionGroups.Combine,
            "Divides the n-th series of the first list by the n-th series of the second; both lists must be equally long. Example: divideSeriesLists(Servers.*.bytes_used,Servers.*.bytes_total)",
            [ParamSpec.SeriesListParam("dividendSeriesList"), ParamSpec.SeriesListParam("divisorSeriesList")],
            InvokeDivideSeriesLists),
    ];

    private static List<TimeSeries> InvokeDivideSeries(FunctionCall call)
    {
        var dividends = call.SeriesList("dividendSeriesList");
        var divisors = call.SeriesList("divisorSeries");
        if (divisors.Count == 0)
        {
            // graphite-web keeps the dividend series (tags, consolidation and all), renamed, with every raw value
            // set to None.
            foreach (var series in dividends)
            {
                series.Name = $"divideSeries({series.Name},MISSING)";
                series.PathExpression = series.Name;
                Array.Fill(series.Values, double.NaN);
            }

            return dividends;
        }

        if (divisors.Count > 1)
        {
            throw call.Error($"divideSeries second argument must reference exactly 1 series (got {divisors.Count})");
        }

        var divisor = divisors[0];
        return [.. dividends.Select(dividend => Quotient(call, dividend, divisor))];
    }

    private static List<TimeSeries> InvokeDivideSeriesLists(FunctionCall call)
    {
        var dividends = call.SeriesList("dividendSeriesList");
        var divisors = call.SeriesList("divisorSeriesList");
        if (dividends.Count != divisors.Count)
        {
            throw call.Error("dividendSeriesList and divisorSeriesList argument must have equal length");
        }

        return [.. dividends.Select((dividend, i) => Quotient(call, dividend, divisors[i]))];
    }

    /// <summary>
    /// Both series consolidated to the lcm of their steps (the divisor keeps that factor afterwards, as in
    /// graphite-web), then safeDiv over izip_longest of their points.
    /// </summary>
    private static TimeSeries Quotient(FunctionCall call, TimeSeries dividend, TimeSeries divisor)
    {
        var name = $"divideSeries({dividend.Name},{divisor.Name})";
        var (_, start, end, step) = Normalization.Normalize([[dividend, divisor]])!.Value;
        var a = dividend.GetPoints();
        var b = divisor.GetPoints();
        var values = call.NewValues(Math.Max(a.Length, b.Length));
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = SafeDiv(i < a.Length ? a[i] : double.NaN, i < b.Length ? b[i] : double.NaN);
        }

        return new TimeSeries(name, start, end, step, values, xFilesFactor: call.Context.XFilesFactor ?? 0);
    }

    /// <summary>safe.safeDiv: None when the dividend is None or the divisor is 0 or None.</summary>
    internal static double SafeDiv(double a, double b) => double.IsNaN(a) || double.IsNaN(b) || b == 0 ? double.NaN : a / b;
}

using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.Calculate;

/// <summary>
/// holtWintersAberration(seriesList, delta=3, bootstrapInterval='7d', seasonality='1d'): how far each value lies
/// above the upper or below the lower Holt-Winters confidence band, 0 inside the bands.
/// </summary>
public sealed class HoltWintersAberration : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "holtWintersAberration",
            FunctionGroups.Calculate,
            "Replaces each value by its distance above the upper or below the lower Holt-Winters confidence band (negative below), 0 inside the bands or for None. Example: holtWintersAberration(Server.instance01.threads.busy,3)",
            HoltWinters.Parameters(withDelta: true),
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();

        // {s.name: s for s in bands}: a later band with the same name wins.
        var bands = new Dictionary<string, TimeSeries>(StringComparer.Ordinal);
        foreach (var band in HoltWinters.ConfidenceBands(call))
        {
            bands[band.Name] = band;
        }

        var results = new List<TimeSeries>();
        foreach (var series in seriesList)
        {
            var lower = Band(bands, $"holtWintersConfidenceLower({series.Name})", call);
            var upper = Band(bands, $"holtWintersConfidenceUpper({series.Name})", call);

            // Python enumerates the (consolidated) points but reads series[i] and the bands from their raw lists.
            var count = series.GetPoints().Length;
            var values = series.Values;
            var aberration = call.NewValues(count);
            for (var i = 0; i < count; i++)
            {
                var actual = PythonList.Item(values, i, call.Error);
                if (double.IsNaN(actual))
                {
                    aberration[i] = 0;
                    continue;
                }

                var high = PythonList.Item(upper.Values, i, call.Error);
                if (!double.IsNaN(high) && actual > high)
                {
                    aberration[i] = actual - high;
                    continue;
                }

                var low = PythonList.Item(lower.Values, i, call.Error);
                aberration[i] = !double.IsNaN(low) && actual < low ? actual - low : 0;
            }

            series.Tags["holtWintersAberration"] = "1";
            results.Add(new TimeSeries($"holtWintersAberration({series.Name})", series.Start, series.End, series.Step, aberration, tags: series.Tags, xFilesFactor: series.XFilesFactor));
        }

        return results;
    }

    private static TimeSeries Band(Dictionary<string, TimeSeries> bands, string name, FunctionCall call)
        => bands.TryGetValue(name, out var band)
            ? band
            : throw call.Error($"no confidence band {name} (the series is missing from the bootstrapped range)");
}

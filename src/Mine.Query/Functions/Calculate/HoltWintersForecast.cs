using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.Calculate;

/// <summary>
/// holtWintersForecast(seriesList, bootstrapInterval='7d', seasonality='1d'): the Holt-Winters prediction for
/// each point, trained on the bootstrap interval before the request.
/// </summary>
public sealed class HoltWintersForecast : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "holtWintersForecast",
            FunctionGroups.Calculate,
            "Replaces each series by its Holt-Winters forecast, trained on the bootstrapInterval (a week by default) before the requested range with a daily season by default. Example: holtWintersForecast(Server.instance01.threads.busy)",
            HoltWinters.Parameters(withDelta: false),
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seasonality = call.String("seasonality");
        var previewSeconds = HoltWinters.BootstrapSeconds(call);
        var results = new List<TimeSeries>();
        foreach (var series in HoltWinters.Bootstrap(call, previewSeconds))
        {
            var (predictions, _) = HoltWinters.Analyze(series, seasonality, call);
            var windowPoints = WindowSize.StepsIn(previewSeconds, series, call);
            series.Tags["holtWintersForecast"] = "1";
            results.Add(new TimeSeries(
                $"holtWintersForecast({series.Name})",
                series.Start + previewSeconds,
                series.End,
                series.Step,
                PythonList.SliceFrom(predictions, windowPoints),
                tags: series.Tags,
                xFilesFactor: series.XFilesFactor));
        }

        return results;
    }
}

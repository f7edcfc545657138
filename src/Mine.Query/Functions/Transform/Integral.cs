using Mine.Query.Series;

namespace Mine.Query.Functions.Transform;

/// <summary>integral(seriesList): the running total of each series.</summary>
public sealed class Integral : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "integral",
            FunctionGroups.Transform,
            "The running sum of each series from the start of the range; None values stay None and add nothing. Example: integral(company.sales.perMinute)",
            [ParamSpec.SeriesListParam()],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var results = new List<TimeSeries>();
        foreach (var series in call.SeriesList())
        {
            var points = series.GetPoints();
            var values = call.NewValues(points.Length);
            var current = 0.0;
            for (var i = 0; i < points.Length; i++)
            {
                if (double.IsNaN(points[i]))
                {
                    values[i] = double.NaN;
                    continue;
                }

                current += points[i];
                values[i] = current;
            }

            series.Tags["integral"] = "1";
            results.Add(series.Copy(name: $"integral({series.Name})", values: values));
        }

        return results;
    }
}

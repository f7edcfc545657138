using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.Calculate;

/// <summary>
/// aggregateLine(seriesList, func='average', keepStep=False): a horizontal line per series at the aggregate
/// (average, max, ...) of its values, as a three-point constantLine or, with keepStep, at the series' own steps.
/// </summary>
public sealed class AggregateLine : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "aggregateLine",
            FunctionGroups.Calculate,
            "Draws a horizontal line for each series at the aggregate of its values (average by default); keepStep=true keeps the series' time range and step. Example: aggregateLine(server*.connections.total,'max')",
            [ParamSpec.SeriesListParam(), new("func", ParamType.AggFunc) { Default = "average" }, new("keepStep", ParamType.Boolean) { Default = false }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var func = call.String("func");
        var aggregate = AggregationFunctions.Get(func);
        var keepStep = call.Boolean("keepStep");
        var context = call.Context;
        var results = new List<TimeSeries>();
        foreach (var series in seriesList)
        {
            var value = aggregate(series.GetPoints());
            var name = double.IsNaN(value)
                ? $"aggregateLine({series.Name}, None)"
                : $"aggregateLine({series.Name}, {PythonFormat.G(value)})";

            if (keepStep)
            {
                // [value] * len(series): as many values as the raw list, even when the series was consolidated.
                var values = call.NewValues(series.Values.Length);
                Array.Fill(values, value);
                results.Add(series.Copy(name: name, values: values));
                continue;
            }

            // constantLine(value): three points spanning the request, step int((end - start) / 2.0), its tags
            // parsed from str(value) and kept after the rename.
            var start = context.StartSeconds;
            var end = context.EndSeconds;
            var step = (long)Math.Truncate((end - start) / 2.0);
            var line = new TimeSeries(ValueText(value, func), start, end, step, [value, value, value], xFilesFactor: context.XFilesFactor ?? 0)
            {
                Name = name,
                PathExpression = name,
            };
            results.Add(line);
        }

        return results;
    }

    /// <summary>str(value): safeLen ("count") returns a Python int, the others floats; None for no value.</summary>
    private static string ValueText(double value, string func)
    {
        if (double.IsNaN(value))
        {
            return "None";
        }

        return func == "count" ? PythonFormat.Str((long)value) : PythonFormat.Str(value);
    }
}

using Mine.Query.Series;

namespace Mine.Query.Functions.Graph;

/// <summary>stacked(seriesList, stack): stacks series on each other, across targets of the request.</summary>
public sealed class Stacked : IFunctionFamily
{
    private const string DefaultStack = "__DEFAULT__";

    /// <summary>Key for a stack explicitly named None (Python keeps it apart from the default stack).</summary>
    private const string NoneStack = "\0None";

    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "stacked",
            FunctionGroups.Graph,
            "Stacks the series on each other (and on earlier stacked() series of the same stack in the request), without stacking the whole graph. Example: stacked(company.server.application01.ifconfig.TXPackets,'tx')",

            // graphite-web declares the parameter as "stack" without default; the Python default '__DEFAULT__' is applied below.
            [ParamSpec.SeriesListParam(), new("stack", ParamType.String)],
            Invoke)
        {
            // graphite-web's Params are "seriesList, stack", its Python arguments differ.
            PythonArguments = "seriesLists, stackName='__DEFAULT__'",
        },
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var stackName = call.IsGiven("stack") ? call.StringOrNull("stack") ?? NoneStack : DefaultStack;

        // requestContext['totalStack'] keeps running totals by stack name for the whole request.
        var stacks = call.Context.TotalStack;
        List<double> totalStack;
        if (stacks is null)
        {
            call.Context.TotalStack = stacks = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            totalStack = [];
        }
        else
        {
            totalStack = stacks.GetValueOrDefault(stackName) ?? [];
        }

        var results = new List<TimeSeries>(seriesList.Count);
        foreach (var series in seriesList)
        {
            // len(series) and series[i]: the raw values.
            var values = series.Values;
            var newValues = call.NewValues(values.Length);
            for (var i = 0; i < values.Length; i++)
            {
                if (totalStack.Count <= i)
                {
                    totalStack.Add(0);
                }

                if (double.IsNaN(values[i]))
                {
                    newValues[i] = double.NaN;
                }
                else
                {
                    totalStack[i] += values[i];
                    newValues[i] = totalStack[i];
                }
            }

            // graphite-web's "work-around for the case when legend is set": only the default stack renames.
            string newName;
            if (stackName == DefaultStack)
            {
                series.Tags["stacked"] = stackName;
                newName = $"stacked({series.Name})";
            }
            else
            {
                newName = series.Name;
            }

            var stacked = series.Copy(name: newName, values: newValues);
            stacked.Options["stacked"] = true;
            results.Add(stacked);
        }

        stacks[stackName] = totalStack;
        return results;
    }
}

using Mine.Compat.Python;
using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.Alias;

/// <summary>aliasQuery(seriesList, search, replace, newName): names from the last value of a related series.</summary>
public sealed class AliasQuery : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "aliasQuery",
            FunctionGroups.Alias,
            "Turns each series name into another target with a regular expression search and replace, evaluates it, and names the series with newName %-formatted with that target's last value. Example: aliasQuery(channel.power.*,\"channel\\.power\\.([0-9]+)\",\"channel.frequency.\\1\",\"Channel %d MHz\")",
            [
                ParamSpec.SeriesListParam(),
                new("search", ParamType.String) { Required = true },
                new("replace", ParamType.String) { Required = true },
                new("newName", ParamType.String) { Required = true },
            ],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var pattern = PythonRegex.Compile(call.String("search"), call.Context);
        var replace = call.String("replace");
        var newName = call.String("newName");
        foreach (var series in seriesList)
        {
            var query = pattern.Substitute(replace, series.Name);

            // graphite-web evaluates the query in a copy of the request context.
            var context = call.Context.WithTimeRange(call.Context.StartSeconds, call.Context.EndSeconds);
            var found = call.EvaluateTarget(query, context);
            if (found.Count == 0)
            {
                throw call.Error($"No series found with query: {query}");
            }

            var current = SeriesAggregates.Last(found[0]);
            if (double.IsNaN(current))
            {
                // graphite-web fails here with a TypeError while building this very message.
                throw call.Error($"Cannot get last value of series: {found[0].Name}");
            }

            try
            {
                series.Name = PythonPercentFormat.Format(newName, current);
            }
            catch (FormatException ex)
            {
                throw call.Error($"cannot format {PythonText.Repr(newName)} with {PythonFloat.Repr(current)}: {ex.Message}");
            }
        }

        return seriesList;
    }
}

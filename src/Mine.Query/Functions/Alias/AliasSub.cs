using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.Alias;

/// <summary>aliasSub(seriesList, search, replace): Python re.sub on each name.</summary>
public sealed class AliasSub : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "aliasSub",
            FunctionGroups.Alias,
            "Renames each series with a regular expression search and replace in Python syntax (\\1 or \\g<name> in the replacement). Example: aliasSub(ip.*TCP*,\"^.*TCP(\\d+)\",\"\\1\")",
            [
                ParamSpec.SeriesListParam(),
                new("search", ParamType.String) { Required = true },
                new("replace", ParamType.String) { Required = true },
            ],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var pattern = PythonRegex.Compile(call.String("search"), call.Context);
        var replace = call.String("replace");
        foreach (var series in seriesList)
        {
            series.Name = pattern.Substitute(replace, series.Name);
        }

        return seriesList;
    }
}

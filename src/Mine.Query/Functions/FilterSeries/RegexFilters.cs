using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.FilterSeries;

/// <summary>
/// grep(seriesList, pattern) and exclude(seriesList, pattern): keep the series whose name does, or does not,
/// contain a match of a Python regular expression (re.search, so unanchored).
/// </summary>
public sealed class RegexFilters : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "grep",
            FunctionGroups.FilterSeries,
            "Keeps the series whose name contains a match of the regular expression. Example: grep(servers*.instance*.threads.busy,'server02')",
            [ParamSpec.SeriesListParam(), new("pattern", ParamType.String) { Required = true }],
            call => Filter(call, keepMatches: true)),
        new(
            "exclude",
            FunctionGroups.FilterSeries,
            "Drops the series whose name contains a match of the regular expression. Example: exclude(servers*.instance*.threads.busy,'server02')",
            [ParamSpec.SeriesListParam(), new("pattern", ParamType.String) { Required = true }],
            call => Filter(call, keepMatches: false)),
    ];

    private static List<TimeSeries> Filter(FunctionCall call, bool keepMatches)
    {
        var seriesList = call.SeriesList();

        // Compiled before looking at the list, so a bad pattern fails even when nothing matched the path.
        var regex = PythonRegex.Compile(call.String("pattern"), call.Context);
        return [.. seriesList.Where(s => regex.Search(s.Name) == keepMatches)];
    }
}

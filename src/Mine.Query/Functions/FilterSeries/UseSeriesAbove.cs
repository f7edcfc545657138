using Mine.Compat.Python;
using Mine.Query.Series;
using Mine.Query.Targets;

namespace Mine.Query.Functions.FilterSeries;

/// <summary>
/// useSeriesAbove(seriesList, value, search, replace): for each series whose maximum is above value, fetches the
/// series named by a regular-expression substitution on its name.
/// </summary>
public sealed class UseSeriesAbove : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "useSeriesAbove",
            FunctionGroups.FilterSeries,
            "For every series whose maximum is above value, draws the related series whose name is this one's with the regular expression search replaced by replace. Example: useSeriesAbove(ganglia.metric1.reqs,10,'reqs','time')",
            [
                ParamSpec.SeriesListParam(),
                new("value", ParamType.Float) { Required = true },
                new("search", ParamType.String) { Required = true },
                new("replace", ParamType.String) { Required = true },
            ],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var value = call.Float("value");
        var search = call.String("search");
        var replace = call.String("replace");

        // re.sub compiles the pattern on first use, so an empty list never sees a bad pattern.
        PythonRegex? regex = null;
        var newNames = new List<string>();
        foreach (var series in seriesList)
        {
            regex ??= PythonRegex.Compile(search, call.Context);
            var newName = regex.Substitute(replace, series.Name);
            if (Maximum(series, call) > value)
            {
                newNames.Add(newName);
            }
        }

        if (newNames.Count == 0)
        {
            return [];
        }

        // graphite-web evaluates the text "group(name1,name2,...)". Parsing that same text and evaluating each
        // argument is what group() does (it concatenates its argument lists), and keeps the quirks of joining the
        // names into one target (a name holding a comma becomes two arguments).
        var target = $"group({string.Join(',', newNames)})";
        if (TargetParser.Parse(target) is not CallNode { KeywordArguments.Count: 0 } group)
        {
            throw call.Error($"the new target {target} is not a plain list of series");
        }

        var result = new List<TimeSeries>();
        foreach (var argument in group.Arguments)
        {
            result.AddRange(call.Evaluator.EvaluateSeries(argument, call.Context));
        }

        return [.. result.Where(s => s.Values.Length > 0)];
    }

    /// <summary>
    /// Python's max(series) over the points: a None meets a '&gt;' (TypeError) and an empty series has no maximum
    /// (ValueError); both fail the request in graphite-web.
    /// </summary>
    private static double Maximum(TimeSeries series, FunctionCall call)
    {
        var points = series.GetPoints();
        if (points.Length == 0)
        {
            throw call.Error($"series {series.Name} has no values");
        }

        if (points.Any(double.IsNaN))
        {
            throw call.Error($"series {series.Name} has None values, which have no maximum");
        }

        return points.Max();
    }
}

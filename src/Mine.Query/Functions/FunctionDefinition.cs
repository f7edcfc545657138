using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions;

/// <summary>
/// A render function: its graphite-web name and aliases, the group /functions files it under, its parameters and
/// the code that runs it. Every function returns a series list (graphite-web's single-series results are lists
/// of one).
/// </summary>
public sealed class FunctionDefinition
{
    /// <param name="name">The primary name, as in graphite-web's SeriesFunctions.</param>
    /// <param name="group">Combine, Transform, Calculate, Filter Series, Filter Data, Sorting, Alias, Graph, Special (or Mine's own).</param>
    /// <param name="description">One or a few sentences for /functions and Grafana's function editor.</param>
    /// <param name="parameters">Parameters in positional order.</param>
    /// <param name="invoke">Runs the function on bound, validated arguments.</param>
    public FunctionDefinition(string name, string group, string description, IReadOnlyList<ParamSpec> parameters, Func<FunctionCall, List<TimeSeries>> invoke)
    {
        Name = name;
        Group = group;
        Description = description;
        Parameters = parameters;
        Invoke = invoke;
    }

    public string Name { get; }

    public string Group { get; }

    public string Description { get; }

    public IReadOnlyList<ParamSpec> Parameters { get; }

    public Func<FunctionCall, List<TimeSeries>> Invoke { get; }

    /// <summary>Other names for the same function (<c>sum</c> for <c>sumSeries</c>).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>
    /// graphite-web's <c>aggregator = True</c>: the function combines a list into one series and may be named as
    /// the callback of groupByNode, groupByTags and friends (aggOrSeriesFunc).
    /// </summary>
    public bool IsAggregator { get; init; }

    /// <summary>
    /// The Python argument list when it differs from what the parameters spell (graphite-web builds the
    /// <c>function</c> field from the Python signature): <c>*seriesLists</c> for powSeries, whose Param is "seriesList".
    /// </summary>
    public string? PythonArguments { get; init; }

    /// <summary>
    /// The aggregation name when the function is exactly graphite-web's <c>aggregate(seriesLists, name)</c>
    /// (sumSeries is "sum"): callers such as groupByNode can then aggregate directly instead of binding arguments
    /// once per group.
    /// </summary>
    public string? Aggregation { get; init; }

    /// <summary>The <c>function</c> field of /functions: <c>movingAverage(seriesList, windowSize, xFilesFactor=None)</c>.</summary>
    public string SignatureFor(string name)
    {
        if (PythonArguments is not null)
        {
            return $"{name}({PythonArguments})";
        }

        var parts = Parameters.Select(p => p.Multiple
            ? "*" + p.Name
            : p.Required && p.Default is null ? p.Name : p.Name + "=" + PythonLiteral(p.Default));
        return $"{name}({string.Join(", ", parts)})";
    }

    internal int IndexOf(string parameterName)
    {
        for (var i = 0; i < Parameters.Count; i++)
        {
            if (Parameters[i].Name == parameterName)
            {
                return i;
            }
        }

        throw new ArgumentException($"{Name} has no parameter '{parameterName}'", nameof(parameterName));
    }

    /// <summary>How Python's repr shows a default value.</summary>
    internal static string PythonLiteral(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        string s => PythonText.Repr(s),
        double d => PythonFloat.Repr(d),
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        int i => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "None",
    };
}

/// <summary>
/// A set of related functions in one file (one function or a small family). The registry finds every
/// implementation in the assembly, so adding a function never touches a central list.
/// </summary>
public interface IFunctionFamily
{
    IEnumerable<FunctionDefinition> Definitions { get; }
}

/// <summary>graphite-web's group names, as /functions reports them.</summary>
public static class FunctionGroups
{
    public const string Combine = "Combine";
    public const string Transform = "Transform";
    public const string Calculate = "Calculate";
    public const string FilterSeries = "Filter Series";
    public const string FilterData = "Filter Data";
    public const string Sorting = "Sorting";
    public const string Alias = "Alias";
    public const string Graph = "Graph";
    public const string Special = "Special";

    /// <summary>Mine's own functions for fleets (outliers, bands).</summary>
    public const string Fleet = "Fleet";
}

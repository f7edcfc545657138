using Mine.Query.Series;

namespace Mine.Query.Functions.Pie;

/// <summary>
/// graphite-web's PieFunctions: how graphType=pie reduces each series to one slice (the <c>pieMode</c>
/// parameter): average, maximum or minimum of the (consolidated) points, None when there are none.
/// </summary>
public static class PieFunctions
{
    public static IReadOnlyList<PieFunction> All { get; } =
    [
        new("average", "Return the average", s => AggregationFunctions.SafeAverage(s.GetPoints())),
        new("maximum", "Return the maximum", s => AggregationFunctions.SafeMax(s.GetPoints())),
        new("minimum", "Return the minimum", s => AggregationFunctions.SafeMin(s.GetPoints())),
    ];

    /// <summary>The function for a pieMode value.</summary>
    /// <exception cref="QueryArgumentException">Unknown mode.</exception>
    public static PieFunction Get(string mode)
        => All.FirstOrDefault(f => f.Name == mode) ?? throw new QueryArgumentException($"pieMode '{mode}' is unknown; use average, maximum or minimum");
}

/// <summary>One pie mode: its name, description and reduction.</summary>
public sealed record PieFunction(string Name, string Description, Func<TimeSeries, double> Reduce);

using Mine.Compat.Python;
using Mine.Query.Series;

namespace Mine.Query.Functions.FilterSeries;

/// <summary>limit(seriesList, n): the first n series.</summary>
public sealed class Limit : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "limit",
            FunctionGroups.FilterSeries,
            "Keeps only the first n series of the list (a negative n drops that many from the end, as a Python slice does). Example: limit(server*.instance*.memory.free,5)",
            [ParamSpec.SeriesListParam(), new("n", ParamType.Integer) { Required = true }],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call) => PythonList.Head(call.SeriesList(), call.Integer("n"));
}

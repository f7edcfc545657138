using Mine.Compat.GraphiteWeb;
using Mine.Compat.Python;
using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.Special;

/// <summary>cactiStyle(seriesList, system=None, units=None): names with aligned Current, Max and Min columns.</summary>
public sealed class CactiStyle : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "cactiStyle",
            FunctionGroups.Special,
            "Appends the current (last), maximum and minimum values to each name in aligned columns, optionally with 'si' or 'binary' unit prefixes and a unit suffix. Example: cactiStyle(ganglia.*.net.bytes_out,\"si\",\"b\")",
            [
                ParamSpec.SeriesListParam(),
                new("system", ParamType.String) { Options = ["binary", "si"] },
                new("units", ParamType.String),
            ],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        if (seriesList.Count == 0)
        {
            return seriesList;
        }

        var system = call.StringOrNull("system");
        var units = call.StringOrNull("units");
        Func<double, string> format = (system, units) switch
        {
            ({ Length: > 0 }, { Length: > 0 }) => x => Units(x, system, units, " "),
            ({ Length: > 0 }, _) => x => Units(x, system, null, string.Empty),
            (_, { Length: > 0 }) => x => PythonPercentFormat.Fixed(x, 2) + " " + units,
            _ => x => PythonPercentFormat.Fixed(x, 2),
        };

        // Column widths come from int(value or 3): a None or 0 value is measured as 3, others truncated.
        int Width(Func<TimeSeries, double> pick)
            => seriesList.Max(s => PythonPercentFormat.CodePoints(format(WidthProbe(pick(s))))) + 3;
        var nameLength = seriesList.Max(s => PythonPercentFormat.CodePoints(s.Name));
        var lastLength = Width(SeriesAggregates.Last);
        var maxLength = Width(SeriesAggregates.Max);
        var minLength = Width(SeriesAggregates.Min);
        foreach (var series in seriesList)
        {
            var last = Column(SeriesAggregates.Last(series), format);
            var maximum = Column(SeriesAggregates.Max(series), format);
            var minimum = Column(SeriesAggregates.Min(series), format);
            series.Name = PythonPercentFormat.Pad(series.Name, -nameLength)
                + " Current:" + PythonPercentFormat.Pad(last, -lastLength)
                + " Max:" + PythonPercentFormat.Pad(maximum, -maxLength)
                + " Min:" + PythonPercentFormat.Pad(minimum, -minLength) + " ";
        }

        return seriesList;
    }

    /// <summary>int(value or 3): None and 0 become 3, others are truncated toward zero.</summary>
    private static double WidthProbe(double value) => double.IsNaN(value) || value == 0 ? 3 : Math.Truncate(value);

    /// <summary>A missing value shows as Python's str(nan).</summary>
    private static string Column(double value, Func<double, string> format) => double.IsNaN(value) ? "nan" : format(value);

    private static string Units(double value, string system, string? units, string separator)
    {
        var (scaled, prefix) = UnitFormat.FormatUnits(value, step: null, system, units);
        return PythonPercentFormat.Fixed(scaled, 2) + separator + prefix;
    }
}

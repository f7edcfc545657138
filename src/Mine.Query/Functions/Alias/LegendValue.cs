using Mine.Compat.GraphiteWeb;
using Mine.Compat.Python;
using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.Alias;

/// <summary>legendValue(seriesList, *valueTypes): aggregated values appended to the names.</summary>
public sealed class LegendValue : IFunctionFamily
{
    /// <summary>graphite-web's option list: every aggregation name and its "…Series" form, plus the unit systems, sorted.</summary>
    private static readonly IReadOnlyList<object> ValueTypeOptions =
    [
        "average", "averageSeries", "avg", "avgSeries", "avg_zero", "avg_zeroSeries", "binary", "count", "countSeries",
        "current", "currentSeries", "diff", "diffSeries", "last", "lastSeries", "max", "maxSeries", "median",
        "medianSeries", "min", "minSeries", "multiply", "multiplySeries", "range", "rangeOf", "rangeOfSeries",
        "rangeSeries", "si", "stddev", "stddevSeries", "sum", "sumSeries", "total", "totalSeries",
    ];

    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "legendValue",
            FunctionGroups.Alias,
            "Appends aggregated values (last, avg, total, min, max, ...) to each series name; a final 'si' or 'binary' formats them with unit prefixes in aligned columns. Example: legendValue(Sales.widgets.largeBlue,'avg','max','si')",
            [ParamSpec.SeriesListParam(), new("valuesTypes", ParamType.String) { Multiple = true, Options = ValueTypeOptions }],
            Invoke)
        {
            // graphite-web's Param is "valuesTypes", its Python argument "valueTypes".
            PythonArguments = "seriesList, *valueTypes",
        },
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        var seriesList = call.SeriesList();
        var valueTypes = call.Values("valuesTypes").Select(v => v as string ?? throw call.Error($"value types must be strings, not {FunctionCall.Describe(v)}")).ToList();
        if (valueTypes.Count == 0)
        {
            // graphite-web fails with an IndexError on valueTypes[-1].
            throw call.Error("at least one value type is required");
        }

        string? system = null;
        if (valueTypes[^1] is "si" or "binary")
        {
            system = valueTypes[^1];
            valueTypes.RemoveAt(valueTypes.Count - 1);
        }

        foreach (var valueType in valueTypes)
        {
            // Names getAggFunc does not know (such as "sumSeries" or a misplaced "si") show as "(?)".
            var known = AggregationFunctions.IsKnown(valueType);
            foreach (var series in seriesList)
            {
                var value = known ? SeriesAggregates.Get(valueType)(series) : double.NaN;
                if (system is null)
                {
                    var text = !known ? "(?)" : ValueText(valueType, value);
                    series.Name += $" ({valueType}: {text})";
                }
                else
                {
                    string formatted;
                    if (!known)
                    {
                        formatted = "(?)";
                    }
                    else if (double.IsNaN(value))
                    {
                        formatted = "None";
                    }
                    else
                    {
                        var (scaled, prefix) = UnitFormat.FormatUnits(value, step: null, system);
                        formatted = PythonPercentFormat.Fixed(scaled, 2) + prefix;
                    }

                    series.Name = PythonPercentFormat.Pad(series.Name, -20) + PythonPercentFormat.Pad(valueType, -5) + PythonPercentFormat.Pad(formatted, -10);
                }
            }
        }

        return seriesList;
    }

    /// <summary>"%s" of the aggregate: None, an int for count (safeLen returns one), otherwise a float's repr.</summary>
    private static string ValueText(string valueType, double value)
        => double.IsNaN(value) ? "None" : valueType == "count" ? PythonFormat.Str((long)value) : PythonFloat.Repr(value);
}

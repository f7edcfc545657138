using Mine.Compat.Python;
using Mine.Query.Functions.Common;
using Mine.Query.Series;

namespace Mine.Query.Functions.Transform;

/// <summary>transformNull(seriesList, default=0, referenceSeries=None): replaces None with a constant.</summary>
public sealed class TransformNull : IFunctionFamily
{
    public IEnumerable<FunctionDefinition> Definitions =>
    [
        new(
            "transformNull",
            FunctionGroups.Transform,
            "Replaces None values with a constant (0 by default); with referenceSeries, only at points where one of those series has a value. Example: transformNull(webapp.pages.*.views,-1)",
            [
                ParamSpec.SeriesListParam(),
                new("default", ParamType.Float) { Default = 0L },
                new("referenceSeries", ParamType.SeriesList),
            ],
            Invoke),
    ];

    private static List<TimeSeries> Invoke(FunctionCall call)
    {
        // An explicit default arrives as a float, the omitted one as Python's int 0: the tag shows "0" or "0.0".
        var defaultValue = call.Float("default");
        var defaultTag = PythonFormat.Str(call.Value("default"));
        var referenceSeries = call.SeriesListOrNull("referenceSeries");
        var hasReference = referenceSeries is { Count: > 0 };

        // Per row of the reference series: the default where any of them has a value, else None.
        double[]? defaults = null;
        if (hasReference)
        {
            var rows = Normalization.Rows(referenceSeries!, call.Context, call.CalledName);
            defaults = call.NewValues(rows.Length);
            for (var i = 0; i < rows.Length; i++)
            {
                defaults[i] = rows[i].Any(v => !double.IsNaN(v)) ? defaultValue : double.NaN;
            }
        }

        var seriesList = call.SeriesList();
        foreach (var series in seriesList)
        {
            series.Tags["transformNull"] = defaultTag;
            if (hasReference)
            {
                series.Tags["referenceSeries"] = "1";
            }

            series.Name = hasReference
                ? $"transformNull({series.Name},{PythonFormat.G(defaultValue)},referenceSeries)"
                : $"transformNull({series.Name},{PythonFormat.G(defaultValue)})";
            series.PathExpression = series.Name;

            var points = series.GetPoints();
            double[] values;
            if (defaults is { Length: > 0 })
            {
                // izip_longest(series, defaults): the longer of the two decides the length.
                values = call.NewValues(Math.Max(points.Length, defaults.Length));
                for (var i = 0; i < values.Length; i++)
                {
                    var value = i < points.Length ? points[i] : double.NaN;
                    values[i] = double.IsNaN(value) ? (i < defaults.Length ? defaults[i] : double.NaN) : value;
                }
            }
            else
            {
                values = call.NewValues(points.Length);
                for (var i = 0; i < points.Length; i++)
                {
                    values[i] = double.IsNaN(points[i]) ? defaultValue : points[i];
                }
            }

            ReplaceValues(call, series, values);
        }

        return seriesList;
    }

    /// <summary>
    /// graphite-web's <c>series.extend(values); del series[:len(values)]</c>: the raw list keeps its length and
    /// ends with the new values, so a consolidated series keeps some raw values in front and a longer result
    /// (reference series longer than the series) loses its first values.
    /// </summary>
    internal static void ReplaceValues(FunctionCall call, TimeSeries series, double[] values)
    {
        // The last raw.Length values of raw + values, built in place.
        var raw = series.Values;
        var result = call.NewValues(raw.Length);
        var fromRaw = Math.Max(0, raw.Length - values.Length);
        Array.Copy(raw, raw.Length - fromRaw, result, 0, fromRaw);
        Array.Copy(values, values.Length - (raw.Length - fromRaw), result, fromRaw, raw.Length - fromRaw);
        series.Values = result;
    }
}

using System.Globalization;
using Mine.Compat.Python;

namespace Mine.Graphs.Graphs;

/// <summary>
/// The graph options of a render request (graphite-web's <c>graphOptions</c>): only the names the graph type
/// knows are taken, each value turned into an int, float or bool where it reads as one (views.py
/// <c>parseOptions</c>: digits stay text for colour options; "default" and empty values are dropped). Accessors
/// convert the way glyph.py's <c>int()</c>, <c>float()</c> and truth tests do, with an error naming the option.
/// </summary>
public sealed class GraphParameters
{
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);

    /// <summary>glyph.py Graph.customizable.</summary>
    public static IReadOnlyList<string> CommonOptions { get; } =
        ["width", "height", "margin", "bgcolor", "fgcolor", "fontName", "fontSize", "fontBold", "fontItalic", "colorList", "template", "yAxisSide", "outputFormat"];

    /// <summary>glyph.py LineGraph.customizable beyond the common ones.</summary>
    public static IReadOnlyList<string> LineOptions { get; } =
    [
        "title", "vtitle", "lineMode", "lineWidth", "hideLegend", "hideAxes", "minXStep", "hideGrid", "majorGridLineColor",
        "minorGridLineColor", "thickness", "min", "max", "graphOnly", "yMin", "yMax", "yLimit", "yStep", "areaMode",
        "areaAlpha", "drawNullAsZero", "tz", "yAxisSide", "pieMode", "yUnitSystem", "logBase", "yMinLeft", "yMinRight",
        "yMaxLeft", "yMaxRight", "yLimitLeft", "yLimitRight", "yStepLeft", "yStepRight", "rightWidth", "rightColor",
        "rightDashed", "leftWidth", "leftColor", "leftDashed", "xFormat", "minorY", "hideYAxis", "uniqueLegend",
        "vtitleRight", "yDivisors", "connectedLimit", "hideXAxis", "hideNullFromLegend",
    ];

    /// <summary>glyph.py PieGraph.customizable beyond the common ones.</summary>
    public static IReadOnlyList<string> PieOptions { get; } =
        ["title", "valueLabels", "valueLabelsMin", "hideLegend", "pieLabels", "areaAlpha", "valueLabelsColor"];

    /// <summary>Options of a line or pie graph from the request's parameters (graphite-web's defaults: 330 x 250).</summary>
    /// <param name="graphType">line or pie.</param>
    /// <param name="lookup">The request parameter of a name, or null when absent.</param>
    public static GraphParameters FromRequest(string graphType, Func<string, string?> lookup)
    {
        var parameters = new GraphParameters();
        parameters.Set("width", 330L);
        parameters.Set("height", 250L);
        var names = CommonOptions.Concat(graphType == "pie" ? PieOptions : LineOptions);
        foreach (var name in names)
        {
            if (lookup(name) is { } text && Coerce(name, text) is { } value)
            {
                parameters.Set(name, value);
            }
        }

        return parameters;
    }

    /// <summary>views.py's conversion of one option value; null drops it.</summary>
    public static object? Coerce(string name, string text)
    {
        var isColor = name.Contains("color", StringComparison.OrdinalIgnoreCase);
        if (!isColor && IsInteger(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return whole;
        }

        if (text.Contains('.') && IsDecimal(text))
        {
            return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return text.Equals("true", StringComparison.OrdinalIgnoreCase);
        }

        return text.Length == 0 || text.Equals("default", StringComparison.OrdinalIgnoreCase) ? null : text;
    }

    public IReadOnlyDictionary<string, object> Values => _values;

    public bool Has(string name) => _values.ContainsKey(name);

    public object? Get(string name) => _values.GetValueOrDefault(name);

    public void Set(string name, object value) => _values[name] = value;

    public void Remove(string name) => _values.Remove(name);

    /// <summary>Python's <c>int(params.get(name, default))</c>.</summary>
    public int Integer(string name, int defaultValue)
        => Get(name) switch
        {
            null => defaultValue,
            long l => checked((int)Math.Clamp(l, int.MinValue, int.MaxValue)),
            double d when double.IsFinite(d) => (int)Math.Clamp(Math.Truncate(d), int.MinValue, int.MaxValue),
            bool b => b ? 1 : 0,
            string s when IsInteger(s.Trim()) && int.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => i,
            var other => throw new GraphException($"{name}={other} is not a whole number"),
        };

    /// <summary>Python's <c>float(params.get(name, default))</c>.</summary>
    public double Number(string name, double defaultValue) => NumberOrNull(name) ?? defaultValue;

    /// <summary>The option as a number, null when absent; an error when it is not a number.</summary>
    public double? NumberOrNull(string name)
        => Get(name) switch
        {
            null => null,
            long l => l,
            double d => d,
            bool b => b ? 1 : 0,
            string s when ParsePythonFloat(s) is { } d => d,
            var other => throw new GraphException($"{name}={other} is not a number"),
        };

    /// <summary>Python's truth test of <c>params.get(name, default)</c>.</summary>
    public bool Truthy(string name, bool defaultValue = false)
        => Get(name) switch
        {
            null => defaultValue,
            bool b => b,
            long l => l != 0,
            double d => d != 0,
            string s => s.Length > 0,
            _ => true,
        };

    /// <summary>The option as text (Python's <c>str()</c>), or null when absent.</summary>
    public string? Text(string name)
        => Get(name) switch
        {
            null => null,
            string s => s,
            bool b => b ? "True" : "False",
            long l => l.ToString(CultureInfo.InvariantCulture),
            double d => PythonFloat.Repr(d),
            var other => other.ToString(),
        };

    /// <summary>Python's float() of text: decimal and scientific numbers, inf, infinity and nan in any case.</summary>
    private static double? ParsePythonFloat(string text)
    {
        var trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        var unsigned = trimmed.TrimStart('+', '-');
        var negative = trimmed.StartsWith('-');
        if (unsigned.Equals("inf", StringComparison.OrdinalIgnoreCase) || unsigned.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            return negative ? double.NegativeInfinity : double.PositiveInfinity;
        }

        return unsigned.Equals("nan", StringComparison.OrdinalIgnoreCase) ? double.NaN : null;
    }

    private static bool IsInteger(string text)
    {
        var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        return digits.Length > 0 && !digits.ContainsAnyExceptInRange('0', '9');
    }

    private static bool IsDecimal(string text)
    {
        var body = text.StartsWith('-') ? text[1..] : text;
        var dot = body.IndexOf('.', StringComparison.Ordinal);
        var withoutDot = dot < 0 ? body : body.Remove(dot, 1);
        return withoutDot.Length > 0 && !withoutDot.AsSpan().ContainsAnyExceptInRange('0', '9');
    }
}

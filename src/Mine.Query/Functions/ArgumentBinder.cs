using System.Globalization;
using Mine.Query.Series;
using Mine.Query.Time;

namespace Mine.Query.Functions;

/// <summary>
/// graphite-web's functions/params.py <c>validateParams</c>: positional arguments fill parameters in order (a
/// <c>multiple</c> last parameter takes the rest), keyword arguments fill the others, required ones must be
/// present, values are checked and converted by type. graphite-web only logs a failed check by default and calls
/// the function anyway (which then usually fails with a Python error); Mine answers 400 with the reason.
/// </summary>
internal static class ArgumentBinder
{
    public static (object?[] Values, bool[] Given) Bind(
        FunctionDefinition function,
        string calledName,
        IReadOnlyList<object?> positional,
        IReadOnlyList<KeyValuePair<string, object?>> keywords,
        FunctionRegistry registry,
        out int[] positionalIndex)
    {
        var parameters = function.Parameters;
        var values = new object?[parameters.Count];
        var given = new bool[parameters.Count];
        positionalIndex = new int[positional.Count];
        var last = parameters.Count > 0 ? parameters[^1] : null;

        if (positional.Count + keywords.Count > parameters.Count && (last is null || !last.Multiple))
        {
            throw new QueryArgumentException($"Too many parameters specified for function \"{calledName}\"");
        }

        for (var i = 0; i < positional.Count; i++)
        {
            var index = Math.Min(i, parameters.Count - 1);
            var parameter = parameters[index];
            positionalIndex[i] = index;
            var value = Validate(parameter, positional[i], calledName, registry);
            if (parameter.Multiple)
            {
                if (values[index] is not List<object?> list)
                {
                    values[index] = list = [];
                }

                list.Add(value);
            }
            else
            {
                values[index] = value;
            }

            given[index] = true;
        }

        // Keywords may only name parameters after the positional ones; others are reported after the check for
        // missing required parameters, in graphite-web's order.
        var unexpected = new List<string>();
        foreach (var (name, value) in keywords)
        {
            var index = IndexOfKeyword(parameters, name, positional.Count);
            if (index < 0 || (last is { Multiple: true } && positional.Count + keywords.Count > parameters.Count))
            {
                unexpected.Add(name);
                continue;
            }

            if (value is null)
            {
                continue;
            }

            var validated = Validate(parameters[index], value, calledName, registry);
            values[index] = parameters[index].Multiple ? new List<object?> { validated } : validated;
            given[index] = true;
        }

        for (var p = 0; p < parameters.Count; p++)
        {
            if (given[p])
            {
                continue;
            }

            if (parameters[p].Required && parameters[p].Default is null)
            {
                throw new QueryArgumentException($"Missing required parameter \"{parameters[p].Name}\" for function \"{calledName}\"");
            }

            values[p] = parameters[p].Multiple ? new List<object?>() : parameters[p].Default;
        }

        if (unexpected.Count > 0)
        {
            throw new QueryArgumentException($"Unexpected key word arguments: {string.Join(", ", unexpected)}");
        }

        return (values, given);
    }

    private static int IndexOfKeyword(IReadOnlyList<ParamSpec> parameters, string name, int positionalCount)
    {
        for (var p = positionalCount; p < parameters.Count; p++)
        {
            if (parameters[p].Name == name)
            {
                return p;
            }
        }

        return -1;
    }

    /// <summary>Param.validateValue: None passes for optional parameters; options are closed sets; then the type rule.</summary>
    private static object? Validate(ParamSpec parameter, object? value, string function, FunctionRegistry registry)
    {
        if (value is null && (!parameter.Required || parameter.Default is not null))
        {
            return null;
        }

        var options = OptionsOf(parameter, registry);
        if (options.Count > 0 && !options.Any(o => PythonEquals(o, value)) && !IsDeprecatedAggFunc(parameter, value))
        {
            throw new QueryArgumentException(
                $"Invalid option specified for function \"{function}\" parameter \"{parameter.Name}\": {FunctionCall.Describe(value)}; expected one of {string.Join(", ", options)}");
        }

        try
        {
            return Convert(parameter.Type, value);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException or QueryArgumentException)
        {
            throw new QueryArgumentException(
                $"Invalid \"{parameter.TypeName}\" value specified for function \"{function}\" parameter \"{parameter.Name}\": {FunctionCall.Describe(value)}");
        }
    }

    /// <summary>
    /// The aggFunc type's validator also accepts the deprecated "&lt;name&gt;Series" spellings. Its options check
    /// rejects them, but graphite-web only logs that by default, so aggregate(x, "sumSeries") works there (aggregate
    /// strips the suffix); other functions report the unknown name themselves.
    /// </summary>
    private static bool IsDeprecatedAggFunc(ParamSpec parameter, object? value)
        => parameter.Type == ParamType.AggFunc
            && value is string name
            && name.EndsWith("Series", StringComparison.Ordinal)
            && AggregationFunctions.IsKnown(name[..^"Series".Length]);

    /// <summary>The parameter's own options plus those of its type (aggregation names, aggregator functions).</summary>
    internal static IReadOnlyList<object> OptionsOf(ParamSpec parameter, FunctionRegistry registry)
        => parameter.Type == ParamType.AggOrSeriesFunc
            ? [] // validateAggOrSeriesFuncs answers False instead of failing: not a closed set when checking.
            : FunctionMetadataWriter.OptionsOf(parameter, registry);

    private static bool PythonEquals(object option, object? value) => (option, value) switch
    {
        (string a, string b) => a == b,
        (long a, long b) => a == b,
        (long a, double b) => a == b,
        (double a, long b) => a == b,
        (double a, double b) => a == b,
        (bool a, bool b) => a == b,
        _ => false,
    };

    private static object? Convert(ParamType type, object? value) => type switch
    {
        ParamType.Boolean => ToBoolean(value),
        ParamType.Float => ToFloat(value),
        ParamType.Integer or ParamType.Node => ToInteger(value),
        ParamType.IntOrInf => ToIntOrInf(value),
        ParamType.Interval => ToInterval(value),
        ParamType.SeriesList => value as List<TimeSeries> ?? throw new InvalidCastException(),
        _ => value,
    };

    private static bool ToBoolean(object? value) => value switch
    {
        string s when s.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        string s when s.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        string => throw new FormatException(),
        long l => l switch { 0 => false, 1 => true, _ => throw new FormatException() },
        double d => d switch { 0 => false, 1 => true, _ => throw new FormatException() },
        bool b => b,
        List<TimeSeries> list => list.Count > 0,
        _ => value is not null,
    };

    private static double ToFloat(object? value) => value switch
    {
        double d => d,
        long l => l,
        bool b => b ? 1 : 0,
        string s => ParsePythonFloat(s),
        _ => throw new InvalidCastException(),
    };

    private static long ToInteger(object? value) => value switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        string s => long.Parse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException(),
    };

    private static object ToIntOrInf(object? value)
    {
        if (value is long or bool or string && TryInteger(value, out var integer))
        {
            return integer;
        }

        var number = value switch
        {
            double d => d,
            string s => ParsePythonFloat(s),
            _ => throw new InvalidCastException(),
        };
        return double.IsPositiveInfinity(number) ? number : throw new InvalidCastException();
    }

    private static bool TryInteger(object? value, out long result)
    {
        try
        {
            result = ToInteger(value);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
        {
            result = 0;
            return false;
        }
    }

    private static string ToInterval(object? value)
    {
        if (value is not string text)
        {
            throw new InvalidCastException();
        }

        AtTimeParser.ParseTimeOffset(text);
        return text;
    }

    /// <summary>Python float(str): surrounding whitespace, inf/infinity/nan in any case, underscores not handled.</summary>
    internal static double ParsePythonFloat(string text)
    {
        var trimmed = text.Trim();
        var unsigned = trimmed.TrimStart('+', '-');
        if (unsigned.Equals("inf", StringComparison.OrdinalIgnoreCase) || unsigned.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            return trimmed.StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
        }

        if (unsigned.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            return double.NaN;
        }

        return double.Parse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}

using System.Globalization;

namespace Mine.Compat.Python;

/// <summary>
/// Python's <c>%</c> formatting of numbers, which graphite-web uses to build series names
/// (<c>"scale(%s,%g)"</c>, <c>"%s"</c> of an int or a float).
/// </summary>
public static class PythonFormat
{
    /// <summary><c>"%g" % value</c>: 6 significant digits, trailing zeros dropped, exponent form below 1e-4 and from 1e6.</summary>
    public static string G(double value) => G(value, 6);

    /// <summary><c>"%.{precision}g" % value</c>.</summary>
    public static string G(double value, int precision)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        precision = Math.Max(precision, 1);
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        // The exponent after rounding to `precision` significant digits decides the style, as in C's printf.
        var scientific = value.ToString("E" + (precision - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var exponentAt = scientific.IndexOf('E', StringComparison.Ordinal);
        var exponent = int.Parse(scientific.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (exponent < -4 || exponent >= precision)
        {
            var mantissa = TrimZeros(scientific[..exponentAt]);
            var sign = exponent < 0 ? "-" : "+";
            var digits = Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
            return $"{mantissa}e{sign}{digits}";
        }

        var decimals = precision - 1 - exponent;
        return TrimZeros(value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
    }

    /// <summary><c>"%s" % value</c> / <c>str(value)</c> for the values render functions see.</summary>
    public static string Str(object? value) => value switch
    {
        null => "None",
        double d => PythonFloat.Repr(d),
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        string s => s,
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary><c>"%d" % value</c>: truncates toward zero to a Python int, which has no negative zero ("%d" % -0.5 is "0").</summary>
    public static string D(double value)
    {
        var truncated = Math.Truncate(value);
        return truncated == 0 ? "0" : truncated.ToString("0", CultureInfo.InvariantCulture);
    }

    private static string TrimZeros(string number)
    {
        if (!number.Contains('.', StringComparison.Ordinal))
        {
            return number;
        }

        number = number.TrimEnd('0');
        return number.EndsWith('.') ? number[..^1] : number;
    }
}

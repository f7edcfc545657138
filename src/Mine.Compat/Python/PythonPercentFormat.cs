using System.Globalization;
using System.Numerics;
using System.Text;

namespace Mine.Compat.Python;

/// <summary>
/// Python's <c>%</c> operator with one number on the right (<c>"Channel %d MHz" % 2412.0</c>), as aliasQuery,
/// legendValue and cactiStyle use it, with CPython's exact decimal rounding (half to even on the binary value:
/// <c>"%.2f" % 0.125</c> is "0.12", <c>"%.2f" % 2.675</c> is "2.67"). Padding counts code points like Python's len.
/// </summary>
public static class PythonPercentFormat
{
    /// <summary>
    /// <c>format % value</c>. Python's TypeError/ValueError cases (no conversion or two of them, <c>%x</c> of a
    /// float, <c>%d</c> of inf or nan, an unknown conversion) become a <see cref="FormatException"/> with Python's message.
    /// </summary>
    public static string Format(string format, double value)
    {
        var output = new StringBuilder(format.Length + 16);
        var used = false;
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i++];
            if (c != '%')
            {
                output.Append(c);
                continue;
            }

            var specStart = i - 1;
            if (i < format.Length && format[i] == '(')
            {
                throw new FormatException("format requires a mapping");
            }

            var flags = string.Empty;
            while (i < format.Length && format[i] is '-' or '+' or ' ' or '#' or '0')
            {
                flags += format[i++];
            }

            var width = ReadNumber(format, ref i);
            int? precision = null;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = ReadNumber(format, ref i) ?? 0;
            }

            while (i < format.Length && format[i] is 'h' or 'l' or 'L')
            {
                i++;
            }

            if (i >= format.Length)
            {
                throw new FormatException("incomplete format");
            }

            var conversion = format[i++];
            if (conversion == '%')
            {
                output.Append('%');
                continue;
            }

            if (used)
            {
                throw new FormatException("not enough arguments for format string");
            }

            used = true;
            output.Append(Convert(conversion, flags, width, precision, value, specStart));
        }

        if (!used)
        {
            throw new FormatException("not all arguments converted during string formatting");
        }

        return output.ToString();
    }

    /// <summary><c>"%.{precision}f" % value</c>: exact, half to even; "inf", "-inf", "nan".</summary>
    public static string Fixed(double value, int precision)
    {
        if (!double.IsFinite(value))
        {
            return NonFinite(value, upper: false);
        }

        return (double.IsNegative(value) ? "-" : string.Empty) + FixedDigits(Math.Abs(value), precision);
    }

    /// <summary>Python's <c>"%-{width}s"</c> (negative width) or <c>"%{width}s"</c>: pads to a width in code points.</summary>
    public static string Pad(string text, int width)
    {
        var length = CodePoints(text);
        var padding = Math.Abs(width) - length;
        if (padding <= 0)
        {
            return text;
        }

        return width < 0 ? text + new string(' ', padding) : new string(' ', padding) + text;
    }

    /// <summary>Python's len() of a str: code points, not UTF-16 units.</summary>
    public static int CodePoints(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!(char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])))
            {
                count++;
            }
        }

        return count;
    }

    private static int? ReadNumber(string format, ref int i)
    {
        if (i < format.Length && format[i] == '*')
        {
            // The width would be taken from the (float) argument.
            throw new FormatException("* wants int");
        }

        var start = i;
        while (i < format.Length && format[i] is >= '0' and <= '9')
        {
            i++;
        }

        return i > start ? int.Parse(format.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture) : null;
    }

    private static string Convert(char conversion, string flags, int? width, int? precision, double value, int index)
    {
        var left = flags.Contains('-', StringComparison.Ordinal);
        var zero = flags.Contains('0', StringComparison.Ordinal) && !left;
        var sign = flags.Contains('+', StringComparison.Ordinal) ? "+" : flags.Contains(' ', StringComparison.Ordinal) ? " " : string.Empty;
        var alternate = flags.Contains('#', StringComparison.Ordinal);
        string body;
        var numeric = true;
        switch (conversion)
        {
            case 'd' or 'i' or 'u':
                if (!double.IsFinite(value))
                {
                    throw new FormatException(double.IsNaN(value) ? "cannot convert float NaN to integer" : "cannot convert float infinity to integer");
                }

                var integer = new BigInteger(Math.Truncate(value)).ToString(CultureInfo.InvariantCulture);
                var negativeInteger = integer.StartsWith('-');
                var digits = negativeInteger ? integer[1..] : integer;
                if (precision is { } minimum && digits.Length < minimum)
                {
                    digits = new string('0', minimum - digits.Length) + digits;
                }

                body = (negativeInteger ? "-" : sign) + digits;
                break;
            case 'e' or 'E' or 'f' or 'F' or 'g' or 'G':
                body = FloatBody(conversion, value, precision ?? 6, alternate, sign);
                break;
            case 's' or 'r' or 'a':
                body = PythonFloat.Repr(value);
                if (precision is { } cut && cut < body.Length)
                {
                    body = body[..cut];
                }

                numeric = false;
                break;
            case 'o' or 'x' or 'X':
                throw new FormatException($"%{conversion} format: an integer is required, not float");
            case 'c':
                throw new FormatException("%c requires int or char");
            default:
                throw new FormatException($"unsupported format character '{conversion}' (0x{(int)conversion:x}) at index {index + 1}");
        }

        var fill = (width ?? 0) - CodePoints(body);
        if (fill <= 0)
        {
            return body;
        }

        if (left)
        {
            return body + new string(' ', fill);
        }

        if (zero && numeric)
        {
            var signLength = body.Length > 0 && body[0] is '-' or '+' or ' ' ? 1 : 0;
            return body[..signLength] + new string('0', fill) + body[signLength..];
        }

        return new string(' ', fill) + body;
    }

    private static string FloatBody(char conversion, double value, int precision, bool alternate, string sign)
    {
        var upper = char.IsUpper(conversion);
        var negative = double.IsNegative(value) && !double.IsNaN(value);
        var prefix = negative ? "-" : sign;
        if (!double.IsFinite(value))
        {
            return prefix + NonFinite(Math.Abs(value), upper);
        }

        var magnitude = Math.Abs(value);
        string text;
        switch (char.ToLowerInvariant(conversion))
        {
            case 'f':
                text = FixedDigits(magnitude, precision);
                if (alternate && precision == 0)
                {
                    text += ".";
                }

                break;
            case 'e':
                text = Scientific(magnitude, precision, alternate);
                break;
            default:
                text = General(magnitude, precision == 0 ? 1 : precision, alternate);
                break;
        }

        return prefix + (upper ? text.ToUpperInvariant() : text);
    }

    /// <summary>%g: the exponent after rounding to <paramref name="precision"/> significant digits picks the style; trailing zeros go unless '#'.</summary>
    private static string General(double magnitude, int precision, bool alternate)
    {
        var (digits, exponent) = Significant(magnitude, precision);
        string text;
        if (exponent < -4 || exponent >= precision)
        {
            text = Mantissa(digits) + ExponentText(exponent);
            if (!alternate)
            {
                var e = text.IndexOf('e', StringComparison.Ordinal);
                text = TrimFraction(text[..e]) + text[e..];
            }
        }
        else
        {
            text = FixedDigits(magnitude, precision - 1 - exponent);
            if (!alternate)
            {
                text = TrimFraction(text);
            }
            else if (!text.Contains('.', StringComparison.Ordinal))
            {
                text += ".";
            }
        }

        return text;
    }

    private static string Scientific(double magnitude, int precision, bool alternate)
    {
        var (digits, exponent) = Significant(magnitude, precision + 1);
        var mantissa = Mantissa(digits);
        if (alternate && precision == 0)
        {
            mantissa += ".";
        }

        return mantissa + ExponentText(exponent);
    }

    private static string Mantissa(string digits) => digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];

    private static string ExponentText(int exponent)
        => "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);

    private static string TrimFraction(string text)
    {
        if (!text.Contains('.', StringComparison.Ordinal))
        {
            return text;
        }

        text = text.TrimEnd('0');
        return text.EndsWith('.') ? text[..^1] : text;
    }

    private static string NonFinite(double value, bool upper)
    {
        var text = double.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";
        return upper ? text.ToUpperInvariant() : text;
    }

    /// <summary>A non-negative finite value with exactly <paramref name="precision"/> decimals, rounded half to even.</summary>
    private static string FixedDigits(double magnitude, int precision)
    {
        var (numerator, denominator) = Exact(magnitude);
        var scaled = RoundHalfEven(numerator * BigInteger.Pow(10, precision), denominator).ToString(CultureInfo.InvariantCulture);
        if (precision == 0)
        {
            return scaled;
        }

        scaled = scaled.PadLeft(precision + 1, '0');
        return scaled[..^precision] + "." + scaled[^precision..];
    }

    /// <summary>The first <paramref name="count"/> significant digits of a non-negative value (rounded half to even) and its decimal exponent.</summary>
    private static (string Digits, int Exponent) Significant(double magnitude, int count)
    {
        if (magnitude == 0)
        {
            return (new string('0', count), 0);
        }

        var (numerator, denominator) = Exact(magnitude);
        var exponent = (int)Math.Floor(Math.Log10(magnitude));
        while (true)
        {
            var shift = count - 1 - exponent;
            var scaled = shift >= 0
                ? RoundHalfEven(numerator * BigInteger.Pow(10, shift), denominator)
                : RoundHalfEven(numerator, denominator * BigInteger.Pow(10, -shift));
            var digits = scaled.ToString(CultureInfo.InvariantCulture);
            if (digits.Length > count)
            {
                // Either the log10 estimate was one too low or rounding carried into a new digit.
                exponent++;
                continue;
            }

            if (digits.Length < count)
            {
                exponent--;
                continue;
            }

            return (digits, exponent);
        }
    }

    /// <summary>The exact value of a finite non-negative double as numerator / denominator (a power of two).</summary>
    private static (BigInteger Numerator, BigInteger Denominator) Exact(double magnitude)
    {
        var bits = BitConverter.DoubleToInt64Bits(magnitude);
        var exponentBits = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponentBits == 0)
        {
            exponentBits = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }

        var exponent = exponentBits - 1075;
        return exponent >= 0
            ? (new BigInteger(mantissa) << exponent, BigInteger.One)
            : (new BigInteger(mantissa), BigInteger.One << -exponent);
    }

    private static BigInteger RoundHalfEven(BigInteger numerator, BigInteger denominator)
    {
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        var twice = remainder * 2;
        if (twice > denominator || (twice == denominator && !quotient.IsEven))
        {
            quotient++;
        }

        return quotient;
    }
}

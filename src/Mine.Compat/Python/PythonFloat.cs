using System.Globalization;

namespace Mine.Compat.Python;

/// <summary>
/// CPython's <c>float.__repr__</c> (also <c>str(float)</c> and what <c>json.dumps</c> writes): the shortest
/// digits that round-trip, in fixed notation when the decimal exponent is in [-4, 16), otherwise
/// <c>d.ddde±XX</c> with at least two exponent digits; integral values keep a trailing ".0".
/// Examples: 1.0, 0.1, 1e-05, 0.0001, 1e+16, 1000000000000000.0, 123456789.123, -0.0.
/// </summary>
public static partial class PythonFloat
{
    /// <summary>Longest possible output ("-2.2250738585072014e-308" is 24) plus slack.</summary>
    public const int MaxLength = 32;

    /// <summary>Writes <c>repr(value)</c> as ASCII bytes; NaN and infinities come out as nan, inf, -inf.</summary>
    public static int FormatRepr(double value, Span<byte> destination)
    {
        if (double.IsNaN(value))
        {
            return Copy("nan"u8, destination);
        }

        if (double.IsInfinity(value))
        {
            return Copy(value > 0 ? "inf"u8 : "-inf"u8, destination);
        }

        if (value == 0)
        {
            return Copy(double.IsNegative(value) ? "-0.0"u8 : "0.0"u8, destination);
        }

        var fast = TryFormatShortDecimal(value, destination);
        if (fast > 0)
        {
            return fast;
        }

        var exact = ShortestDecimal.TryFormat(value, destination);
        return exact > 0 ? exact : FormatReprSlow(value, destination);
    }

    /// <summary>The general path (shortest round-trip digits from .NET, laid out as CPython does); public for tests.</summary>
    internal static int FormatReprSlow(double value, Span<byte> destination)
    {
        // .NET's "R" yields the shortest round-trip digits (like CPython's dtoa mode 0), only laid out
        // differently ("1E+16", "1E-05", "123.456"); pull out the digits and the decimal point position.
        Span<char> dotnet = stackalloc char[MaxLength];
        value.TryFormat(dotnet, out var length, "R", CultureInfo.InvariantCulture);
        Span<byte> digits = stackalloc byte[MaxLength];
        var digitCount = 0;
        var digitsBeforePoint = -1;
        var exponent = 0;
        var negative = false;
        for (var i = 0; i < length; i++)
        {
            var c = dotnet[i];
            if (c == '-')
            {
                negative = true;
            }
            else if (c == '.')
            {
                digitsBeforePoint = digitCount;
            }
            else if (c is 'E' or 'e')
            {
                exponent = int.Parse(dotnet[(i + 1)..length], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                break;
            }
            else
            {
                digits[digitCount++] = (byte)c;
            }
        }

        if (digitsBeforePoint < 0)
        {
            digitsBeforePoint = digitCount;
        }

        // decimalPoint follows CPython's "decpt": value = 0.DIGITS x 10^decimalPoint.
        var decimalPoint = digitsBeforePoint + exponent;
        var firstNonZero = 0;
        while (digits[firstNonZero] == '0')
        {
            firstNonZero++;
            decimalPoint--;
        }

        var lastNonZero = digitCount - 1;
        while (digits[lastNonZero] == '0')
        {
            lastNonZero--;
        }

        ReadOnlySpan<byte> significant = digits[firstNonZero..(lastNonZero + 1)];
        var written = 0;
        if (negative)
        {
            destination[written++] = (byte)'-';
        }

        // format_float_short in CPython's pystrtod.c: exponent form when decpt <= -4 or decpt > 16.
        if (decimalPoint <= -4 || decimalPoint > 16)
        {
            destination[written++] = significant[0];
            if (significant.Length > 1)
            {
                destination[written++] = (byte)'.';
                significant[1..].CopyTo(destination[written..]);
                written += significant.Length - 1;
            }

            return written + ShortestDecimal.WriteExponent(decimalPoint - 1, destination[written..]);
        }

        if (decimalPoint <= 0)
        {
            destination[written++] = (byte)'0';
            destination[written++] = (byte)'.';
            destination.Slice(written, -decimalPoint).Fill((byte)'0');
            written += -decimalPoint;
            significant.CopyTo(destination[written..]);
            return written + significant.Length;
        }

        if (decimalPoint < significant.Length)
        {
            significant[..decimalPoint].CopyTo(destination[written..]);
            written += decimalPoint;
            destination[written++] = (byte)'.';
            significant[decimalPoint..].CopyTo(destination[written..]);
            return written + significant.Length - decimalPoint;
        }

        significant.CopyTo(destination[written..]);
        written += significant.Length;
        destination.Slice(written, decimalPoint - significant.Length).Fill((byte)'0');
        written += decimalPoint - significant.Length;
        destination[written++] = (byte)'.';
        destination[written++] = (byte)'0';
        return written;
    }

    /// <summary><c>repr(value)</c> as a string (for messages and tests; writers use the span overload).</summary>
    public static string Repr(double value)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        var length = FormatRepr(value, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer[..length]);
    }

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }

    /// <summary>
    /// Metrics are mostly short decimals (12.5, 0.25, 3600.0). When value == m / 10^k for a whole m (no trailing
    /// zero) with k &lt;= 6 and |value| &lt; 1e8, the decimal m·10^-k rounds to value and no shorter decimal can
    /// (decimals with fewer places are at least 10^-k away, more than an ulp), so it is CPython's repr; the
    /// division is exact-input IEEE division, so the check is exact. Returns 0 when the fast path does not apply
    /// (including |value| &lt; 1e-4, which repr writes with an exponent).
    /// </summary>
    private static int TryFormatShortDecimal(double value, Span<byte> destination)
    {
        var magnitude = Math.Abs(value);
        // From 1e8 up (and for everything else) ShortestDecimal finds the shortest digits directly.
        if (magnitude is < 1e-4 or >= 1e8)
        {
            return 0;
        }

        // One scaling by 10^6 then dropping trailing zeros finds the smallest k with value == m / 10^k: m·10^(6-k)
        // / 10^6 is the same rational number, so it rounds to the same double. Below 1e8 the product's rounding
        // error is far below 0.5, so a value that is such a decimal is always found.
        var scaled = Math.Round(value * 1e6);
        if (scaled / 1e6 != value)
        {
            return 0;
        }

        var mantissa = (long)scaled;
        var position = 0;
        if (mantissa < 0)
        {
            destination[position++] = (byte)'-';
            mantissa = -mantissa;
        }

        // Below 1e16 repr is fixed notation: the integer part, '.', then the six decimals without their trailing
        // zeros (at least one digit: "225.0"); what ShortestDecimal.Layout(mantissa, -6) writes, without its
        // general digit shuffling.
        var integer = (ulong)mantissa / 1_000_000;
        var fraction = (uint)((ulong)mantissa - (integer * 1_000_000));
        position += integer == 0 ? WriteZero(destination[position..]) : ShortestDecimal.WriteInteger(integer, destination[position..]);
        destination[position++] = (byte)'.';
        if (fraction == 0)
        {
            destination[position++] = (byte)'0';
            return position;
        }

        ShortestDecimal.WriteSixDigits(fraction, destination.Slice(position, 6));
        var digits = 6;
        while (destination[position + digits - 1] == (byte)'0')
        {
            digits--;
        }

        return position + digits;
    }

    private static int WriteZero(Span<byte> destination)
    {
        destination[0] = (byte)'0';
        return 1;
    }
}

using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Mine.Compat.Python;

/// <summary>
/// Python's <c>float()</c> of bytes, exactly, because carbon runs it over every value and timestamp it receives
/// (plaintext lines, pickle strings): a sender that works against carbon must work against us, and nothing more.
/// Accepted: optional sign, digits with single underscores between them, optional fraction, optional exponent,
/// surrounding ASCII whitespace, and <c>inf</c>/<c>infinity</c>/<c>nan</c> in any case. Overflow gives ±∞ and
/// underflow gives 0, as in Python. Not accepted, unlike Python: non-ASCII digits and Unicode whitespace.
/// </summary>
public static partial class PythonFloat
{
    /// <summary>The largest integer mantissa every double represents exactly (Clinger's fast path bound).</summary>
    private const ulong MaxExactMantissa = 1UL << 53;

    /// <summary>19 decimal digits always fit in a ulong, so the fast path never has to detect overflow.</summary>
    private const int MaxFastPathDigits = 19;

    /// <summary>Powers of ten up to 10^22 are exact doubles; one division by one of them rounds correctly.</summary>
    private static readonly double[] s_exactPowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Bytes Python's <c>str.split()</c> and <c>str.strip()</c> treat as whitespace (the ASCII subset).</summary>
    public static readonly SearchValues<byte> Whitespace = SearchValues.Create(" \t\n\v\f\r\x1c\x1d\x1e\x1f"u8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWhitespace(byte b) => b <= 0x20 && ((1UL << b) & WhitespaceMask) != 0;

    private const ulong WhitespaceMask =
        (1UL << ' ') | (1UL << '\t') | (1UL << '\n') | (1UL << '\v') | (1UL << '\f') | (1UL << '\r')
        | (1UL << 0x1c) | (1UL << 0x1d) | (1UL << 0x1e) | (1UL << 0x1f);

    public static bool TryParse(ReadOnlySpan<byte> text, out double value) =>
        TryParsePlainDecimal(text, out value) || TryParseGeneral(text, out value);

    /// <summary>
    /// The hot path: <c>[+-]digits[.digits]</c> with at most 19 digits, a mantissa ≤ 2^53 and at most 22
    /// fraction digits, which covers nearly every value and timestamp senders emit. Within those bounds
    /// <c>mantissa / 10^k</c> is one correctly rounded IEEE division, so the result equals Python's bit for bit.
    /// Returns false (without judging validity) for anything else.
    /// </summary>
    public static bool TryParsePlainDecimal(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (text.Length > 0 && (text[0] == '-' || text[0] == '+'))
        {
            negative = text[0] == '-';
            i = 1;
        }

        ulong mantissa = 0;
        var digits = 0;
        for (; i < text.Length; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                break;
            }

            mantissa = unchecked((mantissa * 10) + digit);
            digits++;
        }

        var fractionDigits = 0;
        if (i < text.Length && text[i] == '.')
        {
            for (i++; i < text.Length; i++)
            {
                var digit = (uint)(text[i] - '0');
                if (digit > 9)
                {
                    break;
                }

                mantissa = unchecked((mantissa * 10) + digit);
                digits++;
                fractionDigits++;
            }
        }

        if (i != text.Length || digits == 0 || digits > MaxFastPathDigits || mantissa > MaxExactMantissa
            || fractionDigits >= s_exactPowersOfTen.Length)
        {
            return false;
        }

        double result = mantissa;
        if (fractionDigits != 0)
        {
            result /= s_exactPowersOfTen[fractionDigits];
        }

        value = negative ? -result : result;
        return true;
    }

    /// <summary>Everything the fast path declines: checks Python's grammar, then lets .NET round correctly.</summary>
    private static bool TryParseGeneral(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        text = Trim(text);
        if (text.IsEmpty)
        {
            return false;
        }

        var negative = text[0] == '-';
        var body = text[0] is (byte)'-' or (byte)'+' ? text[1..] : text;
        if (TryParseSpecial(body, out var special))
        {
            value = negative ? -special : special;
            return true;
        }

        if (!IsDecimalLiteral(body, out var hasUnderscores))
        {
            return false;
        }

        const NumberStyles style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (!hasUnderscores)
        {
            return double.TryParse(text, style, CultureInfo.InvariantCulture, out value);
        }

        // Python allows "1_000.5"; .NET does not, so hand it the digits without the underscores.
        byte[]? rented = null;
        var buffer = text.Length <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(text.Length));
        try
        {
            var length = 0;
            foreach (var b in text)
            {
                if (b != '_')
                {
                    buffer[length++] = b;
                }
            }

            return double.TryParse(buffer[..length], style, CultureInfo.InvariantCulture, out value);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text)
    {
        var start = 0;
        while (start < text.Length && IsWhitespace(text[start]))
        {
            start++;
        }

        var end = text.Length;
        while (end > start && IsWhitespace(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    private static bool TryParseSpecial(ReadOnlySpan<byte> body, out double value)
    {
        if (Ascii.EqualsIgnoreCase(body, "inf"u8) || Ascii.EqualsIgnoreCase(body, "infinity"u8))
        {
            value = double.PositiveInfinity;
            return true;
        }

        if (Ascii.EqualsIgnoreCase(body, "nan"u8))
        {
            value = double.NaN;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>
    /// Python's <c>floatnumber</c> grammar without the sign: <c>(digitpart? "." digitpart | digitpart "."?)
    /// (("e"|"E") ("+"|"-")? digitpart)?</c> where <c>digitpart = digit ("_"? digit)*</c>.
    /// </summary>
    private static bool IsDecimalLiteral(ReadOnlySpan<byte> body, out bool hasUnderscores)
    {
        hasUnderscores = false;
        var i = 0;
        var integerDigits = ScanDigitPart(body, ref i, ref hasUnderscores);
        var fractionDigits = 0;
        if (i < body.Length && body[i] == '.')
        {
            i++;
            fractionDigits = ScanDigitPart(body, ref i, ref hasUnderscores);
        }

        if (integerDigits == 0 && fractionDigits == 0)
        {
            return false;
        }

        if (i < body.Length && (body[i] == 'e' || body[i] == 'E'))
        {
            i++;
            if (i < body.Length && (body[i] == '+' || body[i] == '-'))
            {
                i++;
            }

            if (ScanDigitPart(body, ref i, ref hasUnderscores) == 0)
            {
                return false;
            }
        }

        return i == body.Length;
    }

    private static int ScanDigitPart(ReadOnlySpan<byte> text, ref int i, ref bool hasUnderscores)
    {
        var digits = 0;
        while (i < text.Length)
        {
            if (char.IsAsciiDigit((char)text[i]))
            {
                digits++;
                i++;
            }
            else if (text[i] == '_' && digits > 0 && i + 1 < text.Length && char.IsAsciiDigit((char)text[i + 1]))
            {
                hasUnderscores = true;
                i++;
            }
            else
            {
                break;
            }
        }

        return digits;
    }
}

using System.Buffers;
using System.Globalization;
using System.Numerics;
using Mine.Compat.Python;

namespace Mine.Protocols.Pickle;

/// <summary>
/// Python's <c>int(text)</c> / <c>int(text, 0)</c> for the text opcodes INT, LONG, PUT and GET, and the
/// two's-complement decoding of LONG1/LONG4. Ints beyond the long range become the double Python's
/// <c>float()</c> would produce, because that is all carbon ever does with them.
/// </summary>
internal static class PythonInt
{
    /// <summary>Python refuses longer decimal literals (<c>sys.int_info.str_digits_check_threshold</c>).</summary>
    private const int MaxDecimalDigits = 4300;

    /// <summary>Above 130 significant bytes a two's-complement int is certainly beyond the double range.</summary>
    private const int MaxFiniteLongBytes = 130;

    /// <param name="detectBase">
    /// True for <c>int(text, 0)</c>: <c>0x</c>/<c>0o</c>/<c>0b</c> prefixes, and no leading zeros on decimals.
    /// </param>
    public static bool TryParse(ReadOnlySpan<byte> text, bool detectBase, out PickleValue value)
    {
        value = default;
        text = PythonFloat.Trim(text);
        var negative = false;
        if (text.Length > 0 && (text[0] == '-' || text[0] == '+'))
        {
            negative = text[0] == '-';
            text = text[1..];
        }

        var radix = 10;
        var underscoreMayLead = false;
        if (detectBase && text.Length >= 2 && text[0] == '0')
        {
            radix = (text[1] | 0x20) switch { 'x' => 16, 'o' => 8, 'b' => 2, _ => 10 };
            if (radix != 10)
            {
                text = text[2..];
                underscoreMayLead = true; // int("0x_ff", 0) is valid Python
            }
        }

        if (!IsDigitSequence(text, radix, underscoreMayLead, out var digitCount))
        {
            return false;
        }

        if (detectBase && radix == 10 && text[0] == '0' && text.IndexOfAnyExcept((byte)'0', (byte)'_') >= 0)
        {
            return false; // int("007", 0) raises: leading zeros are not allowed in base-0 decimals
        }

        if (radix == 10 && digitCount > MaxDecimalDigits)
        {
            return false;
        }

        ulong magnitude = 0;
        var approximation = 0.0;
        var exceedsUlong = false;
        foreach (var b in text)
        {
            if (b == '_')
            {
                continue;
            }

            var digit = (uint)HexDigitValue(b);
            approximation = (approximation * radix) + digit;
            if (!exceedsUlong && magnitude > (ulong.MaxValue - digit) / (ulong)radix)
            {
                exceedsUlong = true;
            }

            magnitude = unchecked((magnitude * (ulong)radix) + digit);
        }

        if (!exceedsUlong && magnitude <= long.MaxValue)
        {
            value = PickleValue.Integer(negative ? -(long)magnitude : (long)magnitude);
            return true;
        }

        if (!exceedsUlong && negative && magnitude == 1UL << 63)
        {
            value = PickleValue.Integer(long.MinValue);
            return true;
        }

        // Decimal: let .NET round the digit string correctly, as Python's float(int) does. Other bases are what
        // no pickler writes; the accumulated approximation is good enough for them.
        var large = radix == 10 ? ParseDecimalDigits(text) : approximation;
        value = PickleValue.LargeInteger(negative ? -large : large);
        return true;
    }

    /// <summary>
    /// C's <c>strtol(text, &amp;end, 0)</c> on a 64-bit long, which CPython's INT opcode tries before falling back to
    /// <c>int(text, 0)</c>: leading whitespace and a sign are allowed, <c>0x</c> means hex and a leading 0 means octal
    /// (so <c>I010</c> is 8), and the whole text must be consumed.
    /// </summary>
    public static bool TryParseCLong(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        var i = 0;
        while (i < text.Length && PythonFloat.IsWhitespace(text[i]))
        {
            i++;
        }

        var negative = false;
        if (i < text.Length && (text[i] == '-' || text[i] == '+'))
        {
            negative = text[i] == '-';
            i++;
        }

        var radix = 10;
        if (i + 1 < text.Length && text[i] == '0' && (text[i + 1] | 0x20) == 'x'
            && i + 2 < text.Length && HexDigitValue(text[i + 2]) >= 0)
        {
            radix = 16;
            i += 2;
        }
        else if (i < text.Length && text[i] == '0')
        {
            radix = 8;
        }

        var firstDigit = i;
        ulong magnitude = 0;
        for (; i < text.Length; i++)
        {
            var digit = HexDigitValue(text[i]);
            if (digit < 0 || digit >= radix)
            {
                return false;
            }

            if (magnitude > (ulong.MaxValue - (uint)digit) / (ulong)radix)
            {
                return false; // ERANGE: CPython falls back to int()
            }

            magnitude = (magnitude * (ulong)radix) + (uint)digit;
        }

        if (i == firstDigit || magnitude > (negative ? 1UL << 63 : long.MaxValue))
        {
            return false;
        }

        value = negative ? unchecked(-(long)magnitude) : (long)magnitude;
        return true;
    }

    /// <summary>LONG1/LONG4 payload: little-endian two's complement, any length.</summary>
    public static PickleValue FromTwosComplement(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return PickleValue.Integer(0);
        }

        // Drop sign-extension bytes so a zero-padded small number is not mistaken for a huge one.
        var negative = (bytes[^1] & 0x80) != 0;
        var extension = negative ? (byte)0xff : (byte)0x00;
        var length = bytes.Length;
        while (length > 1 && bytes[length - 1] == extension && ((bytes[length - 2] & 0x80) != 0) == negative)
        {
            length--;
        }

        bytes = bytes[..length];
        if (length <= sizeof(long))
        {
            var result = negative ? -1L : 0L;
            for (var i = length - 1; i >= 0; i--)
            {
                result = (result << 8) | bytes[i];
            }

            return PickleValue.Integer(result);
        }

        if (length > MaxFiniteLongBytes)
        {
            return PickleValue.LargeInteger(negative ? double.NegativeInfinity : double.PositiveInfinity);
        }

        return PickleValue.LargeInteger((double)new BigInteger(bytes, isUnsigned: false, isBigEndian: false));
    }

    private static bool IsDigitSequence(ReadOnlySpan<byte> text, int radix, bool underscoreMayLead, out int digitCount)
    {
        digitCount = 0;
        var previousWasDigit = underscoreMayLead;
        foreach (var b in text)
        {
            if (b == '_')
            {
                if (!previousWasDigit)
                {
                    return false;
                }

                previousWasDigit = false;
                continue;
            }

            var digit = HexDigitValue(b);
            if (digit < 0 || digit >= radix)
            {
                return false;
            }

            digitCount++;
            previousWasDigit = true;
        }

        return digitCount > 0 && previousWasDigit;
    }

    internal static int HexDigitValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static double ParseDecimalDigits(ReadOnlySpan<byte> digitsWithUnderscores)
    {
        var rented = ArrayPool<byte>.Shared.Rent(digitsWithUnderscores.Length);
        try
        {
            var length = 0;
            foreach (var b in digitsWithUnderscores)
            {
                if (b != '_')
                {
                    rented[length++] = b;
                }
            }

            // Overflow yields +∞, which TryGetNumber reports as "Python would raise OverflowError".
            return double.Parse(rented.AsSpan(0, length), NumberStyles.None, CultureInfo.InvariantCulture);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}

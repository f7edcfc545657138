using System.Globalization;
using System.Text;

namespace Mine.Compat.Python;

/// <summary>
/// The few CPython string primitives graphite-web's parsers lean on (<c>str.isdigit</c>,
/// <c>str.strip</c>, <c>int()</c>, <c>repr()</c>), reproduced so ports behave the same on odd input, including
/// non-ASCII digits such as "١٢:٣٠", which CPython accepts.
/// </summary>
public static class PythonText
{
    /// <summary><c>str.isspace</c> for one character: .NET's set plus the ASCII separators U+001C..U+001F.</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || (c >= '\u001c' && c <= '\u001f');

    /// <summary><c>str.isdigit</c> for one character: Unicode "Decimal" or "Digit" numeric type (so '²' counts).</summary>
    public static bool IsDigit(char c) => c is >= '0' and <= '9' || (c > 127 && CharUnicodeInfo.GetDigitValue(c) >= 0);

    /// <summary><c>str.isdigit()</c>: non-empty and every character a digit.</summary>
    public static bool IsDigits(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>str.strip()</c> with CPython's whitespace set.</summary>
    public static ReadOnlySpan<char> Strip(ReadOnlySpan<char> text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsSpace(text[start]))
        {
            start++;
        }

        while (end > start && IsSpace(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    /// <summary>
    /// <c>int(text)</c> in base 10: surrounding whitespace, an optional sign, Unicode decimal digits with single
    /// underscores between them. <paramref name="overflow"/> is set (and the value saturated) when the number is
    /// valid but beyond a long, where CPython would carry on with a big integer.
    /// </summary>
    public static bool TryParseInt(ReadOnlySpan<char> text, out long value, out bool overflow)
    {
        value = 0;
        overflow = false;
        var body = Strip(text);
        var negative = false;
        if (!body.IsEmpty && (body[0] == '+' || body[0] == '-'))
        {
            negative = body[0] == '-';
            body = body[1..];
        }

        if (body.IsEmpty || body[0] == '_' || body[^1] == '_')
        {
            return false;
        }

        long magnitude = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '_')
            {
                if (body[i - 1] == '_')
                {
                    return false;
                }

                continue;
            }

            var digit = c is >= '0' and <= '9' ? c - '0' : (c > 127 ? CharUnicodeInfo.GetDecimalDigitValue(c) : -1);
            if (digit < 0)
            {
                return false;
            }

            if (!overflow && magnitude > (long.MaxValue - digit) / 10)
            {
                overflow = true;
            }

            if (!overflow)
            {
                magnitude = (magnitude * 10) + digit;
            }
        }

        value = overflow ? (negative ? long.MinValue : long.MaxValue) : (negative ? -magnitude : magnitude);
        return true;
    }

    /// <summary><c>int(text)</c>, raising CPython's own message on bad input.</summary>
    public static long ParseInt(ReadOnlySpan<char> text, out bool overflow)
    {
        if (!TryParseInt(text, out var value, out overflow))
        {
            throw new PythonArgumentException("invalid literal for int() with base 10: " + Repr(text));
        }

        return value;
    }

    /// <summary>
    /// <c>repr(str)</c>: single quotes unless the text holds a single quote and no double quote; backslash escapes
    /// for quotes, backslashes and non-printable characters.
    /// </summary>
    public static string Repr(ReadOnlySpan<char> text)
    {
        var quote = text.Contains('\'') && !text.Contains('"') ? '"' : '\'';
        var builder = new StringBuilder(text.Length + 2);
        builder.Append(quote);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': builder.Append(@"\\"); break;
                case '\n': builder.Append(@"\n"); break;
                case '\r': builder.Append(@"\r"); break;
                case '\t': builder.Append(@"\t"); break;
                default:
                    if (c == quote)
                    {
                        builder.Append('\\').Append(c);
                    }
                    else if (c < ' ' || c == '\u007f' || (c >= '\u0080' && c <= '\u00a0') || c == '\u00ad')
                    {
                        builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append(quote).ToString();
    }
}

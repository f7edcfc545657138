using System.Globalization;
using System.Text;

namespace Mine.Query.Targets;

/// <summary>Numbers, strings and metric paths.</summary>
public sealed partial class TargetParser
{
    /// <summary>
    /// Scientific, then float, then int, each only when followed by ',' or ')' or the end (graphite-web's
    /// afterNumber look-ahead); otherwise the text is a path such as <c>1.2.3</c> or <c>404s</c>.
    /// </summary>
    private NumberNode? TryReadNumber()
    {
        var intEnd = ScanInteger(_position);
        if (intEnd < 0)
        {
            return null;
        }

        var floatEnd = -1;
        if (intEnd < _text.Length && _text[intEnd] == '.')
        {
            var fractionEnd = ScanDigits(intEnd + 1);
            floatEnd = fractionEnd > intEnd + 1 ? fractionEnd : -1;
        }

        var mantissaEnd = floatEnd > 0 ? floatEnd : intEnd;
        if (mantissaEnd < _text.Length && _text[mantissaEnd] is 'e' or 'E')
        {
            var exponentEnd = ScanInteger(mantissaEnd + 1);
            if (exponentEnd > 0 && IsFollowedByArgumentEnd(exponentEnd))
            {
                return Take(exponentEnd, isInteger: false);
            }
        }

        if (floatEnd > 0 && IsFollowedByArgumentEnd(floatEnd))
        {
            return Take(floatEnd, isInteger: false);
        }

        return IsFollowedByArgumentEnd(intEnd) ? Take(intEnd, isInteger: true) : null;
    }

    private NumberNode Take(int end, bool isInteger)
    {
        var text = _text[_position..end];
        _position = end;
        if (isInteger)
        {
            // Python ints have no bound; Mine's are 64-bit, and a larger one would silently become another number.
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
                ? new NumberNode(integer, IsInteger: true)
                : throw OverLimit($"the whole number {(text.Length > 40 ? text[..40] + "..." : text)} is too large (whole numbers are limited to ±{long.MaxValue})");
        }

        return new NumberNode(ParseFloat(text), isInteger);
    }

    /// <summary><c>-?\d+</c> from <paramref name="start"/>; returns its end or -1.</summary>
    private int ScanInteger(int start)
    {
        var i = start;
        if (i < _text.Length && _text[i] == '-')
        {
            i++;
        }

        var end = ScanDigits(i);
        return end > i ? end : -1;
    }

    private int ScanDigits(int start)
    {
        var i = start;
        while (i < _text.Length && char.IsAsciiDigit(_text[i]))
        {
            i++;
        }

        return i;
    }

    private bool IsFollowedByArgumentEnd(int index)
    {
        while (index < _text.Length && IsWhitespace(_text[index]) && _text[index] != '\n')
        {
            index++;
        }

        return index >= _text.Length || _text[index] is ',' or ')' or '\n';
    }

    /// <summary>
    /// pyparsing's quotedString: doubled quotes and backslash escapes stay in the value as written, which is why
    /// <c>aliasSub(x, "(^.*$)", "\1 A")</c> reaches the function with the backslash intact.
    /// </summary>
    private StringNode ReadString()
    {
        var quote = Current;
        var i = _position + 1;
        while (true)
        {
            if (i >= _text.Length || _text[i] is '\n' or '\r')
            {
                throw Error($"unterminated string starting with {quote}", ranOutOfText: i >= _text.Length);
            }

            var c = _text[i];
            if (c == quote)
            {
                if (i + 1 < _text.Length && _text[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }

                break;
            }

            if (c == '\\')
            {
                if (i + 1 >= _text.Length)
                {
                    throw Error($"unterminated string starting with {quote}", ranOutOfText: true);
                }

                if (_text[i + 1] == 'x')
                {
                    var hexEnd = i + 2;
                    while (hexEnd < _text.Length && char.IsAsciiHexDigit(_text[hexEnd]))
                    {
                        hexEnd++;
                    }

                    if (hexEnd == i + 2)
                    {
                        throw Error("\\x in a string must be followed by hex digits");
                    }

                    i = hexEnd;
                    continue;
                }

                i += 2;
                continue;
            }

            i++;
        }

        var value = _text[(_position + 1)..i];
        _position = i + 1;
        return new StringNode(value);
    }

    /// <summary>Dot-separated elements, each a run of metric characters, escapes and <c>{a,b}</c> lists.</summary>
    private PathNode ParsePath()
    {
        var path = new StringBuilder();
        while (true)
        {
            var elementStart = path.Length;
            while (!AtEnd)
            {
                if (Current == '{')
                {
                    if (!TryReadMatchList(path))
                    {
                        break;
                    }
                }
                else if (!TryReadPathCharacter(path))
                {
                    break;
                }
            }

            if (path.Length == elementStart && elementStart > 0 && _longestPrefix)
            {
                // pyparsing's delimitedList: a '.' not followed by an element is not part of the path.
                _position--;
                return new PathNode(path.ToString(0, elementStart - 1));
            }

            if (path.Length == elementStart)
            {
                throw Error(elementStart == 0 ? "expected a metric path, a function call, a number or a string" : "empty path element");
            }

            if (AtEnd || Current != '.')
            {
                return new PathNode(path.ToString());
            }

            path.Append('.');
            _position++;
        }
    }

    /// <summary>
    /// A <c>{..}</c> list; when it does not parse and the longest prefix is wanted, false with nothing consumed
    /// (the path ends before the '{').
    /// </summary>
    private bool TryReadMatchList(StringBuilder path)
    {
        var (position, length) = (_position, path.Length);
        if (Attempt(() =>
            {
                ReadMatchList(path);
                return path;
            }) is null)
        {
            path.Length = length;
            _position = position;
            return false;
        }

        return true;
    }

    /// <summary><c>{a,b,c}</c>: one or more comma-separated partial elements (no nesting, as in graphite-web).</summary>
    private void ReadMatchList(StringBuilder path)
    {
        path.Append('{');
        _position++;
        while (true)
        {
            var start = path.Length;
            while (TryReadPathCharacter(path))
            {
            }

            if (path.Length == start)
            {
                throw Error("empty alternative in a {..} list");
            }

            if (AtEnd)
            {
                throw Error("missing '}'");
            }

            if (Current == ',')
            {
                path.Append(',');
                _position++;
                continue;
            }

            if (Current == '}')
            {
                path.Append('}');
                _position++;
                return;
            }

            throw Error("expected ',' or '}' in a {..} list");
        }
    }

    private bool TryReadPathCharacter(StringBuilder path)
    {
        if (AtEnd)
        {
            return false;
        }

        var c = Current;
        if (c == '\\')
        {
            if (_position + 1 < _text.Length && (Symbols.Contains(_text[_position + 1], StringComparison.Ordinal) || _text[_position + 1] == '='))
            {
                path.Append(_text[_position + 1]);
                _position += 2;
                return true;
            }

            return false;
        }

        if (IsMetricCharacter(c))
        {
            path.Append(c);
            _position++;
            return true;
        }

        return false;
    }

    /// <summary>Printable ASCII except the syntax symbols; Mine also accepts non-ASCII letters (UTF-8 names).</summary>
    private static bool IsMetricCharacter(char c)
        => c is > ' ' and < '\u007f' ? !Symbols.Contains(c, StringComparison.Ordinal) : c > '\u00a0' && !char.IsWhiteSpace(c);
}

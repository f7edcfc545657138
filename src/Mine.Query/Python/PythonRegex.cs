using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Mine.Query.Python;

/// <summary>
/// Python's <c>re.sub(pattern, replacement, text)</c> on .NET regexes, for aliasSub and aliasQuery. Python-only
/// pattern syntax is translated (<c>(?P&lt;name&gt;…)</c>, <c>(?P=name)</c>, <c>\Z</c>); named groups become
/// plain ones because .NET numbers named groups after all unnamed ones while Python numbers every group by its
/// opening parenthesis, so <c>\1</c> means the same group in both. The replacement is
/// parsed with Python's rules (<c>\1</c>, <c>\g&lt;name&gt;</c>, <c>\g&lt;1&gt;</c>, <c>\n</c>, octal escapes;
/// <c>$</c> is plain text), so the result is Python's. Bad patterns or replacements throw
/// <see cref="QueryArgumentException"/> where Python raises re.error.
/// </summary>
public static class PythonRegex
{
    /// <summary>How long one substitution may run (Python has no limit; this guards against runaway backtracking).</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    /// <summary>re.compile(pattern): the .NET regex and Python's group names and count.</summary>
    public static PythonPattern Compile(string pattern)
    {
        var (translated, names, groups) = Translate(pattern);
        try
        {
            return new PythonPattern(new Regex(translated, RegexOptions.CultureInvariant, MatchTimeout), names, groups);
        }
        catch (ArgumentException ex)
        {
            throw new QueryArgumentException($"invalid regular expression {PythonText.Repr(pattern)}: {ex.Message}");
        }
    }

    /// <summary>re.sub(pattern, replacement, text): every non-overlapping match replaced.</summary>
    public static string Sub(string pattern, string replacement, string text) => Sub(Compile(pattern), replacement, text);

    /// <summary>re.sub with an already compiled pattern.</summary>
    public static string Sub(PythonPattern pattern, string replacement, string text)
    {
        var template = ParseTemplate(pattern, replacement);
        try
        {
            return pattern.Regex.Replace(text, match => Expand(template, match));
        }
        catch (RegexMatchTimeoutException)
        {
            throw new QueryArgumentException($"the regular expression {PythonText.Repr(pattern.Regex.ToString())} took too long on {PythonText.Repr(text)}");
        }
    }

    /// <summary>
    /// Rewrites a Python pattern into .NET syntax: named groups become numbered ones (their numbers recorded),
    /// <c>(?P=name)</c> a numbered back reference, <c>\Z</c> <c>\z</c>; character classes and escapes are kept.
    /// </summary>
    internal static (string Pattern, Dictionary<string, int> Names, int Groups) Translate(string pattern)
    {
        var output = new StringBuilder(pattern.Length);
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = 0;
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                // Python's \Z is the very end; .NET's \Z also allows a final newline, its \z is Python's \Z.
                output.Append(pattern[i + 1] == 'Z' ? @"\z" : pattern.Substring(i, 2));
                i += 2;
            }
            else if (c == '[')
            {
                i = CopyClass(pattern, i, output);
            }
            else if (string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0)
            {
                var close = pattern.IndexOf('>', i + 4);
                if (close < 0)
                {
                    throw BadPattern(pattern, "missing >, unterminated name");
                }

                var name = pattern[(i + 4)..close];
                if (!IsIdentifier(name))
                {
                    throw BadPattern(pattern, $"bad character in group name {PythonText.Repr(name)}");
                }

                if (!names.TryAdd(name, ++groups))
                {
                    throw BadPattern(pattern, $"redefinition of group name {PythonText.Repr(name)}");
                }

                output.Append('(');
                i = close + 1;
            }
            else if (string.CompareOrdinal(pattern, i, "(?P=", 0, 4) == 0)
            {
                var close = pattern.IndexOf(')', i);
                if (close < 0)
                {
                    throw BadPattern(pattern, "missing ), unterminated name");
                }

                var name = pattern[(i + 4)..close];
                if (!names.TryGetValue(name, out var number))
                {
                    throw BadPattern(pattern, $"unknown group name {PythonText.Repr(name)}");
                }

                // (?:) keeps a following digit from extending the group number.
                output.Append('\\').Append(number.ToString(CultureInfo.InvariantCulture)).Append("(?:)");
                i = close + 1;
            }
            else if (string.CompareOrdinal(pattern, i, "(?(", 0, 3) == 0 && pattern.IndexOf(')', i + 3) is var end and > 0
                && names.TryGetValue(pattern[(i + 3)..end], out var conditionGroup))
            {
                output.Append("(?(").Append(conditionGroup.ToString(CultureInfo.InvariantCulture)).Append(')');
                i = end + 1;
            }
            else
            {
                if (c == '(' && (i + 1 >= pattern.Length || pattern[i + 1] != '?'))
                {
                    groups++;
                }

                output.Append(c);
                i++;
            }
        }

        return (output.ToString(), names, groups);
    }

    private static QueryArgumentException BadPattern(string pattern, string message)
        => new($"invalid regular expression {PythonText.Repr(pattern)}: {message}");

    /// <summary>
    /// Copies a character class. As in Python, a ']' right after '[' or '[^' is a literal; a '[' inside is a
    /// literal too, escaped so .NET does not read "-[" as class subtraction.
    /// </summary>
    private static int CopyClass(string pattern, int start, StringBuilder output)
    {
        output.Append('[');
        var i = start + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            output.Append('^');
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            output.Append(@"\]");
            i++;
        }

        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                output.Append(pattern, i, 2);
                i += 2;
                continue;
            }

            if (c == '[')
            {
                output.Append(@"\[");
                i++;
                continue;
            }

            output.Append(c);
            i++;
            if (c == ']')
            {
                return i;
            }
        }

        return i;
    }

    /// <summary>One piece of a parsed replacement: literal text, or a group number (Text null).</summary>
    private readonly record struct Piece(string? Text, int Group);

    /// <summary>re's parse_template (Python 3.11).</summary>
    private static List<Piece> ParseTemplate(PythonPattern pattern, string replacement)
    {
        var pieces = new List<Piece>();
        var literal = new StringBuilder();
        var groupCount = pattern.Groups;
        var i = 0;

        void AddGroup(int index)
        {
            if (index > groupCount)
            {
                throw Bad($"invalid group reference {index}");
            }

            if (literal.Length > 0)
            {
                pieces.Add(new Piece(literal.ToString(), 0));
                literal.Clear();
            }

            pieces.Add(new Piece(null, index));
        }

        QueryArgumentException Bad(string message) => new($"bad replacement {PythonText.Repr(replacement)}: {message}");

        while (i < replacement.Length)
        {
            var c = replacement[i++];
            if (c != '\\')
            {
                literal.Append(c);
                continue;
            }

            if (i >= replacement.Length)
            {
                throw Bad("bad escape (end of pattern)");
            }

            var e = replacement[i++];
            if (e == 'g')
            {
                if (i >= replacement.Length || replacement[i] != '<')
                {
                    throw Bad("missing <");
                }

                var close = replacement.IndexOf('>', i + 1);
                if (close < 0)
                {
                    throw Bad(i + 1 < replacement.Length ? "missing >, unterminated name" : "missing group name");
                }

                var name = replacement[(i + 1)..close];
                i = close + 1;
                if (name.Length == 0)
                {
                    throw Bad("missing group name");
                }

                if (IsIdentifier(name))
                {
                    if (!pattern.Names.TryGetValue(name, out var named))
                    {
                        throw Bad($"unknown group name {PythonText.Repr(name)}");
                    }

                    AddGroup(named);
                }
                else if (int.TryParse(name, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var number) && number >= 0)
                {
                    AddGroup(number);
                }
                else
                {
                    throw Bad($"bad character in group name {PythonText.Repr(name)}");
                }
            }
            else if (e == '0')
            {
                var value = 0;
                for (var n = 0; n < 2 && i < replacement.Length && IsOctal(replacement[i]); n++)
                {
                    value = (value * 8) + (replacement[i++] - '0');
                }

                literal.Append((char)(value & 0xff));
            }
            else if (e is >= '1' and <= '9')
            {
                if (i < replacement.Length && char.IsAsciiDigit(replacement[i]))
                {
                    var second = replacement[i++];
                    if (IsOctal(e) && IsOctal(second) && i < replacement.Length && IsOctal(replacement[i]))
                    {
                        var value = ((e - '0') * 64) + ((second - '0') * 8) + (replacement[i++] - '0');
                        if (value > 255)
                        {
                            throw Bad($"octal escape value \\{e}{second}{replacement[i - 1]} outside of range 0-0o377");
                        }

                        literal.Append((char)value);
                    }
                    else
                    {
                        AddGroup(((e - '0') * 10) + (second - '0'));
                    }
                }
                else
                {
                    AddGroup(e - '0');
                }
            }
            else
            {
                var escaped = e switch
                {
                    'a' => "\a",
                    'b' => "\b",
                    'f' => "\f",
                    'n' => "\n",
                    'r' => "\r",
                    't' => "\t",
                    'v' => "\v",
                    '\\' => "\\",
                    _ when char.IsAsciiLetter(e) => throw Bad($"bad escape \\{e}"),
                    _ => "\\" + e,
                };
                literal.Append(escaped);
            }
        }

        if (literal.Length > 0)
        {
            pieces.Add(new Piece(literal.ToString(), 0));
        }

        return pieces;
    }

    private static string Expand(List<Piece> template, Match match)
    {
        var output = new StringBuilder();
        foreach (var piece in template)
        {
            // A group that did not take part in the match expands to "" (Python 3.5+), as in .NET.
            output.Append(piece.Text ?? match.Groups[piece.Group].Value);
        }

        return output.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';

    /// <summary>str.isidentifier() for group names (letters, digits, '_', not starting with a digit).</summary>
    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A compiled Python pattern: the .NET regex, Python's group names with their numbers, and the group count.</summary>
public sealed record PythonPattern(Regex Regex, IReadOnlyDictionary<string, int> Names, int Groups);

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Mine.Core.Text;

namespace Mine.Compat.Python;

/// <summary>
/// A Python <c>re</c> pattern run by .NET's Regex: grep(), exclude(), aliasSub() and the re.sub of useSeriesAbove()
/// run it through <see cref="Compile"/>; seriesByTag's tag expressions and carbon's configuration patterns take
/// <see cref="Translate"/> and run it with their own engine options and anchoring.
/// The pattern is translated where the two dialects spell the same thing differently: <c>(?P&lt;name&gt;...)</c>,
/// <c>(?P=name)</c>, <c>\Z</c>, <c>{,n}</c>, a literal <c>[</c> inside a class (which .NET would read as class
/// subtraction), and groups are numbered by their opening parenthesis as Python does (.NET numbers named groups
/// after unnamed ones, so named groups become unnamed ones tracked here). Python-only errors are raised too:
/// global flags after the start, <c>(?&lt;name&gt;</c> and <c>(?'name'</c>. Remaining differences: the <c>a</c>
/// and <c>L</c> flags, possessive quantifiers and <c>\U</c> escapes are rejected; .NET's own extras (such as
/// <c>\k&lt;name&gt;</c>) are accepted; <c>\w</c>/<c>\s</c> differ for a few Unicode characters. Matching has a
/// timeout that Python does not have, so a runaway pattern fails the request instead of hanging it.
/// </summary>
public sealed partial class PythonRegex
{
    /// <summary>How long one match may run on one text before the request is refused.</summary>
    public static readonly TimeSpan MaxMatchTime = RegexLimits.MatchTimeout;

    private readonly Regex _regex;
    private readonly Dictionary<string, int> _groupNames;
    private readonly int _groupCount;
    private readonly IMatchBudget? _request;

    // The match timeout is the time the request had left, not MaxMatchTime: running out is the request's limit.
    private readonly bool _timeoutIsRequestLimit;

    private PythonRegex(string pattern, Regex regex, Dictionary<string, int> groupNames, int groupCount, IMatchBudget? request, bool timeoutIsRequestLimit)
    {
        _timeoutIsRequestLimit = timeoutIsRequestLimit;
        Pattern = pattern;
        _regex = regex;
        _groupNames = groupNames;
        _groupCount = groupCount;
        _request = request;
    }

    /// <summary>The Python pattern as given.</summary>
    public string Pattern { get; }

    /// <summary>
    /// re.compile(pattern). With a <paramref name="request"/>, every match first checks the request's time limit and
    /// may run no longer than the time the request has left (and never over <see cref="MaxMatchTime"/>), so a
    /// pattern that backtracks catastrophically ends the request promptly with a 400, however many names it meets.
    /// </summary>
    /// <exception cref="PythonArgumentException">The pattern is not valid (in Python's dialect or in .NET's).</exception>
    public static PythonRegex Compile(string pattern, IMatchBudget? request = null)
    {
        var groupNames = new Dictionary<string, int>(StringComparer.Ordinal);
        string translated;
        int groupCount;
        try
        {
            translated = Translate(pattern, groupNames, out groupCount);
        }
        catch (ArgumentException ex)
        {
            throw Invalid(pattern, ex);
        }

        var timeout = MaxMatchTime;
        var timeoutIsRequestLimit = false;
        if (request is not null)
        {
            request.CheckBudget();
            var left = request.RemainingTime;
            timeoutIsRequestLimit = left < timeout;
            timeout = timeoutIsRequestLimit ? left + TimeSpan.FromMilliseconds(1) : timeout;
        }

        try
        {
            return new PythonRegex(pattern, new Regex(translated, RegexOptions.CultureInvariant, timeout), groupNames, groupCount, request, timeoutIsRequestLimit);
        }
        catch (ArgumentException ex)
        {
            throw Invalid(pattern, ex);
        }
    }

    /// <summary>
    /// The pattern in .NET's dialect, for callers that build their own <see cref="Regex"/> (their anchoring, their
    /// engine). Groups keep Python's numbers, so the result can be wrapped in a non-capturing group, or the
    /// pattern in a capturing group before translation, as graphite-web's <c>'^(' + pattern + ')'</c> does.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The pattern is not valid in Python's dialect; the message is the reason alone (the caller names the pattern).
    /// Errors only .NET detects surface when the caller builds its <see cref="Regex"/>.
    /// </exception>
    public static string Translate(string pattern)
        => Translate(pattern, new Dictionary<string, int>(StringComparer.Ordinal), out _);

    /// <summary>regex.search(text) is not None: a match anywhere.</summary>
    public bool Search(string text)
    {
        _request?.CheckBudget();
        try
        {
            return _regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            throw TimedOut(text);
        }
    }

    /// <summary>
    /// re.sub(pattern, template, text): every match replaced by the template, whose <c>\1</c>, <c>\g&lt;1&gt;</c>
    /// and <c>\g&lt;name&gt;</c> insert groups (an unmatched group inserts nothing) and whose <c>\n</c>-style
    /// escapes are expanded; <c>$</c> is literal.
    /// </summary>
    public string Substitute(string template, string text)
    {
        _request?.CheckBudget();
        var parts = ParseTemplate(template);
        try
        {
            return _regex.Replace(text, match =>
            {
                var result = new StringBuilder();
                foreach (var part in parts)
                {
                    result.Append(part.Literal ?? match.Groups[part.Group].Value);
                }

                return result.ToString();
            });
        }
        catch (RegexMatchTimeoutException)
        {
            throw TimedOut(text);
        }
    }

    private Exception TimedOut(string text)
    {
        // Out of the request's time: say so as every other part of the request does.
        _request?.CheckBudget();
        if (_timeoutIsRequestLimit)
        {
            throw _request!.TimeLimitExceeded();
        }

        var shown = text.Length > 200 ? text[..200] + "..." : text;
        return new PythonArgumentException($"regular expression {PythonText.Repr(Pattern)} ran longer than {_regex.MatchTimeout.TotalSeconds:0.###} s on {PythonText.Repr(shown)}; simplify it");
    }

    private static PythonArgumentException Invalid(string pattern, ArgumentException reason)
        => new($"invalid regular expression {PythonText.Repr(pattern)}: {reason.Message}", reason);

    private static string Translate(string pattern, Dictionary<string, int> groupNames, out int groupCount)
    {
        var result = new StringBuilder(pattern.Length + 8);
        groupCount = 0;

        // Python accepts global flags only before anything else at the top level.
        var onlyFlagsSoFar = true;
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length)
                {
                    throw new ArgumentException("bad escape (end of pattern)");
                }

                // Python's \Z is the very end; .NET's \Z also matches before a final newline, \z does not.
                result.Append(pattern[i + 1] == 'Z' ? @"\z" : pattern.AsSpan(i, 2));
                i += 2;
            }
            else if (c == '[')
            {
                i = CopyClass(pattern, i, result);
            }
            else if (c == '(' && At(pattern, i + 1, "?"))
            {
                var flagsEnd = i + 2;
                while (flagsEnd < pattern.Length && "aiLmsux".Contains(pattern[flagsEnd], StringComparison.Ordinal))
                {
                    flagsEnd++;
                }

                if (flagsEnd > i + 2 && At(pattern, flagsEnd, ")"))
                {
                    if (!onlyFlagsSoFar)
                    {
                        throw new ArgumentException("global flags not at the start of the expression");
                    }

                    AppendGlobalFlags(pattern, pattern[(i + 2)..flagsEnd], result);
                    i = flagsEnd + 1;
                    continue;
                }

                i = TranslateExtension(pattern, i, result, groupNames, ref groupCount);
            }
            else if (c == '(')
            {
                groupCount++;
                result.Append(c);
                i++;
            }
            else if (c == '{' && PythonOnlyRepeat().Match(pattern, i) is { Success: true } repeat)
            {
                // Python reads {,n} as {0,n} (and {,} as {0,}); .NET would take it literally.
                result.Append("{0,").Append(repeat.Groups[1].Value).Append('}');
                i += repeat.Length;
            }
            else
            {
                result.Append(c);
                i++;
            }

            onlyFlagsSoFar = false;
        }

        return result.ToString();
    }

    /// <summary>Copies a character class, escaping a bare '[' so .NET does not read "-[...]" as subtraction.</summary>
    private static int CopyClass(string pattern, int start, StringBuilder result)
    {
        result.Append('[');
        var i = start + 1;
        if (At(pattern, i, "^"))
        {
            result.Append('^');
            i++;
        }

        // A ']' right after the opening (or after '^') is a literal in both dialects.
        if (At(pattern, i, "]"))
        {
            result.Append(@"\]");
            i++;
        }

        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                result.Append(pattern, i, 2);
                i += 2;
                continue;
            }

            result.Append(c == '[' ? @"\[" : c.ToString());
            i++;
            if (c == ']')
            {
                return i;
            }
        }

        // Unterminated: .NET reports it when compiling, as Python does.
        return i;
    }

    private static void AppendGlobalFlags(string pattern, string flags, StringBuilder result)
    {
        if (flags.Contains('a', StringComparison.Ordinal) || flags.Contains('L', StringComparison.Ordinal))
        {
            throw new ArgumentException("the ASCII (a) and LOCALE (L) flags are not supported");
        }

        // (?u) is Python's default for str patterns.
        var kept = flags.Replace("u", string.Empty, StringComparison.Ordinal);
        if (kept.Length > 0)
        {
            result.Append("(?").Append(kept).Append(')');
        }
    }

    /// <summary>Translates a "(?" construct at <paramref name="start"/>; returns the index after what it consumed.</summary>
    private static int TranslateExtension(string pattern, int start, StringBuilder result, Dictionary<string, int> groupNames, ref int groupCount)
    {
        var i = start + 2;
        if (At(pattern, i, "P<"))
        {
            var close = pattern.IndexOf('>', i + 2);
            var name = close < 0 ? string.Empty : pattern[(i + 2)..close];
            if (!IsIdentifier(name))
            {
                throw new ArgumentException($"bad character in group name {PythonText.Repr(name)}");
            }

            if (!groupNames.TryAdd(name, ++groupCount))
            {
                throw new ArgumentException($"redefinition of group name {PythonText.Repr(name)}");
            }

            result.Append('(');
            return close + 1;
        }

        if (At(pattern, i, "P="))
        {
            var close = pattern.IndexOf(')', i + 2);
            var name = close < 0 ? string.Empty : pattern[(i + 2)..close];
            if (!groupNames.TryGetValue(name, out var number))
            {
                throw new ArgumentException($"unknown group name {PythonText.Repr(name)}");
            }

            result.Append(@"\k<").Append(number.ToString(CultureInfo.InvariantCulture)).Append('>');
            return close + 1;
        }

        if (At(pattern, i, "(") && ConditionalName().Match(pattern, i + 1) is { Success: true } condition
            && groupNames.TryGetValue(condition.Groups[1].Value, out var conditionGroup))
        {
            result.Append("(?(").Append(conditionGroup.ToString(CultureInfo.InvariantCulture)).Append(')');
            return i + 1 + condition.Length;
        }

        if (At(pattern, i, "#"))
        {
            // A comment: copied whole so brackets inside it are not translated.
            var close = pattern.IndexOf(')', i);
            var end = close < 0 ? pattern.Length : close + 1;
            result.Append(pattern, start, end - start);
            return end;
        }

        // What Python accepts after "(?"; .NET knows more ((?'name'...), (?<name>...), (?n)) that Python rejects.
        var lookbehind = At(pattern, i, "<=") || At(pattern, i, "<!");
        if (i >= pattern.Length || (!lookbehind && !":=!>(-aiLmsux".Contains(pattern[i], StringComparison.Ordinal)))
        {
            throw new ArgumentException(i >= pattern.Length ? "unexpected end of pattern" : $"unknown extension ?{pattern[i]}");
        }

        result.Append("(?");
        return i;
    }

    private static bool At(string text, int index, string expected)
        => index <= text.Length - expected.Length && string.CompareOrdinal(text, index, expected, 0, expected.Length) == 0;

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

    private readonly record struct TemplatePart(string? Literal, int Group);

    /// <summary>Python's re._parser.parse_template: literals and group references, with its errors.</summary>
    private List<TemplatePart> ParseTemplate(string template)
    {
        var parts = new List<TemplatePart>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c != '\\')
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (i + 1 >= template.Length)
            {
                throw InvalidTemplate(template, "bad escape (end of pattern)");
            }

            var e = template[i + 1];
            i += 2;
            if (e == 'g')
            {
                if (!At(template, i, "<"))
                {
                    throw InvalidTemplate(template, "missing <");
                }

                var close = template.IndexOf('>', i + 1);
                if (close < 0)
                {
                    throw InvalidTemplate(template, "missing >, unterminated name");
                }

                var name = template[(i + 1)..close];
                i = close + 1;
                int group;
                if (IsIdentifier(name))
                {
                    group = _groupNames.TryGetValue(name, out var named)
                        ? named
                        : throw InvalidTemplate(template, $"unknown group name {PythonText.Repr(name)}");
                }
                else if (name.Length == 0 || !int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out group))
                {
                    throw InvalidTemplate(template, name.Length == 0 ? "missing group name" : $"bad character in group name {PythonText.Repr(name)}");
                }

                AddGroup(group);
            }
            else if (e == '0')
            {
                var digits = "0";
                while (digits.Length < 3 && i < template.Length && IsOctal(template[i]))
                {
                    digits += template[i++];
                }

                literal.Append((char)(Convert.ToInt32(digits, 8) & 0xff));
            }
            else if (e is >= '1' and <= '9')
            {
                var digits = e.ToString();
                if (i < template.Length && char.IsAsciiDigit(template[i]))
                {
                    digits += template[i++];
                    if (IsOctal(e) && IsOctal(digits[1]) && i < template.Length && IsOctal(template[i]))
                    {
                        digits += template[i++];
                        var value = Convert.ToInt32(digits, 8);
                        if (value > 0xff)
                        {
                            throw InvalidTemplate(template, $"octal escape value \\{digits} outside of range 0-0o377");
                        }

                        literal.Append((char)value);
                        continue;
                    }
                }

                AddGroup(int.Parse(digits, CultureInfo.InvariantCulture));
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
                    _ when char.IsAsciiLetter(e) => throw InvalidTemplate(template, $"bad escape \\{e}"),

                    // Other escaped characters stay as written, backslash included.
                    _ => "\\" + e,
                };
                literal.Append(escaped);
            }
        }

        if (literal.Length > 0)
        {
            parts.Add(new TemplatePart(literal.ToString(), 0));
        }

        return parts;

        void AddGroup(int group)
        {
            if (group > _groupCount)
            {
                throw InvalidTemplate(template, $"invalid group reference {group}");
            }

            if (literal.Length > 0)
            {
                parts.Add(new TemplatePart(literal.ToString(), 0));
                literal.Clear();
            }

            parts.Add(new TemplatePart(null, group));
        }
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';

    private static PythonArgumentException InvalidTemplate(string template, string reason)
        => new($"invalid replacement {PythonText.Repr(template)}: {reason}");

    [GeneratedRegex(@"\G\{,([0-9]*)\}", RegexOptions.None, RegexLimits.MatchMilliseconds)]
    private static partial Regex PythonOnlyRepeat();

    [GeneratedRegex(@"\G([^\W\d]\w*)\)", RegexOptions.None, RegexLimits.MatchMilliseconds)]
    private static partial Regex ConditionalName();
}

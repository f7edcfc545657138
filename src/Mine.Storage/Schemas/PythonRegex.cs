using System.Text;
using System.Text.RegularExpressions;
using Mine.Core.Text;

namespace Mine.Storage.Schemas;

/// <summary>Compiles the Python <c>re</c> patterns carbon's config files contain into .NET regexes.</summary>
/// <remarks>
/// The two dialects agree on everything these files normally use (anchors, classes, escapes, groups,
/// quantifiers, <c>(?i)</c>). Translated: Python's named groups <c>(?P&lt;n&gt;...)</c> and back-references
/// <c>(?P=n)</c>, and <c>\Z</c>, which in Python is the absolute end (.NET's <c>\z</c>). Matching is
/// <c>re.search</c>: anywhere in the name, case-sensitive, culture-invariant. Configuration patterns meet every new
/// series name a sender makes up, so they run on .NET's linear-time NonBacktracking engine: no name can make one
/// backtrack catastrophically and stall ingest. Patterns that need backtracking (back-references, lookarounds)
/// run on the backtracking engine with a match timeout instead.
/// </remarks>
internal static class PythonRegex
{
    public static Regex Compile(string pattern)
    {
        var translated = Translate(pattern);
        try
        {
            return new Regex(translated, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return new Regex(translated, RegexOptions.CultureInvariant, RegexLimits.MatchTimeout);
        }
    }

    /// <summary>The pattern in .NET's dialect.</summary>
    public static string Translate(string pattern)
    {
        var translated = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                translated.Append(pattern[i + 1] == 'Z' ? @"\z" : pattern.AsSpan(i, 2));
                i++;
            }
            else if (string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0)
            {
                translated.Append("(?<");
                i += 3;
            }
            else if (string.CompareOrdinal(pattern, i, "(?P=", 0, 4) == 0 && pattern.IndexOf(')', i) is var close and > 0)
            {
                translated.Append(@"\k<").Append(pattern.AsSpan(i + 4, close - i - 4)).Append('>');
                i = close;
            }
            else
            {
                translated.Append(c);
            }
        }

        // Validates the result (ArgumentException when it is not a regex) before callers build their own Regex.
        _ = new Regex(translated.ToString(), RegexOptions.CultureInvariant); // validation only: never matched
        return translated.ToString();
    }
}

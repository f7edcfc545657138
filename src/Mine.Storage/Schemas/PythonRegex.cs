using System.Text;
using System.Text.RegularExpressions;

namespace Mine.Storage.Schemas;

/// <summary>Compiles the Python <c>re</c> patterns carbon's config files contain into .NET regexes.</summary>
/// <remarks>
/// The two dialects agree on everything these files normally use (anchors, classes, escapes, groups,
/// quantifiers, <c>(?i)</c>). Translated: Python's named groups <c>(?P&lt;n&gt;...)</c> and back-references
/// <c>(?P=n)</c>, and <c>\Z</c>, which in Python is the absolute end (.NET's <c>\z</c>). Matching is
/// <c>re.search</c>: anywhere in the name, case-sensitive, culture-invariant.
/// </remarks>
internal static class PythonRegex
{
    public static Regex Compile(string pattern)
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

        return new Regex(translated.ToString(), RegexOptions.CultureInvariant);
    }
}

using System.Text.RegularExpressions;
using Mine.Storage.Schemas;

namespace Mine.Storage.Index;

/// <summary>
/// A user regex as graphite-web's tag database applies it (tag expressions, <c>/tags?filter=</c>): anchored with
/// <c>'^(' + pattern + ')'</c> unless it already starts with '^', in Python's dialect.
/// </summary>
internal sealed class AnchoredPattern
{
    /// <summary>How long one regex may run on one value before the request is refused.</summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex _search;
    private readonly Regex _matchAtStart;

    private AnchoredPattern(string pattern, Regex search, Regex matchAtStart)
    {
        Pattern = pattern;
        _search = search;
        _matchAtStart = matchAtStart;
    }

    /// <summary>The pattern as the user gave it.</summary>
    public string Pattern { get; }

    /// <exception cref="ArgumentException">Not a valid regular expression; the message names <paramref name="where"/>.</exception>
    public static AnchoredPattern Compile(string pattern, string where)
    {
        var anchored = pattern.StartsWith('^') ? pattern : "^(" + pattern + ")";
        try
        {
            // Python's dialect (named groups, \Z) translated to .NET's; the \G copy gives re.match's anchoring.
            var translated = PythonRegex.Compile(anchored).ToString();
            return new AnchoredPattern(
                pattern,
                new Regex(translated, RegexOptions.CultureInvariant, MatchTimeout),
                new Regex(@"\G(?:" + translated + ")", RegexOptions.CultureInvariant, MatchTimeout));
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Invalid regular expression '{pattern}' in {where}: {ex.Message}");
        }
    }

    /// <summary>Python's <c>re.search</c> of the anchored pattern (what SQLite's REGEXP runs in graphite-web).</summary>
    public bool SearchMatches(string value) => Run(_search, value);

    /// <summary>Python's <c>re.match</c> of the anchored pattern.</summary>
    public bool MatchesAtStart(string value) => Run(_matchAtStart, value);

    private bool Run(Regex regex, string value)
    {
        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new ArgumentException($"The regular expression '{Pattern}' ran longer than {MatchTimeout.TotalSeconds:0} s on the value '{value}'; simplify it.");
        }
    }
}

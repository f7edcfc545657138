using System.Diagnostics;
using System.Text.RegularExpressions;
using Mine.Compat.Python;
using Mine.Core.Errors;
using Mine.Core.Text;

namespace Mine.Storage.Index;

/// <summary>
/// A user regex as graphite-web's tag database applies it (tag expressions, <c>/tags?filter=</c>): anchored with
/// <c>'^(' + pattern + ')'</c> unless it already starts with '^', in Python's dialect. One match may run
/// <see cref="RegexLimits.MatchTimeout"/>, and all matches of one pattern together <see cref="MaxTotalMatchTime"/>,
/// so a pattern that backtracks catastrophically over a large tag index is refused promptly.
/// </summary>
internal sealed class AnchoredPattern
{
    /// <summary>How long all the matches of one pattern (one request) may run together.</summary>
    public static readonly TimeSpan MaxTotalMatchTime = TimeSpan.FromSeconds(5);

    private readonly Regex _search;
    private readonly Regex _matchAtStart;
    private long _matchTicks;

    private AnchoredPattern(string pattern, Regex search, Regex matchAtStart)
    {
        Pattern = pattern;
        _search = search;
        _matchAtStart = matchAtStart;
    }

    /// <summary>The pattern as the user gave it.</summary>
    public string Pattern { get; }

    /// <exception cref="MineUserException">Not a valid regular expression; the message names <paramref name="where"/>.</exception>
    public static AnchoredPattern Compile(string pattern, string where)
    {
        var anchored = pattern.StartsWith('^') ? pattern : "^(" + pattern + ")";
        try
        {
            // Python's dialect translated to .NET's by the translator grep() uses; the \G copy gives re.match's anchoring.
            var translated = PythonRegex.Translate(anchored);
            return new AnchoredPattern(
                pattern,
                new Regex(translated, RegexOptions.CultureInvariant, RegexLimits.MatchTimeout),
                new Regex(@"\G(?:" + translated + ")", RegexOptions.CultureInvariant, RegexLimits.MatchTimeout));
        }
        catch (ArgumentException ex) // .NET's RegexParseException: the user's pattern does not parse
        {
            throw new MineUserException($"Invalid regular expression '{pattern}' in {where}: {ex.Message}");
        }
    }

    /// <summary>Python's <c>re.search</c> of the anchored pattern (what SQLite's REGEXP runs in graphite-web).</summary>
    public bool SearchMatches(string value) => Run(_search, value);

    /// <summary>Python's <c>re.match</c> of the anchored pattern.</summary>
    public bool MatchesAtStart(string value) => Run(_matchAtStart, value);

    private bool Run(Regex regex, string value)
    {
        if (Stopwatch.GetElapsedTime(0, _matchTicks) > MaxTotalMatchTime)
        {
            throw new MineUserException($"The regular expression '{Pattern}' ran longer than {MaxTotalMatchTime.TotalSeconds:0} s over the values it was tested on; simplify it or narrow the query.");
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            var shown = value.Length > 200 ? value[..200] + "..." : value;
            throw new MineUserException($"The regular expression '{Pattern}' ran longer than {RegexLimits.MatchTimeout.TotalSeconds:0} s on the value '{shown}'; simplify it.");
        }
        finally
        {
            _matchTicks += Stopwatch.GetTimestamp() - started;
        }
    }
}

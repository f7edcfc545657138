using System.Runtime.CompilerServices;

namespace Mine.Query.Targets;

/// <summary>
/// Targets that do not parse in full. graphite-web's pyparsing grammar runs without parseAll: it evaluates the
/// longest prefix it can parse and ignores the rest, and fails (HTTP 500) only when not even a prefix parses.
/// A call that does not parse is given up as a whole, leaving its function name, which the grammar also reads as
/// a metric path: <c>sumSeries(</c>, <c>sumSeries(a.b</c> and <c>sumSeries(a.b c)</c> all fetch the path
/// <c>sumSeries</c>, which matches nothing, so graphite-web answers <c>[]</c>. A pipe that does not parse is
/// given up too (<c>a.b|alias(</c> answers <c>a.b</c>), and so is a trailing '.' or an unclosed <c>{..}</c> list.
/// </summary>
/// <remarks>
/// <see cref="ParseRenderTarget"/> answers as graphite-web when the target is unfinished (the text ends inside it:
/// what Grafana sends while someone types in its raw query editor) or breaks inside a function call or pipe. A
/// complete expression followed by stray text (<c>a.b)</c>, <c>a.b c</c>) stays an error naming the position:
/// graphite-web would drop the text without a word, hiding the typo. See docs/compatibility.md.
/// </remarks>
public sealed partial class TargetParser
{
    /// <summary>Whether the last error was raised because the text ended (an unfinished target).</summary>
    private bool _failedAtEnd;

    /// <summary>
    /// Parses a render target: a complete one as <see cref="Parse"/> does; an unfinished one, or one whose function
    /// call or pipe does not parse, as graphite-web evaluates it (the longest prefix its grammar accepts).
    /// </summary>
    /// <exception cref="QueryArgumentException">Not even a prefix parses, or a complete expression is followed by
    /// stray text; the message says where and why.</exception>
    public static TargetNode ParseRenderTarget(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        CheckLength(target);
        var parser = new TargetParser(target);
        try
        {
            return parser.ParseComplete();
        }
        catch (QueryArgumentException) when (!parser._overLimit)
        {
            if (GraphiteWebPrefix(target, parser._failedAtEnd) is { } prefix)
            {
                return prefix;
            }

            throw;
        }
    }

    /// <summary>
    /// The longest expression at the start of <paramref name="text"/>, as graphite-web's
    /// <c>grammar.parseString</c> returns it; null when not even a prefix parses. Used on series names.
    /// </summary>
    public static TargetNode? TryParsePrefix(string text) => TryParsePrefix(text, out _);

    internal static TargetNode? TryParsePrefix(string text, out int end)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > TargetLimits.MaxLength)
        {
            end = 0;
            return null;
        }

        var parser = new TargetParser(text, longestPrefix: true);
        try
        {
            var node = parser.ParseExpression();
            parser.CheckDepth(node); // pipes deepen the tree without deepening the parse
            end = parser._position;
            return node;
        }
        catch (Exception e) when (e is QueryArgumentException or InsufficientExecutionStackException)
        {
            end = 0;
            return null;
        }
    }

    /// <summary>The failure of one alternative while looking for the longest prefix; never shown to anyone.</summary>
    private static QueryArgumentException PrefixEnds() => new("the longest prefix ends here");

    /// <summary>What graphite-web evaluates for a target that does not parse in full, when Mine answers the same.</summary>
    private static TargetNode? GraphiteWebPrefix(string target, bool unfinished)
    {
        if (TryParsePrefix(target, out var end) is not { } prefix)
        {
            return null;
        }

        var rest = target.AsSpan(end).TrimStart(" \t\r\n");
        var brokenPipe = rest.StartsWith('|');
        var brokenCall = rest.StartsWith('(') && IsFunctionName(target.AsSpan(0, end).Trim(" \t\r\n"));
        return unfinished || brokenPipe || brokenCall ? prefix : null;
    }

    private static bool IsFunctionName(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || !IsIdentifierStart(text[0]))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!IsIdentifierPart(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Runs one of pyparsing's alternatives: when the longest prefix is wanted, a failure restores the position and
    /// gives null (the caller falls back, as pyparsing's MatchFirst, Optional and ZeroOrMore do); otherwise the
    /// error propagates.
    /// </summary>
    private T? Attempt<T>(Func<T> parse)
        where T : class
    {
        if (!_longestPrefix)
        {
            return parse();
        }

        // Each level of nesting tries its call here: give up (no prefix, the strict error stands) before the
        // stack runs out on absurdly deep targets.
        RuntimeHelpers.EnsureSufficientExecutionStack();
        var save = _position;
        try
        {
            return parse();
        }
        catch (QueryArgumentException) when (!_overLimit)
        {
            // Too deep is not a broken call graphite-web would read around: it fails there too (RecursionError),
            // so the depth error stands instead of a shorter prefix.
            _position = save;
            return null;
        }
    }
}

namespace Mine.Storage.Index;

/// <summary>
/// One shell-style pattern for a single path component, with exactly the semantics of CPython 3.11's
/// <c>fnmatch.fnmatchcase</c> (which graphite-web's <c>match_entries</c> uses on POSIX, where <c>normcase</c>
/// is the identity): <c>*</c> any run, <c>?</c> any one character, <c>[abc]</c>, <c>[a-z]</c>, <c>[!a]</c>,
/// an unclosed <c>[</c> is a literal, and no escaping. Matching is case-sensitive and ordinal.
/// </summary>
/// <remarks>
/// Compiled to single-character tokens plus stars and matched with the classic star-backtracking loop,
/// which accepts the same strings as Python's translated regex but allocates nothing per match.
/// Difference: Python works on code points, this on UTF-16 units, so <c>?</c> matches half of a
/// surrogate pair. Metric names outside the BMP are not a practical concern.
/// </remarks>
internal sealed class FnMatchPattern
{
    private readonly Token[] _tokens;
    private readonly CharClass[] _classes;

    private FnMatchPattern(string source, Token[] tokens, CharClass[] classes)
    {
        Source = source;
        _tokens = tokens;
        _classes = classes;
        var prefixLength = 0;
        while (prefixLength < tokens.Length && tokens[prefixLength].Kind == TokenKind.Literal)
        {
            prefixLength++;
        }

        LiteralPrefix = string.Create(prefixLength, tokens, static (span, t) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = t[i].Char;
            }
        });
    }

    /// <summary>True for <c>*</c> (or <c>**</c>...): matches any name.</summary>
    public bool MatchesEverything => _tokens is [{ Kind: TokenKind.Star }];

    /// <summary>The pattern text as given.</summary>
    public string Source { get; }

    /// <summary>Characters every match must start with (lets the walker skip siblings by binary search).</summary>
    public string LiteralPrefix { get; }

    /// <summary>True when the text has a character graphite-web treats as a wildcard (<c>*</c>, <c>?</c>, <c>[</c>).</summary>
    /// <remarks>The same test as standard.py's <c>has_wildcard</c>; components without one are looked up literally.</remarks>
    public static bool HasWildcard(ReadOnlySpan<char> component) => component.IndexOfAny("*?[") >= 0;

    public static FnMatchPattern Compile(string pattern)
    {
        var tokens = new List<Token>(pattern.Length);
        var classes = new List<CharClass>();
        var i = 0;
        var n = pattern.Length;
        while (i < n)
        {
            var c = pattern[i++];
            switch (c)
            {
                case '*':
                    // Consecutive stars are one star, as in fnmatch.translate.
                    if (tokens.Count == 0 || tokens[^1].Kind != TokenKind.Star)
                    {
                        tokens.Add(new Token(TokenKind.Star, '\0', -1));
                    }

                    break;
                case '?':
                    tokens.Add(new Token(TokenKind.AnyChar, '\0', -1));
                    break;
                case '[':
                    var closing = FindClassEnd(pattern, i);
                    if (closing < 0)
                    {
                        tokens.Add(new Token(TokenKind.Literal, '[', -1)); // unclosed: a literal '['
                    }
                    else
                    {
                        classes.Add(CharClass.Parse(pattern, i, closing));
                        tokens.Add(new Token(TokenKind.Class, '\0', classes.Count - 1));
                        i = closing + 1;
                    }

                    break;
                default:
                    tokens.Add(new Token(TokenKind.Literal, c, -1));
                    break;
            }
        }

        return new FnMatchPattern(pattern, [.. tokens], [.. classes]);
    }

    public bool IsMatch(ReadOnlySpan<char> text)
    {
        var tokens = _tokens;
        int t = 0, s = 0, starToken = -1, starText = 0;
        while (s < text.Length)
        {
            if (t < tokens.Length)
            {
                var token = tokens[t];
                if (token.Kind == TokenKind.Star)
                {
                    starToken = t++;
                    starText = s;
                    continue;
                }

                if (Accepts(token, text[s]))
                {
                    t++;
                    s++;
                    continue;
                }
            }

            if (starToken < 0)
            {
                return false;
            }

            // Let the last star swallow one more character and retry the tokens after it.
            t = starToken + 1;
            s = ++starText;
        }

        while (t < tokens.Length && tokens[t].Kind == TokenKind.Star)
        {
            t++;
        }

        return t == tokens.Length;
    }

    private bool Accepts(Token token, char c) => token.Kind switch
    {
        TokenKind.Literal => token.Char == c,
        TokenKind.AnyChar => true,
        _ => _classes[token.ClassIndex].Contains(c),
    };

    /// <summary>Index of the ']' closing a class opened just before <paramref name="start"/>, or -1 (fnmatch rules).</summary>
    private static int FindClassEnd(string pattern, int start)
    {
        var j = start;
        if (j < pattern.Length && pattern[j] == '!')
        {
            j++;
        }

        if (j < pattern.Length && pattern[j] == ']')
        {
            j++; // a ']' first in the class is a member, not the end
        }

        while (j < pattern.Length && pattern[j] != ']')
        {
            j++;
        }

        return j < pattern.Length ? j : -1;
    }

    private enum TokenKind : byte
    {
        Literal,
        AnyChar,
        Star,
        Class,
    }

    private readonly record struct Token(TokenKind Kind, char Char, int ClassIndex);
}

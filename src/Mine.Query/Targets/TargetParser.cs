using System.Globalization;

namespace Mine.Query.Targets;

/// <summary>
/// Parses a <c>target</c> the way graphite-web's pyparsing grammar does (render/grammar_unsafe.py): calls with
/// positional then keyword arguments, pipes, <c>template()</c>, Python-style literals (int, float, scientific,
/// quoted strings kept verbatim, true/false/none/inf in any case) and metric paths with <c>{a,b}</c> lists and
/// backslash escapes. Whitespace between tokens is skipped, never inside a path.
/// <see cref="Parse"/> takes only complete targets; <see cref="ParseRenderTarget"/> also answers, as graphite-web
/// does, unfinished targets and calls that break (TargetParser.GraphiteWebPrefix.cs).
/// </summary>
public sealed partial class TargetParser
{
    /// <summary>The characters graphite-web treats as syntax; a path may contain them only escaped by a backslash.</summary>
    private const string Symbols = "(){},.'\"\\|";

    private readonly string _text;

    /// <summary>
    /// Parse as pyparsing does without parseAll: a call or pipe that fails is given up and the longest expression
    /// before it kept, instead of an error.
    /// </summary>
    private readonly bool _longestPrefix;
    private int _position;

    private TargetParser(string text, bool longestPrefix = false)
    {
        _text = text;
        _longestPrefix = longestPrefix;
    }

    /// <summary>Parses one target.</summary>
    /// <exception cref="QueryArgumentException">The target is not valid syntax or passes a <see cref="TargetLimits"/> bound; the message says where and why.</exception>
    public static TargetNode Parse(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        CheckLength(target);
        return new TargetParser(target).ParseComplete();
    }

    private bool AtEnd => _position >= _text.Length;

    private TargetNode ParseComplete()
    {
        var node = ParseExpression();
        SkipWhitespace();
        if (!AtEnd)
        {
            throw Error("unexpected text after the end of the expression");
        }

        CheckDepth(node);
        return node;
    }

    private char Current => _text[_position];

    private TargetNode ParseExpression()
    {
        SkipWhitespace();
        TargetNode head = (TargetNode?)TryParseTemplate() ?? (!IsCallStart() ? ParsePath() : _longestPrefix ? Attempt(ParseCall) ?? (TargetNode)ParsePath() : ParseCall());
        while (true)
        {
            var save = _position;
            SkipWhitespace();
            if (AtEnd || Current != '|')
            {
                _position = save;
                return head;
            }

            _position++;
            SkipWhitespace();
            if (!IsCallStart() && !_longestPrefix)
            {
                throw Error("a pipe '|' must be followed by a function call");
            }

            if ((!IsCallStart() ? null : _longestPrefix ? Attempt(ParseCall) : ParseCall()) is not { } call)
            {
                _position = save;
                return head;
            }

            var arguments = new List<TargetNode>(call.Arguments.Count + 1) { head };
            arguments.AddRange(call.Arguments);
            head = call with { Arguments = arguments, Piped = true };
        }
    }

    private CallNode ParseCall()
    {
        var start = _position;
        var name = ReadIdentifier() ?? throw Error("expected a function name");
        SkipWhitespace();
        Expect('(');
        var arguments = new List<TargetNode>();
        var keywordArguments = new List<KeywordArgument>();
        SkipWhitespace();
        if (!AtEnd && Current == ')')
        {
            _position++;
            return new CallNode(name, arguments, keywordArguments, _text[start.._position]);
        }

        while (true)
        {
            SkipWhitespace();
            if (TryReadKeywordName() is { } keyword)
            {
                keywordArguments.Add(new KeywordArgument(keyword, ParseArgument()));
            }
            else if (keywordArguments.Count > 0)
            {
                throw Error($"positional argument after keyword argument '{keywordArguments[^1].Name}' in {name}()");
            }
            else
            {
                arguments.Add(ParseArgument());
            }

            if (arguments.Count + keywordArguments.Count > TargetLimits.MaxArguments)
            {
                throw OverLimit($"{name}() has more than {TargetLimits.MaxArguments:N0} arguments (TargetLimits.MaxArguments)");
            }

            SkipWhitespace();
            if (AtEnd)
            {
                throw Error($"missing ')' to close {name}(");
            }

            if (Current == ',')
            {
                _position++;
                continue;
            }

            if (Current == ')')
            {
                _position++;
                return new CallNode(name, arguments, keywordArguments, _text[start.._position]);
            }

            throw Error($"expected ',' or ')' in the arguments of {name}()");
        }
    }

    /// <summary>An argument: boolean | number | none | string | inf | expression, in graphite-web's order.</summary>
    private TargetNode ParseArgument()
    {
        SkipWhitespace();
        if (TryReadKeyword("true"))
        {
            return new BooleanNode(true);
        }

        if (TryReadKeyword("false"))
        {
            return new BooleanNode(false);
        }

        if (TryReadNumber() is { } number)
        {
            return number;
        }

        if (TryReadKeyword("none"))
        {
            return new NoneNode();
        }

        if (!AtEnd && Current is '"' or '\'')
        {
            return ReadString();
        }

        if (TryReadKeyword("inf"))
        {
            return new NumberNode(double.PositiveInfinity, IsInteger: false);
        }

        EnterArgument();
        try
        {
            return ParseExpression();
        }
        finally
        {
            _nesting--;
        }
    }

    /// <summary>
    /// <c>template(call | path [, literal args | literal keyword args])</c>. Anything else named template falls
    /// back to an ordinary call, which the evaluator rejects with graphite-web's message.
    /// </summary>
    private TemplateNode? TryParseTemplate()
    {
        const string Keyword = "template";
        if (string.CompareOrdinal(_text, _position, Keyword, 0, Keyword.Length) != 0 || _failedTemplates?.Contains(_position) == true)
        {
            return null;
        }

        var save = _position;
        try
        {
            _position += Keyword.Length;
            SkipWhitespace();
            Expect('(');
            SkipWhitespace();
            TargetNode inner = IsCallStart() ? ParseCall() : ParsePath();
            var arguments = new List<TargetNode>();
            var keywordArguments = new List<KeywordArgument>();
            SkipWhitespace();
            if (!AtEnd && Current == ',')
            {
                _position++;
                ReadTemplateArguments(arguments, keywordArguments);
            }

            SkipWhitespace();
            Expect(')');
            return new TemplateNode(inner, arguments, keywordArguments);
        }
        catch (QueryArgumentException) when (!_overLimit)
        {
            (_failedTemplates ??= []).Add(save);
            _position = save;
            return null;
        }
    }

    /// <summary>Either all positional or all keyword arguments, each a number or a string.</summary>
    private void ReadTemplateArguments(List<TargetNode> arguments, List<KeywordArgument> keywordArguments)
    {
        SkipWhitespace();
        var first = TryReadKeywordName();
        var keywords = first is not null;
        if (first is not null)
        {
            keywordArguments.Add(new KeywordArgument(first, ReadLiteral()));
        }
        else
        {
            arguments.Add(ReadLiteral());
        }

        while (true)
        {
            var save = _position;
            SkipWhitespace();
            if (AtEnd || Current != ',')
            {
                _position = save;
                return;
            }

            _position++;
            SkipWhitespace();
            if (keywords)
            {
                var name = TryReadKeywordName() ?? throw Error("template() takes either positional or keyword arguments, not both");
                keywordArguments.Add(new KeywordArgument(name, ReadLiteral()));
            }
            else
            {
                arguments.Add(ReadLiteral());
            }
        }
    }

    private TargetNode ReadLiteral()
    {
        SkipWhitespace();
        if (TryReadNumber() is { } number)
        {
            return number;
        }

        if (!AtEnd && Current is '"' or '\'')
        {
            return ReadString();
        }

        throw Error("template() arguments must be numbers or strings");
    }

    private bool IsCallStart()
    {
        var i = _position;
        if (i >= _text.Length || !IsIdentifierStart(_text[i]))
        {
            return false;
        }

        while (i < _text.Length && IsIdentifierPart(_text[i]))
        {
            i++;
        }

        while (i < _text.Length && IsWhitespace(_text[i]))
        {
            i++;
        }

        return i < _text.Length && _text[i] == '(';
    }

    private string? ReadIdentifier()
    {
        if (AtEnd || !IsIdentifierStart(Current))
        {
            return null;
        }

        var start = _position;
        while (!AtEnd && IsIdentifierPart(Current))
        {
            _position++;
        }

        return _text[start.._position];
    }

    /// <summary>Reads <c>name =</c> when it is there (leaving the position after '='), else leaves the position alone.</summary>
    private string? TryReadKeywordName()
    {
        var save = _position;
        var name = ReadIdentifier();
        if (name is not null)
        {
            SkipWhitespace();
            if (!AtEnd && Current == '=')
            {
                _position++;
                return name;
            }
        }

        _position = save;
        return null;
    }

    /// <summary>pyparsing CaselessKeyword: the word in any case, not followed by a letter, digit, '_' or '$'.</summary>
    private bool TryReadKeyword(string keyword)
    {
        if (_position + keyword.Length > _text.Length
            || string.Compare(_text, _position, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return false;
        }

        var end = _position + keyword.Length;
        if (end < _text.Length && (char.IsAsciiLetterOrDigit(_text[end]) || _text[end] is '_' or '$'))
        {
            return false;
        }

        _position = end;
        return true;
    }

    private void Expect(char c)
    {
        if (AtEnd || Current != c)
        {
            throw Error($"expected '{c}'");
        }

        _position++;
    }

    private void SkipWhitespace()
    {
        while (!AtEnd && IsWhitespace(Current))
        {
            _position++;
        }
    }

    private QueryArgumentException Error(string reason, bool ranOutOfText = false)
    {
        _failedAtEnd = ranOutOfText || AtEnd;
        if (_longestPrefix)
        {
            return PrefixEnds(); // caught by Attempt: no message to format (it would copy the target every time)
        }

        var found = AtEnd ? "the end of the target" : $"'{Current}'";
        var shown = _text.Length > 1000 ? _text[..1000] + "..." : _text;
        return new QueryArgumentException($"Invalid target \"{shown}\": {reason} (at position {_position}, found {found})") { Input = _text };
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r';

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    internal static double ParseFloat(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}

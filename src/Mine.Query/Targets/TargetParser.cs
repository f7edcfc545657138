using System.Globalization;

namespace Mine.Query.Targets;

/// <summary>
/// Parses a <c>target</c> the way graphite-web's pyparsing grammar does (render/grammar_unsafe.py): calls with
/// positional then keyword arguments, pipes, <c>template()</c>, Python-style literals (int, float, scientific,
/// quoted strings kept verbatim, true/false/none/inf in any case) and metric paths with <c>{a,b}</c> lists and
/// backslash escapes. Whitespace between tokens is skipped, never inside a path.
/// Unlike graphite-web, text left over after a complete expression is an error instead of being ignored
/// (<c>a.b)</c> would silently drop the <c>)</c> there); see docs/compatibility.md.
/// </summary>
public sealed partial class TargetParser
{
    /// <summary>The characters graphite-web treats as syntax; a path may contain them only escaped by a backslash.</summary>
    private const string Symbols = "(){},.'\"\\|";

    private readonly string _text;
    private int _position;

    /// <summary>Calls being parsed right now, one inside the other: bounds the parser's own recursion.</summary>
    private int _openCalls;

    /// <summary>Positions where a <c>template(</c> did not parse as a template (see <see cref="TryParseTemplate"/>).</summary>
    private HashSet<int>? _failedTemplates;

    private TargetParser(string text) => _text = text;

    /// <summary>Parses one target.</summary>
    /// <exception cref="QueryArgumentException">The target is not valid syntax or passes a <see cref="TargetLimits"/> bound; the message says where and why.</exception>
    public static TargetNode Parse(string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Length > TargetLimits.MaxLength)
        {
            throw new QueryArgumentException($"The target is {target.Length:N0} characters long; at most {TargetLimits.MaxLength:N0} are accepted (TargetLimits.MaxLength). Split it into several targets.") { Input = target[..100] };
        }

        var parser = new TargetParser(target);
        var node = parser.ParseExpression();
        parser.SkipWhitespace();
        if (!parser.AtEnd)
        {
            throw parser.Error("unexpected text after the end of the expression");
        }

        return node;
    }

    /// <summary>
    /// Parses the longest valid expression at the start of <paramref name="text"/>, ignoring what follows (as
    /// graphite-web's parseString does); null when not even a prefix parses. Used on series names.
    /// </summary>
    public static TargetNode? TryParsePrefix(string text)
    {
        if (text.Length > TargetLimits.MaxLength)
        {
            return null;
        }

        try
        {
            return new TargetParser(text).ParseExpression();
        }
        catch (QueryArgumentException)
        {
            return null;
        }
    }

    private bool AtEnd => _position >= _text.Length;

    private char Current => _text[_position];

    private TargetNode ParseExpression()
    {
        SkipWhitespace();
        TargetNode head = (TargetNode?)TryParseTemplate() ?? (IsCallStart() ? ParseCall() : ParsePath());
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
            if (!IsCallStart())
            {
                throw Error("a pipe '|' must be followed by a function call");
            }

            var call = ParseCall();
            var arguments = new List<TargetNode>(call.Arguments.Count + 1) { head };
            arguments.AddRange(call.Arguments);
            head = call with { Arguments = arguments };
            if (_openCalls + NestingOf(head) > TargetLimits.MaxNesting)
            {
                throw TooDeep();
            }
        }
    }

    private CallNode ParseCall()
    {
        if (++_openCalls > TargetLimits.MaxNesting)
        {
            throw TooDeep();
        }

        var call = ParseCallBody();
        _openCalls--;
        return call;
    }

    private CallNode ParseCallBody()
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
                throw Error($"{name}() has more than {TargetLimits.MaxArguments:N0} arguments (TargetLimits.MaxArguments)");
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

        return ParseExpression();
    }

    /// <summary>
    /// <c>template(call | path [, literal args | literal keyword args])</c>. Anything else named template falls
    /// back to an ordinary call, which the evaluator rejects with graphite-web's message.
    /// </summary>
    private TemplateNode? TryParseTemplate()
    {
        const string Keyword = "template";
        if (string.CompareOrdinal(_text, _position, Keyword, 0, Keyword.Length) != 0)
        {
            return null;
        }

        // A failed attempt falls back to an ordinary call over the same text; remembering where attempts failed
        // keeps nested templates from being parsed again and again (exponentially) on that fallback.
        if (_failedTemplates?.Contains(_position) == true)
        {
            return null;
        }

        var save = _position;
        var openCalls = _openCalls;
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
        catch (QueryArgumentException)
        {
            _position = save;
            _openCalls = openCalls;
            (_failedTemplates ??= []).Add(save);
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

    /// <summary>How many calls deep a parsed node goes (0 for a literal or path); stops counting past the limit.</summary>
    private static int NestingOf(TargetNode node)
    {
        var deepest = 0;
        var pending = new Stack<(TargetNode Node, int Depth)>();
        pending.Push((node, 0));
        while (pending.TryPop(out var item))
        {
            var (current, depth) = item;
            switch (current)
            {
                case CallNode call:
                    depth++;
                    if (depth > TargetLimits.MaxNesting)
                    {
                        return depth;
                    }

                    foreach (var argument in call.Arguments)
                    {
                        pending.Push((argument, depth));
                    }

                    foreach (var keyword in call.KeywordArguments)
                    {
                        pending.Push((keyword.Value, depth));
                    }

                    break;
                case TemplateNode template:
                    pending.Push((template.Inner, depth));
                    break;
            }

            deepest = Math.Max(deepest, depth);
        }

        return deepest;
    }

    private QueryArgumentException TooDeep()
        => new($"The target nests calls (or pipes) more than {TargetLimits.MaxNesting} levels deep (TargetLimits.MaxNesting); simplify it.") { Input = _text.Length > 100 ? _text[..100] : _text };

    private QueryArgumentException Error(string reason)
    {
        var found = AtEnd ? "the end of the target" : $"'{Current}'";
        var shown = _text.Length > 1000 ? _text[..1000] + "..." : _text;
        return new QueryArgumentException($"Invalid target \"{shown}\": {reason} (at position {_position}, found {found})") { Input = _text };
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r';

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    internal static double ParseFloat(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}

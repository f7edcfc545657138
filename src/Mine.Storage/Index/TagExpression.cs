using System.Text.RegularExpressions;
using Mine.Core.Errors;
using Mine.Core.Text;

namespace Mine.Storage.Index;

/// <summary>The four seriesByTag operators.</summary>
public enum TagOperator
{
    /// <summary><c>tag=spec</c>: the value is exactly spec.</summary>
    Equal,

    /// <summary><c>tag!=spec</c>: the value is not spec.</summary>
    NotEqual,

    /// <summary><c>tag=~regex</c>: the value matches the regex, anchored at its start.</summary>
    Match,

    /// <summary><c>tag!=~regex</c>: the value does not match the regex.</summary>
    NotMatch,
}

/// <summary>
/// One seriesByTag expression (<c>dc=la</c>, <c>host!=a</c>, <c>name=~disk\..*</c>, <c>rack!=~r[12]</c>) with the
/// semantics of graphite-web 1.1.8's LocalDatabaseTagDB (the default tag database).
/// </summary>
/// <remarks>
/// graphite-web treats a missing tag as the empty value. An expression that accepts the empty value
/// (<see cref="MatchesEmpty"/>: <c>tag=</c>, <c>tag!=x</c>, a regex matching "" ...) only filters the series found
/// by the others; one that does not is answered by SQL, which requires the series to carry the tag. The two
/// paths test regexes differently and both quirks are kept: SQL's <c>REGEXP</c> is Python's <c>re.search</c>, the
/// filter uses <c>re.match</c>. A regex not starting with '^' is wrapped as <c>^(regex)</c>, so both agree except
/// for a pattern such as <c>^a|b</c>, which SQL finds anywhere in a required value.
/// </remarks>
public sealed partial class TagExpression
{
    private readonly AnchoredPattern? _pattern;

    private TagExpression(string text, string tag, TagOperator op, string spec)
    {
        Text = text;
        Tag = tag;
        Operator = op;
        Spec = spec;
        switch (op)
        {
            case TagOperator.Equal:
                MatchesEmpty = spec.Length == 0;
                break;
            case TagOperator.NotEqual:
                MatchesEmpty = spec.Length != 0;
                break;
            default:
                _pattern = AnchoredPattern.Compile(spec, $"tag expression '{text}'");
                var matchesEmptyValue = _pattern.MatchesAtStart(string.Empty);
                MatchesEmpty = op == TagOperator.Match ? matchesEmptyValue : !matchesEmptyValue;
                break;
        }
    }

    /// <summary>The expression as given.</summary>
    public string Text { get; }

    public string Tag { get; }

    public TagOperator Operator { get; }

    /// <summary>The value or regex after the operator, as given (may be empty).</summary>
    public string Spec { get; }

    /// <summary>
    /// True when a series without the tag (value "") satisfies the expression. At least one expression of a query
    /// must be false here.
    /// </summary>
    public bool MatchesEmpty { get; }

    /// <summary>
    /// graphite-web's <c>parse_tagspec</c>: <c>^([^;!=]+)(!?=~?)([^;]*)$</c>, then the regex (if any) compiled.
    /// </summary>
    /// <exception cref="MineUserException">Not a tag expression, or an invalid regular expression.</exception>
    public static TagExpression Parse(string expression)
    {
        var match = MatchSyntax(expression);
        var op = match.Groups[2].Value switch
        {
            "=" => TagOperator.Equal,
            "!=" => TagOperator.NotEqual,
            "=~" => TagOperator.Match,
            _ => TagOperator.NotMatch,
        };
        return new TagExpression(expression, match.Groups[1].Value, op, match.Groups[3].Value);
    }

    /// <summary>The tag an expression names, checking only its syntax (the regex is not compiled).</summary>
    /// <exception cref="MineUserException">Not a tag expression.</exception>
    public static string TagOf(string expression) => MatchSyntax(expression).Groups[1].Value;

    /// <summary>
    /// The test SQL applies to a value the series carries, for an expression that does not match empty
    /// (<c>v.value = spec</c>, <c>&lt;&gt;</c>, <c>REGEXP</c>, <c>NOT REGEXP</c>; REGEXP being <c>re.search</c>).
    /// </summary>
    public bool RequiredValueMatches(string value) => Operator switch
    {
        TagOperator.Equal => value == Spec,
        TagOperator.NotEqual => value != Spec,
        TagOperator.Match => _pattern!.SearchMatches(value),
        _ => !_pattern!.SearchMatches(value),
    };

    /// <summary>
    /// graphite-web's <c>matches_filters</c> test for an expression that matches empty; <paramref name="value"/> is
    /// "" when the series lacks the tag. Regexes use <c>re.match</c>.
    /// </summary>
    public bool FilterMatches(string value) => Operator switch
    {
        TagOperator.Equal => value == Spec,
        TagOperator.NotEqual => value != Spec,
        TagOperator.Match => _pattern!.MatchesAtStart(value),
        _ => !_pattern!.MatchesAtStart(value),
    };

    public override string ToString() => Text;

    private static Match MatchSyntax(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var match = TagSpec().Match(expression);
        if (!match.Success)
        {
            // graphite-web's message, followed by what a valid one looks like.
            throw new MineUserException($"Invalid tagspec {expression} (expected tag=value, tag!=value, tag=~regex or tag!=~regex; tags cannot contain ';', '!' or '=', values cannot contain ';')");
        }

        return match;
    }

    [GeneratedRegex("^([^;!=]+)(!?=~?)([^;]*)$", RegexOptions.CultureInvariant, RegexLimits.MatchMilliseconds)]
    private static partial Regex TagSpec();
}

namespace Mine.Storage.Index;

/// <summary>
/// A Graphite glob compiled for a tree walk: one or more "variants", each an array of per-component matchers.
/// </summary>
/// <remarks>
/// Steps, each mirroring graphite-web 1.1.8:
/// <list type="number">
/// <item>Backslashes are removed (standard.py: <c>clean_pattern = query.pattern.replace('\\', '')</c>).</item>
/// <item>A pattern containing ';' names a tagged series and is an exact lookup (standard.py's <c>tagged</c> branch).</item>
/// <item>Braces are expanded as <c>expand_braces</c> does on the whole pattern, so groups spanning dots
/// (<c>{a.b,c}</c>) work. (StandardFinder splits at dots first and would take such braces literally; the
/// whole-pattern meaning is the documented one and is what CeresFinder's <c>extract_variants</c> aims at.)
/// Only dot-spanning groups become separate variants; groups inside one component are kept per component so
/// <c>{a,b}.{c,d}.{e,f}</c> is one walk, not eight.</item>
/// <item>Each component alternative with <c>*</c>, <c>?</c> or <c>[</c> is an fnmatch pattern; one without is a
/// literal looked up by hash (standard.py's <c>has_wildcard</c> test).</item>
/// </list>
/// Not reproduced: StandardFinder's <c>**</c> globstar (here it is fnmatch's <c>*</c>, one component), and its
/// quirks for empty components (<c>a..b</c>, trailing dots), which match nothing here.
/// </remarks>
internal sealed class GlobQuery
{
    /// <summary>Upper bound on brace alternatives per component and on dot-spanning variants.</summary>
    public const int MaxAlternatives = 10_000;

    private GlobQuery(string? taggedName, List<ComponentMatcher[]> variants)
    {
        TaggedName = taggedName;
        Variants = variants;
    }

    /// <summary>Set when the glob names a tagged series: look it up exactly, never walk the tree.</summary>
    public string? TaggedName { get; }

    public IReadOnlyList<ComponentMatcher[]> Variants { get; }

    public static GlobQuery Compile(string glob)
    {
        ArgumentNullException.ThrowIfNull(glob);
        if (glob.Contains(';') && !glob.StartsWith("_tagged.", StringComparison.Ordinal))
        {
            return new GlobQuery(glob, []);
        }

        var clean = glob.Replace("\\", string.Empty, StringComparison.Ordinal);
        var expression = BraceExpression.Parse(clean);
        var variants = new List<ComponentMatcher[]>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variant in BraceExpression.ExpandDotGroups(expression.Parts, MaxAlternatives))
        {
            var components = BraceExpression.SplitComponents(variant);
            var matchers = new ComponentMatcher[components.Count];
            for (var i = 0; i < matchers.Length; i++)
            {
                matchers[i] = ComponentMatcher.Create(BraceExpression.ExpandAll(components[i], MaxAlternatives));
            }

            if (seen.Add(string.Join('.', matchers.Select(static m => m.Key))))
            {
                variants.Add(matchers);
            }
        }

        return new GlobQuery(null, variants);
    }
}

/// <summary>Matches one path component against a set of alternatives (literals and fnmatch patterns).</summary>
internal sealed class ComponentMatcher
{
    private readonly string[] _literals;
    private readonly FnMatchPattern[] _patterns;

    private ComponentMatcher(string[] literals, FnMatchPattern[] patterns)
    {
        _literals = literals;
        _patterns = patterns;
        Key = string.Join(',', literals.Concat(patterns.Select(static p => p.Source)).Order(StringComparer.Ordinal));
        CandidatePrefix = CommonPrefix(literals.Concat(patterns.Select(static p => p.LiteralPrefix)));
        MatchesEverything = patterns.Any(static p => p.MatchesEverything);
    }

    /// <summary>Literal alternatives (hash lookups). Empty strings are dropped: no component is empty.</summary>
    public IReadOnlyList<string> Literals => _literals;

    /// <summary>True when every alternative is literal, so no sibling needs testing.</summary>
    public bool IsLiteralOnly => _patterns.Length == 0;

    /// <summary>True when one alternative is a bare <c>*</c>: every child matches, no test needed.</summary>
    public bool MatchesEverything { get; }

    /// <summary>A prefix every matching name has; lets the walker binary-search a sorted sibling list.</summary>
    public string CandidatePrefix { get; }

    /// <summary>Canonical text, used to drop duplicate variants.</summary>
    public string Key { get; }

    public static ComponentMatcher Create(IEnumerable<string> alternatives)
    {
        var literals = new List<string>();
        var patterns = new List<FnMatchPattern>();
        foreach (var alternative in alternatives.Distinct(StringComparer.Ordinal))
        {
            if (FnMatchPattern.HasWildcard(alternative))
            {
                patterns.Add(FnMatchPattern.Compile(alternative));
            }
            else if (alternative.Length > 0)
            {
                literals.Add(alternative);
            }
        }

        return new ComponentMatcher([.. literals], [.. patterns]);
    }

    public bool IsMatch(string name)
    {
        if (MatchesEverything)
        {
            return true;
        }

        foreach (var pattern in _patterns)
        {
            if (pattern.IsMatch(name))
            {
                return true;
            }
        }

        foreach (var literal in _literals)
        {
            if (string.Equals(literal, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string CommonPrefix(IEnumerable<string> values)
    {
        string? prefix = null;
        foreach (var value in values)
        {
            if (prefix is null)
            {
                prefix = value;
                continue;
            }

            var length = prefix.AsSpan().CommonPrefixLength(value);
            prefix = prefix[..length];
        }

        return prefix ?? string.Empty;
    }
}

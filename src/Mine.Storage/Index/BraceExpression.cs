using System.Text;

namespace Mine.Storage.Index;

/// <summary>
/// A glob parsed for brace alternatives, with the meaning of graphite-web's <c>expand_braces</c>.
/// </summary>
/// <remarks>
/// <c>expand_braces</c> repeatedly substitutes the leftmost innermost <c>{...}</c> (regex <c>\{([^{}]*)\}</c>),
/// splitting its body at commas. Because substituted alternatives never contain braces, the pairs it consumes
/// are exactly the pairs a bracket stack matches; braces left unmatched stay literal characters, and commas
/// outside every group are literal too. So the pattern is parsed once into text and groups (each group a list
/// of alternative sequences) and expanded structurally instead of by repeated string rewriting.
/// </remarks>
internal sealed class BraceExpression
{
    private BraceExpression(List<Part> parts) => Parts = parts;

    /// <summary>The top-level sequence.</summary>
    public List<Part> Parts { get; }

    public static BraceExpression Parse(string pattern)
    {
        var closeOf = MatchBraces(pattern);
        return new BraceExpression(ParseSequence(pattern, 0, pattern.Length, closeOf));
    }

    /// <summary>Expands every group into the full set of strings (duplicates removed), failing above <paramref name="max"/>.</summary>
    public static List<string> ExpandAll(List<Part> sequence, int max)
    {
        var results = new List<string> { string.Empty };
        foreach (var part in sequence)
        {
            if (part.Text is { } text)
            {
                for (var i = 0; i < results.Count; i++)
                {
                    results[i] += text;
                }

                continue;
            }

            var alternatives = new List<string>();
            foreach (var alternative in part.Alternatives!)
            {
                alternatives.AddRange(ExpandAll(alternative, max));
            }

            var product = new List<string>(results.Count * alternatives.Count);
            foreach (var head in results)
            {
                foreach (var tail in alternatives)
                {
                    product.Add(head + tail);
                }
            }

            results = product.Distinct(StringComparer.Ordinal).ToList();
            if (results.Count > max)
            {
                throw new GlobTooComplexException(max);
            }
        }

        return results;
    }

    /// <summary>
    /// Expands only the groups that contain a dot, so each result can be split into components whose remaining
    /// groups stay inside one component (and are matched per component instead of multiplying whole-path walks).
    /// </summary>
    public static List<List<Part>> ExpandDotGroups(List<Part> sequence, int max)
    {
        var results = new List<List<Part>> { new() };
        foreach (var part in sequence)
        {
            if (part.Text is not null || !part.ContainsDot)
            {
                foreach (var result in results)
                {
                    result.Add(part);
                }

                continue;
            }

            var product = new List<List<Part>>();
            foreach (var alternative in part.Alternatives!)
            {
                foreach (var expanded in ExpandDotGroups(alternative, max))
                {
                    foreach (var head in results)
                    {
                        product.Add([.. head, .. expanded]);
                    }
                }
            }

            results = product;
            if (results.Count > max)
            {
                throw new GlobTooComplexException(max);
            }
        }

        return results;
    }

    /// <summary>Splits a sequence without dot-containing groups into per-component sequences.</summary>
    public static List<List<Part>> SplitComponents(List<Part> sequence)
    {
        var components = new List<List<Part>> { new() };
        foreach (var part in sequence)
        {
            if (part.Text is not { } text)
            {
                components[^1].Add(part);
                continue;
            }

            var pieces = text.Split('.');
            for (var i = 0; i < pieces.Length; i++)
            {
                if (i > 0)
                {
                    components.Add([]);
                }

                if (pieces[i].Length > 0)
                {
                    components[^1].Add(Part.OfText(pieces[i]));
                }
            }
        }

        return components;
    }

    private static Dictionary<int, int> MatchBraces(string pattern)
    {
        var closeOf = new Dictionary<int, int>();
        var open = new Stack<int>();
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '{')
            {
                open.Push(i);
            }
            else if (pattern[i] == '}' && open.Count > 0)
            {
                closeOf[open.Pop()] = i;
            }
        }

        return closeOf;
    }

    private static List<Part> ParseSequence(string pattern, int start, int end, Dictionary<int, int> closeOf)
    {
        var parts = new List<Part>();
        var text = new StringBuilder();
        var i = start;
        while (i < end)
        {
            if (pattern[i] == '{' && closeOf.TryGetValue(i, out var close))
            {
                if (text.Length > 0)
                {
                    parts.Add(Part.OfText(text.ToString()));
                    text.Clear();
                }

                parts.Add(Part.OfGroup(ParseAlternatives(pattern, i + 1, close, closeOf)));
                i = close + 1;
            }
            else
            {
                text.Append(pattern[i++]);
            }
        }

        if (text.Length > 0)
        {
            parts.Add(Part.OfText(text.ToString()));
        }

        return parts;
    }

    private static List<List<Part>> ParseAlternatives(string pattern, int start, int end, Dictionary<int, int> closeOf)
    {
        // Commas split the group only at its own level; commas inside nested groups belong to those groups.
        var alternatives = new List<List<Part>>();
        var alternativeStart = start;
        var i = start;
        while (i < end)
        {
            if (pattern[i] == '{' && closeOf.TryGetValue(i, out var close))
            {
                i = close + 1;
            }
            else if (pattern[i] == ',')
            {
                alternatives.Add(ParseSequence(pattern, alternativeStart, i, closeOf));
                alternativeStart = ++i;
            }
            else
            {
                i++;
            }
        }

        alternatives.Add(ParseSequence(pattern, alternativeStart, end, closeOf));
        return alternatives;
    }

    /// <summary>Either literal text (may hold dots, unmatched braces, top-level commas) or a group of alternatives.</summary>
    internal sealed class Part
    {
        private Part(string? text, List<List<Part>>? alternatives)
        {
            Text = text;
            Alternatives = alternatives;
            ContainsDot = text is not null
                ? text.Contains('.')
                : alternatives!.Exists(static a => a.Exists(static p => p.ContainsDot));
        }

        public string? Text { get; }

        public List<List<Part>>? Alternatives { get; }

        public bool ContainsDot { get; }

        public static Part OfText(string text) => new(text, null);

        public static Part OfGroup(List<List<Part>> alternatives) => new(null, alternatives);
    }
}

using Mine.Core.Errors;
using Mine.Core.Ports;
using Mine.Core.Text;

namespace Mine.Storage.Index;

/// <summary>
/// graphite-web's tag listing and auto-completion (LocalDatabaseTagDB's <c>list_tags</c>, <c>list_values</c>,
/// BaseTagDB's <c>auto_complete_tags</c>/<c>auto_complete_values</c> and the sort-and-slice Store applies after
/// them) over a <see cref="TagIndex"/>. Orders are by code point, as SQLite's <c>ORDER BY</c> and Python's
/// <c>sorted()</c> order.
/// </summary>
/// <remarks>
/// Limits follow graphite-web's quirks exactly. For the listings a limit is SQL's <c>LIMIT</c>: null or negative
/// means all, 0 means none. For auto-completion an absent limit means 100; a given one bounds the tag database's
/// answer (0 or negative: nothing when expressions are given, everything otherwise) and is then applied again
/// as a Python slice <c>[:limit]</c>, so a negative limit drops that many entries from the end.
/// </remarks>
public static class TagQueries
{
    /// <summary>graphite-web's TAGDB_AUTOCOMPLETE_LIMIT.</summary>
    public const int DefaultAutoCompleteLimit = 100;

    /// <summary><see cref="ListTags"/> as the tag database's entries, with each tag's id.</summary>
    /// <exception cref="MineUserException">An invalid filter regex.</exception>
    public static IReadOnlyList<TagEntry> ListTagEntries(TagIndex index, string? filter, long? limit) =>
        [.. ListTags(index, filter, limit).Select(tag => new TagEntry(tag, index.TagId(tag)))];

    /// <summary>The tag with its id, or null when no series carries it.</summary>
    public static TagEntry? TagEntryOf(TagIndex index, string tag)
    {
        ArgumentNullException.ThrowIfNull(index);
        return index.Values(tag).Count == 0 ? null : new TagEntry(tag, index.TagId(tag));
    }

    /// <summary><see cref="TagValues"/> as the tag database's entries, with each value's id; empty for an unknown tag.</summary>
    /// <exception cref="MineUserException">An invalid filter regex.</exception>
    public static IReadOnlyList<TagValueEntry> TagValueEntries(TagIndex index, string tag, string? filter, long? limit) =>
        TagValues(index, tag, filter, limit) is { } values ? [.. values.Select(v => new TagValueEntry(v.Value, v.Count, index.ValueId(v.Value)))] : [];

    /// <summary><c>list_tags</c>: tag names matching the (anchored) regex <paramref name="filter"/>.</summary>
    /// <exception cref="MineUserException">An invalid filter regex.</exception>
    public static IReadOnlyList<string> ListTags(TagIndex index, string? filter, long? limit)
    {
        ArgumentNullException.ThrowIfNull(index);
        var pattern = string.IsNullOrEmpty(filter) ? null : AnchoredPattern.Compile(filter, "the tag filter");
        var tags = index.TagNames()
            .Where(tag => pattern is null || pattern.SearchMatches(tag))
            .Order(CodePointComparer.Instance);
        return [.. SqlLimit(tags, limit)];
    }

    /// <summary>
    /// <c>get_tag</c>: the values of <paramref name="tag"/> matching the (anchored) regex <paramref name="filter"/>,
    /// with how many series carry each; null when no series carries the tag.
    /// </summary>
    /// <exception cref="MineUserException">An invalid filter regex.</exception>
    public static IReadOnlyList<(string Value, int Count)>? TagValues(TagIndex index, string tag, string? filter, long? limit)
    {
        ArgumentNullException.ThrowIfNull(index);
        var all = index.Values(tag);
        if (all.Count == 0)
        {
            return null;
        }

        var pattern = string.IsNullOrEmpty(filter) ? null : AnchoredPattern.Compile(filter, "the value filter");
        var values = all
            .Where(v => pattern is null || pattern.SearchMatches(v.Value))
            .OrderBy(static v => v.Value, CodePointComparer.Instance);
        return [.. SqlLimit(values, limit)];
    }

    /// <summary>
    /// Tags of the series matching <paramref name="expressions"/>, other than the tags those expressions name,
    /// starting with <paramref name="tagPrefix"/>; with no expressions, every tag with that prefix.
    /// </summary>
    /// <exception cref="MineUserException">A malformed expression (see <see cref="TagExpressionQuery.Parse"/>).</exception>
    public static IReadOnlyList<string> AutoCompleteTags(TagIndex index, IReadOnlyList<string> expressions, string? tagPrefix, long? limit)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(expressions);
        var bound = limit ?? DefaultAutoCompleteLimit;
        IEnumerable<string> found;
        if (expressions.Count == 0)
        {
            var tags = index.TagNames().Where(t => string.IsNullOrEmpty(tagPrefix) || t.StartsWith(tagPrefix, StringComparison.Ordinal));
            found = SqlLimit(tags.Order(CodePointComparer.Instance), bound == 0 ? null : bound);
        }
        else
        {
            // BaseTagDB parses the expressions for their tag names before it runs the query.
            var searched = expressions.Select(TagExpression.TagOf).ToHashSet(StringComparer.Ordinal);
            var candidates = new SortedSet<string>(CodePointComparer.Instance);
            foreach (var (name, _) in TagExpressionQuery.Parse(expressions).Find(index))
            {
                foreach (var tag in TagNamesOf(name))
                {
                    if (!searched.Contains(tag) && (string.IsNullOrEmpty(tagPrefix) || tag.StartsWith(tagPrefix, StringComparison.Ordinal)))
                    {
                        candidates.Add(tag);
                    }
                }
            }

            found = candidates.Take((int)Math.Clamp(bound, 0, int.MaxValue));
        }

        return StoreSlice(found, limit);
    }

    /// <summary>
    /// Values of <paramref name="tag"/> among the series matching <paramref name="expressions"/> (plus
    /// <c>tag!=</c>, as graphite-web adds), starting with <paramref name="valuePrefix"/>; with no expressions,
    /// every value of the tag with that prefix.
    /// </summary>
    /// <exception cref="MineUserException">A malformed expression (see <see cref="TagExpressionQuery.Parse"/>).</exception>
    public static IReadOnlyList<string> AutoCompleteValues(TagIndex index, IReadOnlyList<string> expressions, string tag, string? valuePrefix, long? limit)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(expressions);
        ArgumentNullException.ThrowIfNull(tag);
        var bound = limit ?? DefaultAutoCompleteLimit;
        IEnumerable<string> found;
        if (expressions.Count == 0)
        {
            var values = index.Values(tag)
                .Select(static v => v.Value)
                .Where(v => string.IsNullOrEmpty(valuePrefix) || v.StartsWith(valuePrefix, StringComparison.Ordinal));
            found = SqlLimit(values.Order(CodePointComparer.Instance), bound == 0 ? null : bound);
        }
        else
        {
            var candidates = new SortedSet<string>(CodePointComparer.Instance);
            foreach (var (name, _) in TagExpressionQuery.Parse([.. expressions, tag + "!="]).Find(index))
            {
                if (ValueOf(name, tag) is { } value && (string.IsNullOrEmpty(valuePrefix) || value.StartsWith(valuePrefix, StringComparison.Ordinal)))
                {
                    candidates.Add(value);
                }
            }

            found = candidates.Take((int)Math.Clamp(bound, 0, int.MaxValue));
        }

        return StoreSlice(found, limit);
    }

    /// <summary>SQL's <c>LIMIT n</c>: a negative n (or none) keeps everything.</summary>
    private static IEnumerable<T> SqlLimit<T>(IEnumerable<T> items, long? limit)
        => limit is { } n and >= 0 ? items.Take((int)Math.Min(n, int.MaxValue)) : items;

    /// <summary>Store's <c>sorted(set(results))</c> then, when a limit was given, <c>[:int(limit)]</c>.</summary>
    private static List<string> StoreSlice(IEnumerable<string> found, long? limit)
    {
        var sorted = found.Distinct(StringComparer.Ordinal).Order(CodePointComparer.Instance).ToList();
        if (limit is not { } n)
        {
            return sorted;
        }

        var end = n >= 0 ? Math.Min(n, sorted.Count) : Math.Max(sorted.Count + n, 0);
        return sorted[..(int)end];
    }

    private static IEnumerable<string> TagNamesOf(string name)
    {
        if (TagIndex.TryParse(name, out _, out var tags))
        {
            foreach (var (tag, _) in tags)
            {
                yield return tag;
            }
        }

        yield return TagIndex.NameTag;
    }

    private static string? ValueOf(string name, string tag)
    {
        if (!TagIndex.TryParse(name, out var path, out var tags))
        {
            return null;
        }

        if (tag == TagIndex.NameTag)
        {
            return path;
        }

        string? value = null;
        foreach (var (t, v) in tags)
        {
            if (t == tag)
            {
                value = v; // the last one wins, as in a Python dict
            }
        }

        return value;
    }
}
